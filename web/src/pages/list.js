// Scenarios and runs: each stored scenario with its last run and headline
// result, a run button with options and a live progress bar; the runs,
// two of which can be compared; a form to add a scenario.
import { api, follow, optional } from "../api.js";
import { el } from "../charts.js";
import { mostLikely, pct } from "../shape.js";
import { navigate } from "../main.js";

const short = (id) => id.replace(/^sha256:/, "").slice(0, 10);
const when = (t) => (t ? new Date(t).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "");

export async function listPage(main, stale) {
  const [scs, runs] = await Promise.all([api("/v1/scenarios?limit=100"), api("/v1/runs?limit=100")]);
  if (stale()) return;
  main.replaceChildren(el("h1", { text: "Scenarios and runs" }));
  main.append(uploadForm());
  const list = el("section", { "aria-labelledby": "h-scen", class: "scenarios" }, el("h2", { id: "h-scen", text: "Scenarios" }));
  main.append(list);
  if (!scs.scenarios.length) list.append(el("p", { text: "No scenario stored yet: add one above (for example scenarios/us-mexico-2025.yaml)." }));
  let table = runsTable(runs.runs, scs.scenarios);
  // After a run from this page, the runs table is read again.
  const refresh = async () => {
    const now = await api("/v1/runs?limit=100");
    const t = runsTable(now.runs, scs.scenarios);
    table.replaceWith(t);
    table = t;
  };
  await Promise.all(scs.scenarios.map(async (sc) => {
    const card = el("article", { class: "scenario", "data-scenario": sc.id, "aria-labelledby": `t-${short(sc.id)}` });
    list.append(card);
    await scenarioCard(card, sc, runs.runs.filter((r) => r.scenario_id === sc.id), refresh);
  }));
  main.append(table);
}

/** Fills p with the headline of a succeeded run: its most likely result and scenario. */
async function headline(p, run) {
  const res = await optional(`/v1/runs/${run.id}/result`);
  const r = mostLikely(res?.results), s = mostLikely(res?.scenarios);
  if (!r) return;
  p.replaceChildren("Most likely result: ", el("strong", { text: `${r.label} (${pct(r.probability)})` }),
    s ? `; scenario: ${s.label} (${pct(s.probability)})` : "", " — ", el("a", { href: `/runs/${run.id}`, "data-link": true, text: "open the run" }));
}

function uploadForm() {
  const input = el("input", { type: "file", id: "upload-file", accept: ".yaml,.yml,.json", "aria-describedby": "upload-help" });
  const status = el("p", { class: "status", role: "status", id: "upload-status" });
  const form = el("form", { class: "upload", "aria-labelledby": "h-upload" },
    el("h2", { id: "h-upload", text: "Add a scenario" }),
    el("label", { for: "upload-file", text: "Scenario file (YAML or JSON)" }), input,
    el("button", { type: "submit", text: "Store scenario" }),
    el("p", { id: "upload-help", class: "help", text: "It is checked first; errors are listed with their line and column." }), status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = input.files?.[0];
    if (!file) { status.textContent = "Choose a file first."; return; }
    const text = await file.text();
    const type = /\.json$/i.test(file.name) ? "application/json" : "application/yaml";
    try {
      const v = await api(`/v1/scenarios?filename=${encodeURIComponent(file.name)}`, { method: "POST", body: text, type });
      status.textContent = `${v.created ? "Stored" : "Already stored"}: ${v.name} (${short(v.id)}).`;
      navigate("/");
    } catch (err) {
      const errs = err.problem?.errors?.map((x) => x.text).join("\n");
      status.textContent = `Refused: ${err.message}${errs ? "\n" + errs : ""}`;
    }
  });
  return form;
}

