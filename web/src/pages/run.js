// The run page, top to bottom as an analyst reads: the summary, the
// probabilities, what moves them, the game, the costs, the negotiation,
// the stakeholders, the assumptions.
import { api, optional, runToEnd } from "../api.js";
import { navigate } from "../main.js";
import {
  el, probabilityChart, shiftChart, watchChart, tornadoChart, sobolChart, distributionChart, beliefChart, costChart, negotiationChart, forecastChart,
} from "../charts.js";
import { treeChart } from "../tree.js";
import {
  probabilityRows, tornadoRows, sobolRows, distributionRows, costCells, beliefRows, forecastSeries, treeInput, bargainingPoints, pct, mostLikely,
  shiftRows, stepRows, watchRows, observationText, hiddenRows, marginRows,
} from "../shape.js";

const section = (main, id, title, ...intro) => {
  const s = el("section", { id, "aria-labelledby": `h-${id}` }, el("h2", { id: `h-${id}`, text: title }), ...intro);
  main.append(s);
  return s;
};

export async function runPage(main, stale, id) {
  const run = await api(`/v1/runs/${id}?result=false`);
  if (run.status !== "succeeded") {
    main.replaceChildren(el("h1", { text: `Run ${id}` }), el("p", { role: "status", text: `This run is ${run.status}${run.error ? ": " + run.error : ""}.` }));
    return;
  }
  const [res, summary, tree] = await Promise.all([api(`/v1/runs/${id}/result`), optional(`/v1/runs/${id}/summary`), optional(`/v1/runs/${id}/tree`)]);
  if (stale()) return;
  const o = res.run.options, draws = res.uncertainty?.draws ?? 0;
  main.replaceChildren(
    el("h1", { text: res.title }),
    el("p", { class: "meta" }, `Run ${id} · mapping ${res.mapping} · ${draws} draws · seed ${o.seed} · ${res.solution?.concept ?? ""} (λ = ${res.solution?.lambda}) · `,
      el("a", { href: `/runs/${id}/whatif`, "data-link": true, text: "What if…" }), " · ",
      el("a", { href: `/v1/runs/${id}/report.html`, text: "HTML report" }), " · ",
      el("a", { href: `/scenarios/${encodeURIComponent(run.scenario_id)}/timeline`, "data-link": true, text: "Timeline" }), " · ",
      el("a", { href: `/v1/runs/${id}/result`, text: "result JSON" })),
    el("nav", { class: "toc", "aria-label": "On this page" }, ...[["summary", "Summary"], ["probabilities", "Probabilities"],
      ...(res.evidence ? [["evidence", "Evidence"]] : []), ...(res.value_of_information?.length ? [["watch", "Signposts"]] : []), ["sensitivity", "Sensitivity"],
      ["game", "Game"], ["costs", "Costs"], ["negotiation", "Negotiation"], ["stakeholders", "Stakeholders"], ["assumptions", "Assumptions"]]
      .map(([h, t]) => el("a", { href: `#${h}`, text: t }))));

  main.append(await mappingForm(run, o));

  const sum = section(main, "summary", "Summary");
  if (summary?.sections?.length) {
    sum.append(el("div", { class: "summary", "data-summary": "server" }, ...summary.sections.flatMap((sec) => [
      el("h3", { text: sec.title }), ...sec.sentences.map((s) => el("p", { text: s }))])));
  } else if (summary?.sentences?.length) {
    sum.append(el("div", { class: "summary", "data-summary": "server" }, ...summary.sentences.map((s) => el("p", { text: s }))));
  } else {
    const r = mostLikely(res.results), s = mostLikely(res.scenarios);
    sum.append(el("p", { class: "summary", "data-summary": "none" },
      "This server does not provide the written summary (GET /v1/runs/{id}/summary). The most likely result is ",
      el("strong", { text: `${r?.label} (${pct(r?.probability)})` }), ", the most likely scenario ", el("strong", { text: `${s?.label} (${pct(s?.probability)})` }), "."));
  }

  const probs = section(main, "probabilities", "Result and scenario probabilities");
  probabilityChart(probs, { id: "results", title: "Probability of each result", rows: probabilityRows(res.results, draws), what: "results", draws });
  probabilityChart(probs, { id: "scenarios", title: "Probability of each scenario", rows: probabilityRows(res.scenarios, draws), what: "scenarios", draws });
  const hidden = hiddenRows(res);
  if (hidden.length) {
    probs.append(table(`Hidden outcomes (${res.hidden.outcomes.join(", ")}): worlds an observer cannot see, counted by the mapping as the result they look like.`,
      ["Result", "Hidden probability", "Share of the result", "Spread (5th–95th)", "Outcomes"],
      hidden.map((h) => [`${h.name} ${h.label}`, pct(h.probability), pct(h.share), h.spread ? `${pct(h.spread[0])}–${pct(h.spread[1])}` : "–", h.outcomes.join(", ")]), "hidden"));
  }
  const margins = marginRows(res);
  if (margins.length) {
    probs.append(table("Decision margins of the refined equilibrium: on its path, and near ties off it, with the parameter values that flip them.",
      ["Who", "Decision", "On path", "Plays", "Next best", "Margin", "Flips"],
      margins.map((m) => [m.who, m.decision, m.onPath ? "yes" : "", m.plays, m.next, m.margin.toFixed(3) + (m.nearTie ? " (near tie)" : ""), m.flips.join("; ") || "–"]), "margins"));
  }
  if (draws > 0) {
    distributionChart(probs, { id: "dist-results", title: "Distribution of each result's probability over the draws", rows: distributionRows(res.uncertainty.outputs, "result:"), what: "result", draws });
  } else probs.append(el("p", { class: "note", text: "No draws in this run: no distributions over the draws." }));

  if (res.evidence) evidenceSection(section(main, "evidence", "Evidence: what the observations changed"), res.evidence);
  if (res.value_of_information?.length) watchSection(section(main, "watch", "Signposts to watch"), res.value_of_information);

  const sens = section(main, "sensitivity", "What moves the answer");
  const u = res.uncertainty;
  if (u?.tornado?.length) {
    const focus = u.focus, base = u.tornado[0].y_base;
    tornadoChart(sens, { rows: tornadoRows(u.tornado), output: focus, base });
  } else sens.append(el("p", { class: "note", text: "No tornado in this run." }));
  if (u?.sobol) {
    const k = u.outputs.findIndex((x) => x.name === `result:${u.focus}`);
    sobolChart(sens, { rows: sobolRows(u.sobol, k), output: u.focus, n: u.sobol.n });
  } else sens.append(el("p", { class: "note", text: "Sobol indices were not computed for this run (run it with the Sobol option)." }));

  const gm = section(main, "game", "The game");
  if (tree) treeChart(gm, { root: treeInput(tree), players: tree.players, rows: tree.nodes.map(({ actions, ...n }) => ({ ...n, actions: actions?.map((a) => `${a.label} ${a.probability.toFixed(3)}`) })) });
  else gm.append(el("p", { class: "note", text: "This server does not offer the game tree (GET /v1/runs/{id}/tree)." }));
  beliefChart(gm, { rows: beliefRows(res.behaviour) });

  const cs = section(main, "costs", "Expected costs");
  costChart(cs, { rows: costCells(res.costs) });

  const ng = section(main, "negotiation", "Negotiation space");
  if (res.negotiation) {
    const frontier = await negotiationFrontier(run.scenario_id, res.negotiation.convention);
    negotiationChart(ng, { frontier, points: bargainingPoints(res.negotiation), reservations: res.negotiation.reservations, parties: res.negotiation.parties });
    ng.append(agendaTable(res.negotiation));
  } else ng.append(el("p", { class: "note", text: "The scenario has no negotiation block." }));

  const st = section(main, "stakeholders", "Stakeholder forecast");
  if (res.forecast) {
    const rep = await optional("/v1/forecast", { method: "POST", body: { scenario: run.scenario_id, model: "eum" } }).catch(() => null);
    if (rep?.positions?.length) forecastChart(st, { rows: forecastSeries(rep), dimension: rep.table.dimensions[0].name, model: "expected utility (EUM)" });
    st.append(el("p", { class: "note", text: "Rounds from POST /v1/forecast on the stored scenario (its stakeholder table); the brief keeps only each model's forecast." }));
    st.append(forecastTable(res.forecast));
  } else st.append(el("p", { class: "note", text: "The scenario has no stakeholders block." }));

  const as = section(main, "assumptions", "Assumptions");
  as.append(assumptionsTable(res.assumptions, res.claims));
}

