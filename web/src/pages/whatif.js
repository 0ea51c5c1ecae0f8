// What-if: a slider for every parameter within its declared range; moving
// one re-runs the analysis at the slider values with a few draws, the
// moved parameters pinned in each (debounced; the same
// request is answered from the client's cache, and the server's run cache
// by hash) and redraws the probabilities. "Save as scenario version"
// stores the scenario with the slider values as its defaults.
import { api, runToEnd } from "../api.js";
import { el, probabilityChart } from "../charts.js";
import { sliders, withDefaults, requestKey, probabilityRows, pct, whatIfOptions, spreadText, WHATIF_DRAWS } from "../shape.js";

const cache = new Map(); // requestKey → result document

export async function whatIfPage(main, stale, id) {
  const run = await api(`/v1/runs/${id}?result=false`);
  const sc = await api(`/v1/scenarios/${encodeURIComponent(run.scenario_id)}?format=json`);
  if (stale()) return;
  const opts = run.options;
  const params = sliders(sc.parameters, opts.overrides ?? {});
  const defaults = Object.fromEntries((sc.parameters ?? []).map((p) => [p.id, p.default]));
  const values = Object.fromEntries(params.map((p) => [p.id, p.value]));
  const status = el("p", { role: "status", "aria-live": "polite", class: "status", id: "whatif-status" });
  const charts = el("div", { class: "whatif-charts" });
  const changes = el("div", { class: "table-wrap" });
  const form = el("form", { class: "sliders", "aria-labelledby": "h-params" }, el("h2", { id: "h-params", text: "Parameters" }));
  for (const p of params) {
    const out = el("output", { id: `v-${p.id}`, for: `s-${p.id}`, text: fmt(p.value) });
    const input = el("input", { type: "range", id: `s-${p.id}`, name: p.id, min: p.min, max: p.max, step: p.step, value: p.value,
      "aria-describedby": `u-${p.id}` });
    input.addEventListener("input", () => { values[p.id] = +input.value; out.textContent = fmt(+input.value); schedule(); });
    form.append(el("div", { class: "slider" },
      el("label", { for: input.id }, el("code", { text: p.id }), " ", p.label),
      el("div", { class: "slider-row" }, el("span", { class: "min", text: fmt(p.min) }), input, el("span", { class: "max", text: fmt(p.max) }), out),
      el("span", { id: `u-${p.id}`, class: "unit", text: `${p.unit}${p.unit ? "; " : ""}default ${fmt(defaults[p.id])}` })));
  }
  const save = el("button", { type: "button", id: "save-version", text: "Save as scenario version" });
  const saved = el("p", { role: "status", class: "status", id: "save-status" });
  save.addEventListener("click", async () => {
    try {
      const v = await api("/v1/scenarios?label=what-if", { method: "POST", body: withDefaults(sc, values) });
      saved.replaceChildren(`${v.created ? "Stored" : "Already stored"} as version ${v.id.slice(7, 17)} of ${v.name}. `,
        el("a", { href: "/", "data-link": true, text: "See it in the list" }));
    } catch (e) { saved.textContent = `Refused: ${e.message}`; }
  });
  main.replaceChildren(
    el("h1", { text: `What if… ${sc.title}` }),
    el("p", { class: "meta" }, `From run `, el("a", { href: `/runs/${id}`, "data-link": true, text: id }), ` (mapping ${opts.mapping}).`),
    el("p", { class: "note", text: `Each change re-runs the analysis with ${WHATIF_DRAWS} Monte Carlo draws: a parameter moved off its default is pinned at the slider value in every draw, while the others, and the literal scores and weights, vary over their declared uncertainty. Bars are means over the draws, whiskers their 5th–95th percentiles; with so few draws a mean carries a Monte Carlo error of a few points.` }),
    el("div", { class: "whatif" }, form, el("section", { "aria-labelledby": "h-out", class: "whatif-out" }, el("h2", { id: "h-out", text: "Probabilities at the slider values" }), status, charts, changes)),
    el("p", {}, save), saved);

  let timer, baseline, seq = 0;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => update().catch((e) => { status.textContent = `Refused: ${e.message}`; }), 350);
    status.textContent = "Waiting for the sliders to settle…";
  };
  async function update() {
    const my = ++seq;
    const overrides = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== defaults[k]));
    const options = whatIfOptions(opts, overrides);
    const key = requestKey(run.scenario_id, options);
    status.textContent = "Computing…";
    let res = cache.get(key);
    if (!res) {
      const end = await runToEnd(run.scenario_id, options, (v) => { if (my === seq) status.textContent = `Computing: ${v.status} ${Math.round(100 * v.progress.fraction)}%`; });
      res = await api(`/v1/runs/${end.id}/result`);
      res.__run = end.id;
      cache.set(key, res);
    }
    if (my !== seq) return;
    baseline ??= res;
    draw(res);
    status.textContent = `Done: run ${res.__run}${Object.keys(overrides).length ? `, ${Object.keys(overrides).length} parameter(s) changed` : ", at the run's values"}.`;
    main.dataset.updates = String(+(main.dataset.updates ?? 0) + 1);
  }
  function draw(res) {
    charts.replaceChildren();
    const draws = res.uncertainty?.draws ?? 0;
    probabilityChart(charts, { id: "whatif-results", title: `Probability of each result (mean over ${draws} draws)`, rows: probabilityRows(res.results, draws), what: "results", draws });
    probabilityChart(charts, { id: "whatif-scenarios", title: `Probability of each scenario (mean over ${draws} draws)`, rows: probabilityRows(res.scenarios, draws), what: "scenarios", draws });
    const rows = [...res.results, ...res.scenarios].map((d) => {
      const b = [...baseline.results, ...baseline.scenarios].find((x) => x.name === d.name);
      const ch = d.probability - b.probability;
      return el("tr", { "data-name": d.name }, el("th", { scope: "row", text: `${d.name} ${d.label}` }), el("td", { text: spreadText(b) }),
        el("td", { class: "now", text: pct(d.probability) }), el("td", { class: "spread", text: spreadText(d) }), el("td", { text: `${ch >= 0 ? "+" : ""}${(100 * ch).toFixed(1)} pp` }));
    });
    changes.replaceChildren(el("table", { class: "changes" }, el("caption", { text: "Each probability (mean over the draws, with its 5th–95th percentile) at the page's starting values and now." }),
      el("thead", {}, el("tr", {}, ...["", "At start", "Now (mean)", "Now (5th–95th)", "Change of the mean"].map((h) => el("th", { scope: "col", text: h })))), el("tbody", {}, rows)));
  }
  await update();
}

const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : +x.toFixed(3)).toString();
