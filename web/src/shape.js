// Data shaping: the result document (brief JSON) and the API's other
// answers turned into the rows each chart draws. Pure functions, no DOM,
// so that vitest checks them.

/** Clamps x to [lo, hi]. */
export const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

/**
 * Probability rows with interval whiskers. items are the brief's results or
 * scenarios ({name, label, probability, low, high, p05, p95}). With draws,
 * the whisker spans the 5th to 95th percentile of the probability over the
 * draws, and ci is the 95% interval of the mean; without draws (a point
 * estimate) there is no whisker.
 */
export function probabilityRows(items, draws) {
  return (items ?? []).map((d) => {
    const row = { name: d.name, label: d.label, probability: d.probability };
    if (draws > 0 && Number.isFinite(d.p05) && Number.isFinite(d.p95)) {
      row.lo = clamp(Math.min(d.p05, d.p95), 0, 1);
      row.hi = clamp(Math.max(d.p05, d.p95), 0, 1);
    }
    if (draws > 0 && Number.isFinite(d.low) && Number.isFinite(d.high)) {
      row.ci = [d.low, d.high];
    }
    return row;
  });
}

/** The most likely item (highest probability), or undefined. */
export function mostLikely(items) {
  let best;
  for (const d of items ?? []) if (!best || d.probability > best.probability) best = d;
  return best;
}

