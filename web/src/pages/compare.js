// Compare: two runs side by side, the difference of each probability and
// the inputs that differ.
import { api } from "../api.js";
import { el, probabilityChart, differenceChart } from "../charts.js";
import { comparisonRows, probabilityRows, pct } from "../shape.js";

export async function comparePage(main, stale, a, b) {
  const [c, ra, rb] = await Promise.all([api(`/v1/runs/${a}/compare/${b}`), api(`/v1/runs/${a}/result`), api(`/v1/runs/${b}/result`)]);
  if (stale()) return;
  const rows = comparisonRows(c);
  main.replaceChildren(el("h1", { text: "Compare two runs" }),
    el("p", { class: "meta" }, "A: ", el("a", { href: `/runs/${a}`, "data-link": true, text: a }), ` (mapping ${ra.mapping}) · B: `,
      el("a", { href: `/runs/${b}`, "data-link": true, text: b }), ` (mapping ${rb.mapping})`, c.same_scenario ? " · same scenario" : " · different scenarios"));
  const inputs = el("section", { "aria-labelledby": "h-inputs" }, el("h2", { id: "h-inputs", text: "Inputs that differ" }));
  inputs.append(c.inputs?.length ? el("div", { class: "table-wrap" }, el("table", { class: "inputs" }, el("caption", { text: "Scenario and option paths whose values differ between A and B." }),
    el("thead", {}, el("tr", {}, ...["Input", "A", "B"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...c.inputs.map((d) => el("tr", {}, el("th", { scope: "row", text: d.path }), el("td", { text: show(d.a) }), el("td", { text: show(d.b) }))))))
    : el("p", { text: "No input differs." }));
  const diff = el("section", { "aria-labelledby": "h-diff" }, el("h2", { id: "h-diff", text: "What changed" }));
  differenceChart(diff, { rows });
  diff.append(el("div", { class: "table-wrap" }, el("table", { class: "differences" }, el("caption", { text: "Each probability in A and B." }),
    el("thead", {}, el("tr", {}, ...["", "A", "B", "B − A"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((d) => el("tr", {}, el("th", { scope: "row", text: `${d.name} ${d.label}` }), el("td", { text: pct(d.a) }), el("td", { text: pct(d.b) }),
      el("td", { text: `${d.change >= 0 ? "+" : ""}${(100 * d.change).toFixed(1)} pp` })))))));
  const side = el("section", { "aria-labelledby": "h-side", class: "side" }, el("h2", { id: "h-side", text: "Side by side" }));
  const colA = el("div", { class: "col" }, el("h3", { text: "A" })), colB = el("div", { class: "col" }, el("h3", { text: "B" }));
  side.append(el("div", { class: "columns" }, colA, colB));
  main.append(inputs, diff, side);
  for (const [col, r, tag] of [[colA, ra, "a"], [colB, rb, "b"]]) {
    const d = r.uncertainty?.draws ?? 0;
    probabilityChart(col, { id: `results-${tag}`, title: `Results in ${tag.toUpperCase()}`, rows: probabilityRows(r.results, d), what: "results", draws: d });
  }
}

const show = (v) => (v === null || v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v));