/** Runs the same options under another outcome mapping and opens the comparison. */
async function mappingForm(run, o) {
  const sc = await api(`/v1/scenarios/${encodeURIComponent(run.scenario_id)}?format=json`);
  const others = (sc.mappings ?? []).filter((m) => m.id !== o.mapping);
  if (!others.length) return "";
  const select = el("select", { id: "other-mapping" }, ...others.map((m) => el("option", { value: m.id, text: m.label ? `${m.id}: ${m.label}` : m.id })));
  const status = el("span", { role: "status", class: "status" });
  const form = el("form", { class: "mapping-form", "aria-label": "Compare with another mapping" },
    el("label", { for: "other-mapping", text: "Compare with the mapping " }), select, " ", el("button", { type: "submit", text: "Run and compare" }), " ", status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const end = await runToEnd(run.scenario_id, { ...o, mapping: select.value }, (v) => { status.textContent = `${v.status} ${Math.round(100 * v.progress.fraction)}%`; });
      navigate(`/compare/${run.id}/${end.id}`);
    } catch (err) { status.textContent = `Refused: ${err.message}`; }
  });
  return form;
}

async function negotiationFrontier(scenario, convention) {
  const out = await optional("/v1/negotiate", { method: "POST", body: { scenario } }).catch(() => null);
  const a = out?.analysis?.analyses?.find((x) => x.convention === convention) ?? out?.analysis?.analyses?.[0];
  return a?.pareto ?? [];
}