/** "1 event", "3 events": a count and its noun, singular or plural (regular nouns only). */
export function counted(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * CSV text of rows (objects) with the given columns (default: the keys of
 * the first row), RFC 4180 quoting; arrays are joined with "; ".
 */
export function toCSV(rows, columns) {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const cell = (v) => {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) v = v.join("; ");
    else if (typeof v === "object") v = JSON.stringify(v);
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [cols.map(cell).join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\r\n") + "\r\n";
}

/**
 * The nested input of d3.hierarchy from the flat tree of
 * GET /v1/runs/{id}/tree: each node gets the label and probability of the
 * action leading to it and its reach (the probability of the play getting
 * there under the equilibrium and chance), the product along the path.
 */
export function treeInput(tree) {
  const nodes = tree?.nodes ?? [];
  if (!nodes.length) return null;
  const out = nodes.map((n) => ({ ...n, children: [], reach: 1, via: "", viaProbability: 1 }));
  for (const n of out) {
    if (n.parent < 0) continue;
    const p = out[n.parent];
    if (!p) throw new Error(`tree node ${n.id}: no parent ${n.parent}`);
    const act = p.actions?.[n.action];
    n.via = act?.label ?? "";
    n.viaProbability = act?.probability ?? 0;
    p.children.push(n);
  }
  // Nodes are in pre-order, so parents come before children.
  for (const n of out) if (n.parent >= 0) n.reach = out[n.parent].reach * n.viaProbability;
  for (const n of out) if (!n.children.length) delete n.children;
  return out.find((n) => n.parent < 0);
}

/**
 * Information sets to draw as Gambit does: the shown nodes (objects with
 * data.infoset and x, y) grouped by set, only sets with two or more shown
 * members, members ordered along the layout's breadth (x).
 */
export function infosetLinks(shown) {
  const sets = new Map();
  for (const n of shown) {
    const key = n.data?.infoset;
    if (!key || n.data.player === "chance") continue;
    if (!sets.has(key)) sets.set(key, []);
    sets.get(key).push(n);
  }
  return [...sets].filter(([, ms]) => ms.length > 1).map(([infoset, ms]) => ({
    infoset, player: ms[0].data.player, members: ms.slice().sort((a, b) => a.x - b.x),
  }));
}

/**
 * Tornado rows: for each parameter, two segments from the output at the
 * parameter's base value to the output at its low and at its high end.
 * Sorted by swing, largest first.
 */
export function tornadoRows(tornado) {
  const rows = [];
  const sorted = (tornado ?? []).slice().sort((a, b) => b.swing - a.swing);
  for (const t of sorted) {
    rows.push({ param: t.param, end: "low", value: t.low, from: t.y_base, to: t.y_low, swing: t.swing });
    rows.push({ param: t.param, end: "high", value: t.high, from: t.y_base, to: t.y_high, swing: t.swing });
  }
  return rows;
}

/** Sobol rows of one output: first-order and total indices with intervals. */
export function sobolRows(sobol, outputIndex) {
  const o = sobol?.outputs?.[outputIndex];
  if (!o) return [];
  return sobol.params.flatMap((p, i) => [
    { param: p, index: "first order (S1)", value: o.s1[i], lo: o.s1_low?.[i], hi: o.s1_high?.[i] },
    { param: p, index: "total (ST)", value: o.st[i], lo: o.st_low?.[i], hi: o.st_high?.[i] },
  ]);
}

/**
 * Distribution rows over the draws from the stored summary of each
 * output (the document keeps percentiles, min and max, not each draw).
 */
export function distributionRows(outputs, prefix) {
  return (outputs ?? []).filter((o) => o.name.startsWith(prefix)).map((o) => {
    const q = Object.fromEntries((o.percentiles ?? []).map((p) => [p.p, p.value]));
    return { name: o.name.slice(prefix.length), n: o.n, mean: o.mean, min: o.min, max: o.max,
      p05: q[0.05], p25: q[0.25], p50: q[0.5], p75: q[0.75], p95: q[0.95] };
  });
}

/** Heat-map cells of expected costs: one per actor-type and dimension. */
export function costCells(costs) {
  const dims = costs?.dimensions ?? [];
  return (costs?.actors ?? []).flatMap((a) => a.by_dimension.map((v, k) => ({
    actor: a.type ? `${a.actor}=${a.type}` : a.actor, dimension: dims[k]?.id ?? String(k),
    dimension_label: dims[k]?.label ?? "", value: v,
  })));
}

/**
 * Beliefs after each move: one row per behaviour entry and belief, named
 * by who decides, at which move and knowing what.
 */
export function beliefRows(behaviour) {
  return (behaviour ?? []).flatMap((m) => {
    const knows = (m.knows ?? []).map((k) => `${k.name}=${k.value}`).join(", ");
    const at = `${m.actor}${m.type ? "=" + m.type : ""} at ${m.move}${knows ? " | " + knows : ""}`;
    return (m.beliefs ?? []).map((b) => ({ at, reach: m.reach, about: b.actor, type: b.type, probability: b.probability }));
  });
}

/**
 * Forecast rounds: positions[r][i][d] of a forecast report as rows of one
 * dimension (null positions, actors absent from it, are left out).
 */
export function forecastSeries(report, dim = 0) {
  const actors = report?.table?.actors ?? [];
  const rows = [];
  (report?.positions ?? []).forEach((round, r) => round.forEach((pos, i) => {
    const v = pos?.[dim];
    if (v !== null && v !== undefined) rows.push({ round: r, actor: actors[i] ?? `actor ${i}`, position: v });
  }));
  return rows;
}

/**
 * Slider settings of the scenario's parameters: each declared range, the
 * value to start from (an override, else the default) and a step of a
 * hundredth of the range.
 */
export function sliders(parameters, overrides = {}) {
  return (parameters ?? []).filter((p) => Array.isArray(p.range) && p.range.length === 2).map((p) => {
    const [min, max] = p.range;
    const value = overrides[p.id] ?? p.default;
    return { id: p.id, label: p.label ?? p.id, unit: p.unit ?? "", min, max, value, step: (max - min) / 100 || 1 };
  });
}

/** The scenario document with defaults replaced by values (a copy). */
export function withDefaults(doc, values) {
  const copy = structuredClone(doc);
  for (const p of copy.parameters ?? []) if (p.id in values) p.default = values[p.id];
  return copy;
}

/** A stable key of a what-if request, for the client's cache. */
export function requestKey(scenario, options) {
  const sorted = (o) => (o && typeof o === "object" && !Array.isArray(o)
    ? Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])])) : o);
  return JSON.stringify([scenario, sorted(options)]);
}

/**
 * Draws of a what-if re-run: few, so that a slider answers in seconds,
 * yet enough for the spread over the uncertainty the sliders leave free
 * (the other parameters, the literal scores and weights). Overrides are
 * pinned in every draw.
 */
export const WHATIF_DRAWS = 100;

/** The run options of a what-if at the given overrides. */
export function whatIfOptions(opts, overrides) {
  return { mapping: opts.mapping, draws: WHATIF_DRAWS, seed: opts.seed, overrides };
}

/** "mean (5th–95th percentile)" of a probability with draws. */
export function spreadText(d) {
  const p = (x) => `${(100 * x).toFixed(0)}%`;
  return Number.isFinite(d?.p05) && Number.isFinite(d?.p95) ? `${pct(d.probability)} (${p(d.p05)}–${p(d.p95)})` : pct(d?.probability);
}

/** Rows of a comparison's probabilities (results, then scenarios). */
export function comparisonRows(c) {
  return [
    ...(c?.results ?? []).map((d) => ({ kind: "result", ...d })),
    ...(c?.scenarios ?? []).map((d) => ({ kind: "scenario", ...d })),
  ];
}

