// The dashboard's entry: a small router over the History API. Each page
// renders into <main> and sets window.__ready when it has drawn
// everything (the browser tests wait for it).
import "./style.css";
import { listPage } from "./pages/list.js";
import { runPage } from "./pages/run.js";
import { whatIfPage } from "./pages/whatif.js";
import { comparePage } from "./pages/compare.js";
import { timelinePage } from "./pages/timeline.js";
import { questionsPage } from "./pages/questions.js";
import { el } from "./charts.js";

const routes = [
  [/^\/$/, listPage, "list"],
  [/^\/runs\/([^/]+)$/, runPage, "run"],
  [/^\/runs\/([^/]+)\/whatif$/, whatIfPage, "whatif"],
  [/^\/compare\/([^/]+)\/([^/]+)$/, comparePage, "compare"],
  [/^\/scenarios\/([^/]+)\/timeline$/, timelinePage, "timeline"],
  [/^\/questions$/, questionsPage, "questions"],
];

let generation = 0;

/** Renders the page of the current location. */
export async function render() {
  const main = document.getElementById("main");
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const gen = ++generation;
  window.__ready = false;
  main.replaceChildren(el("p", { class: "loading", text: "Loading…" }));
  for (const [re, page, name] of routes) {
    const m = path.match(re);
    if (!m) continue;
    document.body.dataset.page = name;
    try {
      await page(main, () => gen !== generation, ...m.slice(1).map(decodeURIComponent));
    } catch (e) {
      if (gen !== generation) return;
      console.error(e);
      main.replaceChildren(el("h1", { text: "Something went wrong" }), el("p", { class: "error", role: "alert", text: e.message }));
    }
    if (gen === generation) window.__ready = true;
    return;
  }
  document.body.dataset.page = "missing";
  main.replaceChildren(el("h1", { text: "No such page" }), el("p", {}, el("a", { href: "/", "data-link": true, text: "Back to the scenarios" })));
  window.__ready = true;
}

/** Goes to an app path without reloading. */
export function navigate(path) {
  history.pushState(null, "", path);
  render().then(() => document.getElementById("main").focus({ preventScroll: true }));
  window.scrollTo(0, 0);
}

document.addEventListener("click", (e) => {
  const a = e.target.closest("a[data-link]");
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute("href"));
});
window.addEventListener("popstate", render);
render();