async function scenarioCard(card, sc, runs, refresh) {
  const doc = await api(`/v1/scenarios/${encodeURIComponent(sc.id)}?format=json`);
  const last = runs.find((r) => r.status === "succeeded");
  const head = el("p", { class: "headline", text: "Not run yet." });
  const lastLine = el("p", { class: "meta", text: last ? `Last run: ${last.id}, ${when(last.finished_at)}` : "" });
  if (last) await headline(head, last);
  const k = short(sc.id);
  const field = (label, input) => el("div", { class: "field" }, el("label", { for: input.id, text: label }), input);
  const mapping = el("select", { id: `map-${k}`, name: "mapping" }, ...(doc.mappings ?? []).map((m) => el("option", { value: m.id, text: m.label ? `${m.id}: ${m.label}` : m.id })));
  const draws = el("input", { id: `draws-${k}`, name: "draws", type: "number", min: 0, max: 100000, value: 1000 });
  const seed = el("input", { id: `seed-${k}`, name: "seed", type: "number", min: 1, value: 1 });
  const sobol = el("input", { id: `sobol-${k}`, name: "sobol", type: "checkbox" });
  const sobolN = el("input", { id: `sobn-${k}`, name: "sobol_n", type: "number", min: 16, max: 65536, value: 256 });
  const prim = el("input", { id: `prim-${k}`, name: "prim", type: "checkbox" });
  const bar = el("progress", { id: `prog-${k}`, max: 1, value: 0, "aria-label": `Progress of the run of ${sc.name}` });
  const status = el("span", { class: "status", role: "status", "aria-live": "polite" });
  const button = el("button", { type: "submit", text: "Run" });
  const form = el("form", { class: "run-form", "aria-label": `Run ${sc.name}` },
    field("Mapping", mapping), field("Draws", draws), field("Seed", seed),
    el("div", { class: "field check" }, sobol, el("label", { for: sobol.id, text: "Sobol indices" })), field("Sobol base sample", sobolN),
    el("div", { class: "field check" }, prim, el("label", { for: prim.id, text: "PRIM scenario discovery" })),
    button, el("div", { class: "progress" }, bar, status));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const sensitivity = [sobol.checked && "sobol", prim.checked && "prim"].filter(Boolean);
    const options = { mapping: mapping.value, draws: +draws.value, seed: +seed.value, sensitivity };
    if (sobol.checked) options.sobol_n = +sobolN.value;
    button.disabled = true;
    try {
      const run = await api("/v1/runs", { method: "POST", body: { scenario: sc.id, options } });
      status.textContent = run.cached ? "cached" : "queued";
      const end = await follow(run, (v) => {
        bar.value = v.progress.fraction;
        status.textContent = `${v.status}${v.progress.stage ? ": " + v.progress.stage : ""} ${Math.round(100 * v.progress.fraction)}%`;
      });
      status.replaceChildren(`${end.status}${end.error ? ": " + end.error : ""} `);
      if (end.status === "succeeded") {
        lastLine.textContent = `Last run: ${end.id}, ${when(end.finished_at)}`;
        await Promise.all([headline(head, end), refresh()]);
        status.append(el("a", { href: `/runs/${end.id}`, "data-link": true, class: "open-run", text: "Open the run" }));
      }
      card.dataset.lastRun = end.id;
    } catch (err) {
      status.textContent = `Refused: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
  card.append(el("h3", { id: `t-${k}`, text: sc.title || sc.name }),
    el("p", { class: "meta" }, `${sc.name} · version ${k} · stored ${when(sc.created_at)}${sc.labels?.length ? " · " + sc.labels.join(", ") : ""} · `,
      el("a", { href: `/scenarios/${encodeURIComponent(sc.id)}/timeline`, "data-link": true, class: "open-timeline", text: "Timeline and observations" })),
    lastLine, head, form);
}

function runsTable(runs, scenarios) {
  const name = Object.fromEntries(scenarios.map((s) => [s.id, s.name]));
  const sec = el("section", { "aria-labelledby": "h-runs", class: "runs" }, el("h2", { id: "h-runs", text: "Runs" }));
  if (!runs.length) { sec.append(el("p", { text: "No runs yet." })); return sec; }
  const compare = el("button", { type: "button", id: "compare-selected", text: "Compare the two selected runs", disabled: true });
  const rows = runs.map((r) => {
    const box = el("input", { type: "checkbox", class: "pick", value: r.id, id: `pick-${r.id}`, disabled: r.status !== "succeeded" });
    const o = r.options ?? {};
    return el("tr", {},
      el("td", {}, box, el("label", { for: box.id, class: "sr-only", text: `Select ${r.id} for comparison` })),
      el("td", {}, r.status === "succeeded" ? el("a", { href: `/runs/${r.id}`, "data-link": true, text: r.id }) : r.id),
      el("td", { text: name[r.scenario_id] ?? short(r.scenario_id) }), el("td", { text: r.status }),
      el("td", { text: `mapping ${o.mapping}, ${o.draws} draws, seed ${o.seed}${o.sensitivity?.length ? ", " + o.sensitivity.join("+") : ""}${Object.keys(o.overrides ?? {}).length ? ", overrides" : ""}` }),
      el("td", { text: when(r.created_at) }));
  });
  const table = el("table", { class: "runs-table" },
    el("caption", { text: "Runs, newest first. Select two succeeded runs to compare them." }),
    el("thead", {}, el("tr", {}, ...["Compare", "Run", "Scenario", "Status", "Options", "Submitted"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, rows));
  table.addEventListener("change", () => {
    const picked = [...table.querySelectorAll(".pick:checked")];
    compare.disabled = picked.length !== 2;
  });
  compare.addEventListener("click", () => {
    const [b, a] = [...table.querySelectorAll(".pick:checked")].map((x) => x.value); // newest first: the older is A
    navigate(`/compare/${a}/${b}`);
  });
  sec.append(el("div", { class: "table-wrap" }, table), compare);
  return sec;
}