/** Negotiation points of the brief: Nash and KS of each agenda, with and without win-sets. */
export function bargainingPoints(neg) {
  if (!neg) return [];
  const pts = [];
  const add = (a, where) => {
    if (!a) return;
    for (const [key, sol] of [["Nash", a.nash], ["Kalai–Smorodinsky", a.ks]]) {
      if (sol?.utilities?.length === 2) pts.push({ agenda: a.label ?? a.id, where, solution: key, u0: sol.utilities[0], u1: sol.utilities[1] });
    }
  };
  add(neg.linked, "without win-sets");
  add(neg.ratified, "within win-sets");
  return pts;
}

/** Formats a probability as a percentage with one decimal. */
export const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "–");

/**
 * Paired before/after rows of the evidence section from the brief's
 * evidence shifts (results or scenarios: {name, label, prior, posterior,
 * prior_low, prior_high, low, high}) or types ({actor, type, label, prior,
 * posterior, low, high}): two rows per item, phase "before" then "after",
 * each with its interval (lo, hi) when the run had draws.
 */
export function shiftRows(items) {
  const iv = (lo, hi) => (Number.isFinite(lo) && Number.isFinite(hi) ? { lo: clamp(lo, 0, 1), hi: clamp(hi, 0, 1) } : {});
  return (items ?? []).flatMap((d) => {
    const name = d.actor !== undefined ? `${d.actor}=${d.type}` : d.name;
    const label = d.label ?? "";
    return [
      { name, label, phase: "before", probability: d.prior, ...iv(d.prior_low, d.prior_high) },
      { name, label, phase: "after", probability: d.posterior, ...iv(d.low, d.high) },
    ];
  });
}

/**
 * The "what moved" table from the evidence steps: one row per
 * observation, with the likelihood (null for a parameter measurement), the
 * result it moved most and by how much, and every result's probability
 * after it.
 */
export function stepRows(evidence) {
  const obs = Object.fromEntries((evidence?.observations ?? []).map((o) => [o.id, o]));
  return (evidence?.steps ?? []).map((s) => ({
    observation: s.observation, date: s.date, kind: s.kind, source: obs[s.observation]?.source ?? "",
    likelihood: s.likelihood ?? null, mover: s.mover, change: s.change,
    ...Object.fromEntries(s.results.map((r) => [r.name, r.probability])),
  }));
}

/**
 * The signposts to watch (the brief's value_of_information), ranked by
 * expected change as the brief ranks them: each with its probability and
 * the result it moves most, now, if it occurs and if not.
 */
export function watchRows(watch) {
  return (watch ?? []).slice().sort((a, b) => b.expected_change - a.expected_change || a.signpost.localeCompare(b.signpost)).map((w) => {
    const m = w.results.find((r) => r.name === w.mover) ?? {};
    return { signpost: w.signpost, label: w.label, probability: w.probability, mover: w.mover, mover_label: m.label ?? "",
      now: m.now, if_occurs: m.if_occurs, if_not: m.if_not, expected_change: w.expected_change };
  });
}

/** An observation's one-line description: what was observed. */
export function observationText(o) {
  if (o.signpost) return `signpost ${o.signpost}${o.occurred === false ? " did not occur" : " occurred"}`;
  if (o.move?.length) return `moves ${o.move.join(", ")}`;
  if (o.parameter) {
    const v = o.range ? `in [${o.range.join(", ")}]` : `= ${o.value}${o.sd !== undefined ? ` ± ${o.sd}` : ""}`;
    return `parameter ${o.parameter} ${v}`;
  }
  return "";
}

/**
 * The timeline's points (GET /v1/scenarios/{id}/timeline): for the prior
 * (step 0) and each observation whose run succeeded (step = its seq), every
 * result's probability with its band: the 95% interval of the mean under
 * Monte Carlo (the one interval a posterior has), else none. Observations
 * still running have no point yet.
 */
export function timelinePoints(timeline) {
  const out = [];
  const add = (step, when, obs, f) => {
    for (const r of f?.results ?? []) {
      const [lo, hi] = [r.low, r.high];
      const p = { step, when, observation: obs?.id ?? "prior", source: obs?.source ?? "", note: obs?.note ?? "", result: r.name, label: r.label, probability: r.probability };
      if (Number.isFinite(lo) && Number.isFinite(hi)) Object.assign(p, { lo: clamp(Math.min(lo, hi), 0, 1), hi: clamp(Math.max(lo, hi), 0, 1) });
      out.push(p);
    }
  };
  if (timeline?.prior) add(0, "prior", null, timeline.prior);
  for (const e of timeline?.entries ?? []) if (e.forecast) add(e.seq, e.observation?.date ?? "", e.observation, e.forecast);
  return out;
}