function table(caption, head, rows, cls) {
  return el("div", { class: "table-wrap" }, el("table", { class: cls },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : el("td", {}, c))))))));
}

function agendaTable(neg) {
  const rows = [neg.linked, ...(neg.agendas ?? [])].filter(Boolean).map((a) => {
    const rat = a === neg.linked ? neg.ratified : neg.ratified_agendas?.find((r) => r.id === `${a.id}-ratified`);
    return [a.label, String(a.range), rat ? String(rat.range) : "–", a.nash ? a.nash.utilities.map((x) => x.toFixed(2)).join(" / ") : "–",
      rat?.nash ? rat.nash.utilities.map((x) => x.toFixed(2)).join(" / ") : "–"];
  });
  return table(`Zones of agreement with and without linkage (packages both prefer to no deal), before and within the win-sets of ${neg.parties.join(" and ")}.`,
    ["Agenda", "Agreeable packages", "Within win-sets", `Nash (${neg.parties.join(" / ")})`, "Nash within win-sets"], rows, "agendas");
}

function forecastTable(fc) {
  const rows = fc.models.flatMap((m) => m.forecasts.map((f) => [m.model, f.dimension, f.point.toFixed(1), m.rounds ? String(m.rounds) : "–"]));
  return table(`${fc.title}: each model's forecast.`, ["Model", "Dimension", "Forecast", "Rounds"], rows, "forecasts");
}