/**
 * The timeline's observations as annotations: step, date, id, what was
 * observed, source, note, its run's status and the largest move.
 */
export function timelineMarks(timeline) {
  return (timeline?.entries ?? []).map((e) => ({
    step: e.seq, date: e.observation?.date ?? "", observation: e.observation?.id ?? "", what: observationText(e.observation ?? {}),
    source: e.observation?.source ?? "", note: e.observation?.note ?? "", status: e.status, max_move: e.forecast?.max_move ?? null,
  }));
}

/**
 * An observation from the add form's fields: kind (signpost, move or
 * parameter), target (the signpost id, the moves "d=Hard, r=P" or the
 * parameter id), value (for a parameter: a number, optionally "±sd", or a
 * range "lo..hi"; for a signpost "no" means it did not occur), date,
 * source, note, id. Throws on a value it cannot read.
 */
export function observationFromForm(f) {
  const o = { date: f.date?.trim(), source: f.source?.trim() };
  if (f.id?.trim()) o.id = f.id.trim();
  if (f.note?.trim()) o.note = f.note.trim();
  const target = (f.target ?? "").trim();
  const value = (f.value ?? "").trim();
  if (f.kind === "signpost") {
    o.signpost = target;
    if (/^(no|false|not)$/i.test(value)) o.occurred = false;
  } else if (f.kind === "move") {
    o.move = target.split(/[,\s]+/).filter(Boolean);
  } else if (f.kind === "parameter") {
    o.parameter = target;
    const range = value.match(/^\[?\s*(-?[\d.eE+-]+)\s*(?:\.\.|,)\s*(-?[\d.eE+-]+)\s*\]?$/);
    const point = value.match(/^(-?[\d.eE+-]+)\s*(?:(?:±|\+-|~)\s*([\d.eE+-]+))?$/);
    if (range) o.range = [Number(range[1]), Number(range[2])];
    else if (point) {
      o.value = Number(point[1]);
      if (point[2] !== undefined) o.sd = Number(point[2]);
    } else throw new Error(`the value "${value}" is neither a number (0.35 or 0.35±0.04) nor a range (0.2..0.4)`);
    for (const x of [o.value, o.sd, ...(o.range ?? [])]) if (x !== undefined && !Number.isFinite(x)) throw new Error(`the value "${value}" is not a number`);
  } else throw new Error(`unknown kind "${f.kind}"`);
  return o;
}

/** The located messages of a problem document (its errors, else its detail). */
export function problemLines(problem) {
  const errs = problem?.errors ?? [];
  if (errs.length) return errs.map((e) => (typeof e === "string" ? e : e.text || [e.path, e.message].filter(Boolean).join(": ")));
  return [problem?.detail ?? problem?.title ?? "refused"];
}

/**
 * The questions page's rows: each question with its options, latest
 * forecast (option → probability), outcome and, when scored, its scores.
 */
export function questionRows(questions, forecasts, scores) {
  const by = Object.fromEntries((scores?.questions ?? []).map((s) => [s.question_id, s]));
  const why = Object.fromEntries((scores?.unscored ?? []).map((u) => [u.question_id, u.reason]));
  return (questions ?? []).map((q) => {
    const fs = (forecasts?.[q.id] ?? []).slice().sort((a, b) => String(a.at).localeCompare(String(b.at)));
    const last = fs[fs.length - 1];
    const s = by[q.id];
    return { id: q.id, statement: q.statement, scenario_id: q.scenario_id ?? "", close: q.close, options: q.options,
      forecasts: fs.length, latest: last?.probabilities ?? null, outcome: q.resolution?.outcome ?? null,
      brier: s?.brier ?? null, log: s?.log ?? null, time_averaged_brier: s?.time_averaged_brier ?? null, unscored: why[q.id] ?? null };
  });
}

/** The calibration chart's points ({x: mean forecast, y: observed frequency, n}) from GET /v1/scores. */
export function calibrationPoints(scores) {
  return (scores?.calibration?.points ?? []).map((p) => ({ forecast: p.x, observed: p.y, n: p.n }));
}

/** A directed dyad's name, e.g. USA→MEX. */
export const dyadName = (d) => `${d.source}→${d.target}`;

/**
 * The rows of an event series view (GET /v1/events/series): one per
 * directed dyad and period, with the dyad's name, the date, the counts by
 * quad class, the Goldstein sum and the conflict–cooperation index, and
 * whether the detector marked the period a spike (view.spikes, from
 * spikes=true).
 */