function assumptionsTable(assumptions, claims) {
  const claim = Object.fromEntries((claims ?? []).map((c) => [c.id, c]));
  const refs = (ids) => (ids ?? []).map((r) => {
    const c = claim[r];
    if (!c) return el("span", { class: "ref", text: r });
    const tip = `“${c.quote}” — ${c.text}`;
    return el("span", { class: "ref", tabindex: 0, title: tip, "data-quote": c.quote, "aria-label": `${r}: ${tip}` }, r,
      el("span", { class: "tip", role: "tooltip", text: tip }));
  }).flatMap((x, i) => (i ? [" ", x] : [x]));
  const rows = (assumptions ?? []).map((a) => [a.label ? `${a.id}: ${a.label}` : a.id,
    `${a.value}${a.unit ? " " + a.unit : ""}`, a.range ? `${a.range[0]} – ${a.range[1]}` : "–", a.provenance,
    el("span", {}, ...refs(a.refs)), a.note ?? ""]);
  return table("Every parameter: the value used, its declared range, where it comes from (assumption, derived, data), the claims of the source it rests on (hover or focus a claim for its quoted passage), and the note.",
    ["Parameter", "Value", "Range", "Provenance", "Claims", "Note"], rows, "assumptions");
}

/** A source as a link when it is a URL, else as text. */
const sourceOf = (s) => (/^https?:\/\//.test(s ?? "") ? el("a", { href: s, rel: "noopener noreferrer", text: s }) : s ?? "");

/** The evidence: the observations, types, results and scenarios before and after, and what moved. */
function evidenceSection(s, ev) {
  const draws = ev.draws?.draws ?? 0;
  const n = ev.observations.length;
  s.append(table(`${n === 1 ? "The observation" : `The ${n} observations, in the order applied`}. The probability of ${n === 1 ? "it" : "all of them"} under the model: ${pct(ev.probability)}.`,
    ["Observation", "Date", "What was observed", "Source", "Note"],
    ev.observations.map((o) => [o.id, o.date, observationText(o), sourceOf(o.source), o.note ?? ""]), "observations"));
  if (ev.draws) s.append(el("p", { class: "note", text: `Monte Carlo of the posterior: ${ev.draws.draws} prior draws weighted by the probability of the evidence, worth ${ev.draws.effective_draws.toFixed(0)} unweighted draws.` }));
  shiftChart(s, { id: "evidence-types", title: "Each actor's type before and after the evidence", rows: shiftRows(ev.types), what: "Types", draws });
  shiftChart(s, { id: "evidence-results", title: "Each result before and after the evidence", rows: shiftRows(ev.results), what: "Results", draws });
  shiftChart(s, { id: "evidence-scenarios", title: "Each scenario before and after the evidence", rows: shiftRows(ev.scenarios), what: "Scenarios", draws });
  const steps = stepRows(ev), names = (ev.steps?.[0]?.results ?? []).map((r) => r.name);
  s.append(table("What moved: the forecast after each observation in turn (point estimates), the likelihood of the observation given the earlier ones, and the result it moved most.",
    ["Observation", "Date", "Kind", "Likelihood", ...names, "Moved most"],
    steps.map((r) => [r.observation, r.date, r.kind, r.likelihood === null ? "–" : pct(r.likelihood), ...names.map((n) => pct(r[n])),
      `${r.mover} ${r.change >= 0 ? "+" : "−"}${pct(Math.abs(r.change))}`]), "steps"));
}

/** The signposts not yet observed, ranked by value of information. */
function watchSection(s, watch) {
  const rows = watchRows(watch);
  watchChart(s, { rows });
  s.append(table("Signposts to watch, ranked by expected change: the probability of each event given the evidence so far, and the result it moves most now, if it occurs and if not.",
    ["Signpost", "P(occurs)", "Moves most", "Now", "If it occurs", "If not", "Expected change"],
    rows.map((r) => [el("span", {}, el("code", { text: r.signpost }), " ", r.label), pct(r.probability), `${r.mover} ${r.mover_label}`, pct(r.now), pct(r.if_occurs), pct(r.if_not), r.expected_change.toFixed(3)]), "watch"));
}