export function eventRows(view) {
  const spiky = new Set((view?.spikes ?? []).map((s) => `${dyadName(s)} ${s.date}`));
  return (view?.series ?? []).flatMap((s) => (s.points ?? []).map((p) => ({
    dyad: dyadName(s), date: p.date, events: p.events, verbal_cooperation: p.verbal_cooperation, material_cooperation: p.material_cooperation,
    verbal_conflict: p.verbal_conflict, material_conflict: p.material_conflict, goldstein_sum: p.goldstein_sum, index: p.index,
    spike: spiky.has(`${dyadName(s)} ${p.date}`),
  })));
}

/** The detector's spikes as marks: dyad, date, metric, value, baseline median, z, and the day's index. */
export function spikeMarks(view) {
  const index = new Map(eventRows(view).map((r) => [`${r.dyad} ${r.date}`, r.index]));
  return (view?.spikes ?? []).map((s) => ({ dyad: dyadName(s), date: s.date, metric: s.metric, value: s.value, median: s.median, z: s.z,
    events: s.events, index: index.get(`${dyadName(s)} ${s.date}`) ?? 0 }));
}

const eventText = (e) => `${e.date} ${e.source}→${e.target} CAMEO ${e.code} (Goldstein ${e.goldstein}, ${e.mentions} mentions)${e.url ? " " + e.url : ""}`;

/**
 * The proposals (GET /v1/events/proposals) that fall in [from, to] and
 * concern the countries (any of whose source events runs between two of
 * them, actor codes such as USAMIL counting as USA), as annotations: the
 * date (the proposal's window end), signpost, scenario, observation id,
 * whether it occurred, the count of matching events and their text.
 */
export function proposalMarks(list, { from, to, countries = [] } = {}) {
  const of = (actor) => countries.find((c) => (actor ?? "").toUpperCase().startsWith(c));
  const concerns = (p) => !countries.length || !(p.events ?? []).length || p.events.some((e) => of(e.source) && of(e.target) && of(e.source) !== of(e.target));
  return (list?.proposals ?? [])
    .filter((p) => (!from || p.to >= from) && (!to || p.to <= to) && concerns(p))
    .map((p) => ({ date: p.to, first: p.from, signpost: p.observation?.signpost ?? "", scenario: p.scenario, observation: p.observation?.id ?? "",
      occurred: p.observation?.occurred !== false, count: p.count, note: p.observation?.note ?? "", events: (p.events ?? []).map(eventText).join("\n") }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The query string of the events page's form: source, target, both, from, to. */
export function eventQuery({ source, target, both, from, to }) {
  const q = new URLSearchParams();
  const codes = (s) => (s ?? "").split(",").map((c) => c.trim().toUpperCase()).filter(Boolean).join(",");
  if (codes(source)) q.set("source", codes(source));
  if (codes(target)) q.set("target", codes(target));
  q.set("both", both ? "true" : "false");
  if (from) q.set("from", from);
  if (to) q.set("to", to);
  return q.toString();
}

/**
 * Rows of the hidden share under each result: the part of its probability
 * that comes from outcomes marked hidden (covert action that never leaks),
 * which the mapping counts as the result they look like. Results without a
 * hidden part are left out; none without a hidden block.
 */
export function hiddenRows(res) {
  const h = res?.hidden;
  if (!h?.results) return [];
  return h.results.filter((r) => r.probability > 0).map((r) => ({
    name: r.name, label: r.label, probability: r.probability, share: r.share, outcomes: r.outcomes ?? [],
    spread: Number.isFinite(r.p05) && Number.isFinite(r.p95) ? [r.p05, r.p95] : null,
  }));
}

/**
 * Rows of the decision margins: who decides, what it plays over the
 * next-best action and by how much, and where a parameter flips it
 * ("Retaliate when gT > 2.1 (confirmed)").
 */
export function marginRows(res) {
  return (res?.margins ?? []).map((m) => ({
    who: m.type ? `${m.actor} (${m.type})` : m.actor,
    decision: m.move_label + ((m.knows ?? []).length ? ` after ${m.knows.map((f) => `${f.name}=${f.value}`).join(", ")}` : ""),
    onPath: m.on_path, nearTie: m.near_tie, plays: m.plays?.action, next: m.next?.action, margin: m.margin,
    flips: (m.flips ?? []).map((f) => `${f.to?.action} when ${f.param} ${f.above ? ">" : "<"} ${+f.value.toPrecision(4)}` +
      (f.confirmed === true ? " (confirmed)" : f.confirmed === false ? " (not when re-solved)" : "")),
  }));
}
