// Charts: each one a <figure> with a title, the chart (Observable Plot,
// or d3 for the tree), a text alternative and download links for its data.
import * as Plot from "@observablehq/plot";
import { toCSV, pct, counted } from "./shape.js";

/** Okabe–Ito: a palette readable with the common colour-vision deficiencies. */
export const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

let figures = 0;

/** An element with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** A link downloading text as a file. */
function download(label, name, type, text) {
  const a = el("a", { class: "download", download: name, text: label });
  a.href = URL.createObjectURL(new Blob([text], { type }));
  return a;
}

/**
 * A chart's frame. id names it (data-chart, for tests and links); alt is
 * the text alternative (what the chart shows, in words); rows the data
 * offered as CSV and JSON.
 */
export function figure(parent, { id, title, alt, rows, columns, note }) {
  const n = ++figures;
  const fig = el("figure", { class: "chart", "data-chart": id, id: `chart-${id}`, "aria-labelledby": `fig-t${n}` });
  const body = el("div", { class: "chart-body" });
  fig.append(el("h3", { id: `fig-t${n}`, text: title }), body);
  const cap = el("figcaption", { id: `fig-c${n}` }, alt);
  if (note) cap.append(el("span", { class: "note" }, " ", note));
  const links = el("p", { class: "downloads" }, "Download data: ",
    download("CSV", `${id}.csv`, "text/csv", toCSV(rows ?? [], columns)), " · ",
    download("JSON", `${id}.json`, "application/json", JSON.stringify(rows ?? [], null, 2)));
  fig.append(cap, links);
  parent.append(fig);
  return {
    fig, body,
    /**
     * Puts a rendered chart in, with the text alternative on its SVG: an
     * image, or a group when it holds controls (an image's content is
     * hidden from assistive technology).
     */
    show(node, { interactive = false } = {}) {
      body.replaceChildren(node);
      const svg = node.tagName === "svg" ? node : node.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", interactive ? "group" : "img");
        svg.setAttribute("aria-label", title);
        svg.setAttribute("aria-describedby", `fig-c${n}`);
      }
    },
  };
}

/** The width a chart gets in its parent. */
export const widthOf = (parent) => Math.max(300, Math.min(parent.clientWidth || 900, 960));

const common = (parent) => ({ width: widthOf(parent), style: { fontSize: "12px", overflow: "visible" }, marginLeft: 8, marginBottom: 44 });

/** Room for long y labels: less on a phone. */
const room = (parent) => (widthOf(parent) < 560 ? { margin: 130, chars: 16 } : { margin: 230, chars: 30 });
const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

/** An x axis label centred under the ticks (at the right it collides with the last tick). */
const below = { labelAnchor: "center", labelOffset: 38 };

/** Horizontal probability bars with whiskers (rows from probabilityRows). */
export function probabilityChart(parent, { id, title, rows, what, draws }) {
  const best = rows.reduce((a, b) => (b.probability > (a?.probability ?? -1) ? b : a), null);
  const alt = `${rows.length} ${what}: ` + rows.map((r) => `${r.name} ${r.label} ${pct(r.probability)}` +
    (r.lo !== undefined ? ` (5–95%: ${pct(r.lo)} to ${pct(r.hi)})` : "")).join("; ") + `. Most likely: ${best?.name}.`;
  const note = draws > 0 ? `Bars: mean over ${draws} draws; whiskers: 5th to 95th percentile over the draws.`
    : "A point estimate (no draws): no whiskers.";
  const f = figure(parent, { id, title, alt, rows, note, columns: ["name", "label", "probability", "lo", "hi", "ci"] });
  const { margin, chars } = room(parent);
  const y = (r) => cut(`${r.name} ${r.label}`, chars);
  const marks = [
    Plot.barX(rows, { y, x: "probability", fill: (r) => r.name, title: (r) => `${r.name}: ${pct(r.probability)}` }),
    Plot.ruleX([0]),
  ];
  const whisk = rows.filter((r) => r.lo !== undefined);
  if (whisk.length) marks.push(Plot.ruleY(whisk, { y, x1: "lo", x2: "hi", stroke: "#333", strokeWidth: 1.5 }),
    Plot.tickX(whisk, { y, x: "lo", stroke: "#333" }), Plot.tickX(whisk, { y, x: "hi", stroke: "#333" }));
  marks.push(Plot.text(rows, { y, x: (r) => r.hi ?? r.probability, text: (r) => pct(r.probability), dx: 6, textAnchor: "start", fill: "currentColor" }));
  f.show(Plot.plot({
    ...common(parent), marginLeft: margin, marginRight: 50, marginBottom: 44, height: 60 + rows.length * 30,
    x: { domain: [0, 1], label: "Probability (0–1) →", ...below, grid: true, tickFormat: "%" },
    y: { label: null, domain: rows.map(y) },
    color: { range: palette, domain: rows.map((r) => r.name) },
    marks,
  }));
  return f;
}

/** The tornado: the output at each parameter's low and high end. */
export function tornadoChart(parent, { rows, output, base }) {
  const params = [...new Set(rows.map((r) => r.param))];
  const alt = `How ${output} moves when one parameter at a time goes to the ends of its range, others at their defaults (${pct(base)}). ` +
    params.slice(0, 3).map((p) => {
      const lo = rows.find((r) => r.param === p && r.end === "low"), hi = rows.find((r) => r.param === p && r.end === "high");
      return `${p}: ${pct(lo.to)} at ${lo.value} to ${pct(hi.to)} at ${hi.value}`;
    }).join("; ") + (params.length > 3 ? `; and ${params.length - 3} more.` : ".");
  const f = figure(parent, { id: "tornado", title: `Tornado: what moves P(${output}) most`, alt, rows });
  f.show(Plot.plot({
    ...common(parent), marginLeft: 130, height: 64 + params.length * 24,
    x: { ...below, label: `P(${output}) (probability) →`, grid: true, tickFormat: "%" },
    y: { label: "Parameter", domain: params },
    color: { domain: ["low", "high"], range: [palette[0], palette[1]], legend: true, label: "parameter at" },
    marks: [
      Plot.barX(rows, { y: "param", x1: "from", x2: "to", fill: "end", title: (r) => `${r.param} = ${r.value} (${r.end}): ${pct(r.to)}` }),
      Plot.ruleX([base], { stroke: "#333", strokeDasharray: "3,2" }),
    ],
  }));
  return f;
}

/** Sobol indices with bootstrap intervals (rows from sobolRows). */
export function sobolChart(parent, { rows, output, n }) {
  const params = [...new Set(rows.map((r) => r.param))];
  const top = rows.filter((r) => r.index.startsWith("total")).sort((a, b) => b.value - a.value).slice(0, 3);
  const alt = `Variance-based sensitivity of ${output} (Sobol, base sample ${n}): the largest total indices are ` +
    top.map((r) => `${r.param} ${r.value.toFixed(2)}`).join(", ") + ". Negative first-order estimates are sampling noise.";
  const f = figure(parent, { id: "sobol", title: `Sobol indices of P(${output})`, alt, rows });
  // Each parameter's band holds S1 in its upper half and ST in its lower half.
  const s1 = rows.filter((r) => r.index.startsWith("first")), st = rows.filter((r) => !r.index.startsWith("first"));
  const half = 15, title = (r) => `${r.param} ${r.index}: ${r.value.toFixed(3)}` + (Number.isFinite(r.lo) ? ` (${r.lo.toFixed(3)} to ${r.hi.toFixed(3)})` : "");
  const whisk = (rs, dy) => Plot.ruleY(rs.filter((r) => Number.isFinite(r.lo)), { y: "param", x1: "lo", x2: "hi", stroke: "#555", dy });
  f.show(Plot.plot({
    ...common(parent), marginLeft: 130, height: 64 + params.length * 34,
    x: { ...below, label: "Share of variance (index, 0–1) →", grid: true },
    y: { label: "Parameter", domain: params },
    color: { domain: ["first order (S1)", "total (ST)"], range: [palette[2], palette[3]], legend: true, label: "index" },
    marks: [
      Plot.barX(s1, { y: "param", x1: () => 0, x2: "value", fill: "index", insetBottom: half, title }),
      Plot.barX(st, { y: "param", x1: () => 0, x2: "value", fill: "index", insetTop: half, title }),
      whisk(s1, -8), whisk(st, 8),
      Plot.ruleX([0]),
    ],
  }));
  return f;
}

/** Box summaries of each output's probability over the draws. */
export function distributionChart(parent, { id, title, rows, what, draws }) {
  const alt = `Spread of each ${what}'s probability over ${draws} draws: ` +
    rows.map((r) => `${r.name} median ${pct(r.p50)}, half the draws between ${pct(r.p25)} and ${pct(r.p75)}`).join("; ") + ".";
  const f = figure(parent, { id, title, alt, rows,
    note: "The result document keeps each output's percentiles, minimum and maximum, not every draw: boxes are the 25th–75th percentile, whiskers 5th–95th, the tick the median, dots the extremes." });
  f.show(Plot.plot({
    ...common(parent), marginLeft: 60, height: 64 + rows.length * 32,
    x: { ...below, domain: [0, 1], label: "Probability over the draws (0–1) →", grid: true, tickFormat: "%" },
    y: { label: what, domain: rows.map((r) => r.name) },
    color: { range: palette, domain: rows.map((r) => r.name) },
    marks: [
      Plot.ruleY(rows, { y: "name", x1: "p05", x2: "p95", stroke: "#555" }),
      Plot.barX(rows, { y: "name", x1: "p25", x2: "p75", fill: "name", insetTop: 6, insetBottom: 6,
        title: (r) => `${r.name}: median ${pct(r.p50)}, 25–75% ${pct(r.p25)}–${pct(r.p75)}, 5–95% ${pct(r.p05)}–${pct(r.p95)}` }),
      Plot.tickX(rows, { y: "name", x: "p50", stroke: "#000", strokeWidth: 2 }),
      Plot.dot(rows.flatMap((r) => [{ name: r.name, x: r.min }, { name: r.name, x: r.max }]), { y: "name", x: "x", r: 2, fill: "#555" }),
    ],
  }));
  return f;
}

/** Beliefs about the other side's type at each decision. */
export function beliefChart(parent, { rows }) {
  const ats = [...new Set(rows.map((r) => r.at))];
  const types = [...new Set(rows.map((r) => `${r.about}=${r.type}`))];
  const alt = `Posterior beliefs at ${ats.length} decisions (Bayes' rule on the equilibrium): for each decision, the probability the mover puts on each type of the other side. ` +
    ats.slice(0, 3).map((a) => a + ": " + rows.filter((r) => r.at === a).map((r) => `${r.about}=${r.type} ${pct(r.probability)}`).join(", ")).join("; ") + "…";
  const f = figure(parent, { id: "beliefs", title: "Beliefs after each move", alt, rows });
  f.show(Plot.plot({
    ...common(parent), marginLeft: room(parent).margin, height: 50 + ats.length * 20,
    x: { ...below, domain: [0, 1], label: "Belief (probability of the other side's type) →", tickFormat: "%" },
    y: { label: null, domain: ats, tickFormat: (d) => cut(d, room(parent).chars + 8) },
    color: { domain: types, range: palette, legend: true, label: "other side's type" },
    marks: [Plot.barX(rows, Plot.stackX({ y: "at", x: "probability", fill: (r) => `${r.about}=${r.type}`,
      title: (r) => `${r.at}: ${r.about}=${r.type} ${pct(r.probability)} (reached with ${pct(r.reach)})` }))],
  }));
  return f;
}

/** Expected costs as an actor-type × dimension heat map. */
export function costChart(parent, { rows }) {
  const actors = [...new Set(rows.map((r) => r.actor))];
  const dims = [...new Set(rows.map((r) => r.dimension))];
  const worst = rows.slice().sort((a, b) => a.value - b.value).slice(0, 3);
  const alt = `Expected contribution of each dimension to each actor-type's payoff under the equilibrium (${actors.length} actor-types × ${dims.length} dimensions). Largest costs: ` +
    worst.map((r) => `${r.actor} on ${r.dimension} ${r.value.toFixed(2)}`).join(", ") + ".";
  const f = figure(parent, { id: "costs", title: "Expected costs and gains: actor × dimension", alt, rows,
    note: "Negative (orange) is a cost, positive (purple) a gain, in the scenario's payoff units." });
  const m = Math.max(...rows.map((r) => Math.abs(r.value)), 1e-9);
  f.show(Plot.plot({
    ...common(parent), marginLeft: 70, marginBottom: 60, height: 80 + actors.length * 40,
    x: { label: "Dimension", domain: dims, tickRotate: -30 },
    y: { label: "Actor = type", domain: actors },
    color: { type: "diverging", scheme: "PuOr", domain: [-m, m], reverse: true, legend: true, label: "expected contribution (payoff units)" },
    marks: [
      Plot.cell(rows, { x: "dimension", y: "actor", fill: "value", title: (r) => `${r.actor}, ${r.dimension_label}: ${r.value.toFixed(3)}` }),
      Plot.text(rows, { x: "dimension", y: "actor", text: (r) => r.value.toFixed(1), fill: (r) => (Math.abs(r.value) > m * 0.6 ? "white" : "black"), fontSize: 10 }),
    ],
  }));
  return f;
}

/**
 * The negotiation space: the Pareto frontier, the bargaining solutions
 * with and without the win-sets, and the reservation values.
 */
export function negotiationChart(parent, { frontier, points, reservations, parties }) {
  const [a, b] = parties;
  const rows = [
    ...frontier.map((p) => ({ kind: "Pareto frontier", u0: p.utilities[0], u1: p.utilities[1], package: (p.outcomes?.[0] ?? []).join(" / ") })),
    ...points.map((p) => ({ kind: `${p.solution} (${p.where})`, u0: p.u0, u1: p.u1, package: p.agenda })),
  ];
  const resA = reservations.find((r) => r.party === a), resB = reservations.find((r) => r.party === b);
  const alt = `Utilities of ${a} (across) and ${b} (up) for the ${frontier.length} packages on the Pareto frontier, with ` +
    points.map((p) => `${p.solution} ${p.where} at (${p.u0.toFixed(2)}, ${p.u1.toFixed(2)})`).join(", ") +
    (resA && resB ? `; reservation values ${a} ${resA.value}, ${b} ${resB.value}.` : ".");
  const f = figure(parent, { id: "negotiation", title: "Negotiation space: Pareto frontier and bargaining solutions", alt, rows });
  const kinds = [...new Set(points.map((p) => `${p.solution} (${p.where})`))];
  const marks = [
    Plot.line(rows.filter((r) => r.kind === "Pareto frontier").sort((p, q) => p.u0 - q.u0), { x: "u0", y: "u1", stroke: "#999" }),
    Plot.dot(rows.filter((r) => r.kind === "Pareto frontier"), { x: "u0", y: "u1", fill: "#999", r: 3, title: "package" }),
    Plot.dot(rows.filter((r) => r.kind !== "Pareto frontier"), { x: "u0", y: "u1", stroke: "kind", symbol: "kind", r: 7, strokeWidth: 2, title: (r) => r.kind }),
  ];
  if (resA) marks.push(Plot.ruleX([resA.value], { stroke: palette[5], strokeDasharray: "4,3" }), Plot.text([resA.value], { x: (d) => d, frameAnchor: "top", dy: 8, text: () => `${a} reservation`, fill: palette[5], textAnchor: "start", dx: 3 }));
  if (resB) marks.push(Plot.ruleY([resB.value], { stroke: palette[4], strokeDasharray: "4,3" }), Plot.text([resB.value], { y: (d) => d, frameAnchor: "left", dy: -6, text: () => `${b} reservation`, fill: palette[4], textAnchor: "start", dx: 3 }));
  f.show(Plot.plot({
    ...common(parent), width: Math.min(widthOf(parent), 620), height: Math.min(widthOf(parent), 620) * 0.8, marginLeft: 50, marginBottom: 40,
    x: { ...below, label: `${a} utility (0–1) →`, grid: true }, y: { label: `↑ ${b} utility (0–1)`, grid: true },
    color: { domain: kinds, range: palette, legend: true }, symbol: { domain: kinds, legend: false },
    marks,
  }));
  return f;
}

/** The stakeholder forecast: each actor's position over the rounds. */
export function forecastChart(parent, { rows, dimension, model }) {
  const actors = [...new Set(rows.map((r) => r.actor))];
  const last = Math.max(...rows.map((r) => r.round));
  const alt = `Positions of ${actors.length} stakeholders on "${dimension}" over ${last} rounds of the ${model} model: ` +
    actors.map((a) => {
      const s = rows.filter((r) => r.actor === a);
      return `${a} ${s[0].position.toFixed(0)} → ${s[s.length - 1].position.toFixed(0)}`;
    }).join("; ") + ".";
  const f = figure(parent, { id: "forecast", title: `Stakeholder forecast rounds (${model})`, alt, rows });
  const colors = actors.map((_, i) => palette[i % palette.length]);
  f.show(Plot.plot({
    ...common(parent), marginLeft: 50, marginRight: 150, height: 360,
    x: { ...below, label: "Round →", ticks: last },
    y: { label: `↑ Position: ${dimension}`, grid: true },
    color: { domain: actors, range: colors, legend: true },
    marks: [
      Plot.line(rows, { x: "round", y: "position", stroke: "actor", z: "actor", strokeDasharray: (r) => (actors.indexOf(r.actor) >= palette.length ? "4,2" : null), marker: "dot" }),
      Plot.text(rows.filter((r) => r.round === last), { x: "round", y: "position", text: "actor", dx: 6, textAnchor: "start", fill: "actor" }),
    ],
  }));
  return f;
}

/** Differences between two runs' probabilities. */
export function differenceChart(parent, { rows }) {
  const big = rows.slice().sort((p, q) => Math.abs(q.change) - Math.abs(p.change))[0];
  const alt = `Change of each probability from run A to run B; the largest: ${big?.name} ${big ? (big.change >= 0 ? "+" : "") + pct(big.change) : ""}.`;
  const f = figure(parent, { id: "difference", title: "Difference of each probability (B − A)", alt, rows });
  const y = (r) => `${r.kind === "result" ? "result" : "scenario"} ${r.name}`;
  f.show(Plot.plot({
    ...common(parent), marginLeft: 120, height: 64 + rows.length * 26,
    x: { ...below, label: "Change of probability (percentage points) →", grid: true, tickFormat: "+%" },
    y: { label: null, domain: rows.map(y) },
    color: { domain: ["up", "down"], range: [palette[0], palette[5]] },
    marks: [
      Plot.barX(rows, { y, x: "change", fill: (r) => (r.change >= 0 ? "up" : "down"), title: (r) => `${r.name} ${r.label}: ${pct(r.a)} → ${pct(r.b)}` }),
      Plot.ruleX([0]),
    ],
  }));
  return f;
}

/**
 * Before and after the evidence as paired bars (rows from shiftRows): one
 * band per item, the prior above the posterior, whiskers on intervals.
 */
export function shiftChart(parent, { id, title, rows, what, draws }) {
  const items = [...new Set(rows.map((r) => r.name))];
  const { margin, chars } = room(parent);
  const name = (r) => cut(`${r.name}${r.label ? " " + r.label : ""}`, chars);
  const pair = (n) => rows.filter((r) => r.name === n);
  const alt = `${what} before and after the evidence: ` + items.map((n) => {
    const [b, a] = pair(n);
    return `${n} ${pct(b.probability)} → ${pct(a.probability)}`;
  }).join("; ") + ".";
  const note = draws > 0 ? `Bars: means over ${draws} draws (after: the prior draws weighted by the probability of the evidence); whiskers: 95% intervals.`
    : "Point estimates at the parameters' defaults.";
  const f = figure(parent, { id, title, alt, rows, note, columns: ["name", "label", "phase", "probability", "lo", "hi"] });
  const whisk = rows.filter((r) => r.lo !== undefined);
  const marks = [
    Plot.barX(rows, { fy: name, y: "phase", x: "probability", fill: "phase", title: (r) => `${r.name} ${r.phase} the evidence: ${pct(r.probability)}` + (r.lo !== undefined ? ` (${pct(r.lo)}–${pct(r.hi)})` : "") }),
    Plot.ruleX([0]),
    Plot.text(rows, { fy: name, y: "phase", x: (r) => r.hi ?? r.probability, text: (r) => pct(r.probability), dx: 6, textAnchor: "start", fill: "currentColor" }),
  ];
  if (whisk.length) marks.push(Plot.ruleY(whisk, { fy: name, y: "phase", x1: "lo", x2: "hi", stroke: "#333", strokeWidth: 1.5 }));
  f.show(Plot.plot({
    ...common(parent), marginLeft: margin, marginRight: 50, height: 70 + items.length * 40,
    x: { domain: [0, 1], label: "Probability (0–1) →", ...below, grid: true, tickFormat: "%" },
    y: { axis: null, domain: ["before", "after"], padding: 0.1 },
    fy: { label: null, domain: items.map((n) => name(pair(n)[0])), axis: "left", padding: 0.25 },
    color: { domain: ["before", "after"], range: [palette[0], palette[1]], legend: true, label: "the evidence" },
    marks,
  }));
  return f;
}

/** The signposts to watch, ranked by expected change (rows from watchRows). */
export function watchChart(parent, { rows }) {
  const { margin, chars } = room(parent);
  const y = (r) => cut(`${r.signpost}`, chars);
  const alt = `${rows.length} signposts ranked by how much learning whether they occur would move the forecast: ` +
    rows.map((r) => `${r.signpost} (${pct(r.probability)} likely) would move ${r.mover} from ${pct(r.now)} to ${pct(r.if_occurs)} if it occurs, ${pct(r.if_not)} if not; expected change ${r.expected_change.toFixed(3)}`).join("; ") + ".";
  const f = figure(parent, { id: "watch", title: "Signposts to watch: expected change of the forecast", alt, rows,
    note: "Expected change: the expected total-variation distance between the result probabilities now and after learning whether the event occurs (0–1), at the parameters' defaults." });
  f.show(Plot.plot({
    ...common(parent), marginLeft: Math.min(margin, 170), marginRight: 60, height: 60 + rows.length * 28,
    x: { ...below, label: "Expected change of the result probabilities (total variation, 0–1) →", grid: true },
    y: { label: null, domain: rows.map(y) },
    marks: [
      Plot.barX(rows, { y, x: "expected_change", fill: palette[4], title: (r) => `${r.label}: P ${pct(r.probability)}; ${r.mover} ${pct(r.now)} → ${pct(r.if_occurs)} if it occurs, ${pct(r.if_not)} if not` }),
      Plot.ruleX([0]),
      Plot.text(rows, { y, x: "expected_change", text: (r) => r.expected_change.toFixed(3), dx: 6, textAnchor: "start", fill: "currentColor" }),
    ],
  }));
  return f;
}

/**
 * Each result's probability over the timeline with its band, annotated
 * with the observations (points from timelinePoints, marks from
 * timelineMarks); hovering an observation's rule or point shows its
 * source and note.
 */
export function timelineChart(parent, { points, marks: obs }) {
  const results = [...new Set(points.map((p) => p.result))];
  const steps = [...new Set(points.map((p) => p.step))].sort((a, b) => a - b);
  const tick = (s) => (s === 0 ? "prior" : `#${s} ${obs.find((o) => o.step === s)?.date ?? ""}`);
  const alt = `${results.length} results over ${steps.length} forecasts (the prior and ${steps.length - 1} observations): ` +
    results.map((r) => {
      const s = points.filter((p) => p.result === r);
      return `${r} ${s.map((p) => pct(p.probability)).join(" → ")}`;
    }).join("; ") + ".";
  const f = figure(parent, { id: "timeline", title: "Each result's probability over the timeline", alt, rows: points,
    columns: ["step", "when", "observation", "result", "label", "probability", "lo", "hi", "source", "note"],
    note: "Bands: the 95% interval of each probability under Monte Carlo (a posterior weights the prior draws by the probability of the evidence). Hover an observation for its source and note." });
  const banded = points.filter((p) => p.lo !== undefined);
  const title = (p) => (p.step === 0 ? `prior: ${p.result} ${pct(p.probability)}` : `${p.observation} (${p.when}): ${p.result} ${pct(p.probability)}\nsource: ${p.source}${p.note ? "\nnote: " + p.note : ""}`);
  const shown = obs.filter((o) => steps.includes(o.step));
  f.show(Plot.plot({
    ...common(parent), marginLeft: 50, marginRight: 110, marginTop: 30, height: 380,
    x: { ...below, label: "Observation (number and date) →", domain: steps, type: "point", tickFormat: tick, padding: 0.3 },
    y: { label: "↑ Probability (0–1)", domain: [0, 1], grid: true, tickFormat: "%" },
    color: { domain: results, range: palette, legend: true, label: "result" },
    marks: [
      Plot.ruleX(shown, { x: "step", stroke: "#bbb", strokeDasharray: "3,3", title: (o) => `${o.observation} (${o.date}): ${o.what}\nsource: ${o.source}${o.note ? "\nnote: " + o.note : ""}` }),
      Plot.text(shown, { x: "step", frameAnchor: "top", dy: -14, text: "observation", fill: "currentColor", fontSize: 10 }),
      Plot.areaY(banded, { x: "step", y1: "lo", y2: "hi", fill: "result", z: "result", fillOpacity: 0.18 }),
      Plot.line(points, { x: "step", y: "probability", stroke: "result", z: "result", strokeWidth: 2 }),
      Plot.dot(points, { x: "step", y: "probability", fill: "result", r: 4, title }),
      Plot.text(points.filter((p) => p.step === steps[steps.length - 1]), { x: "step", y: "probability", text: (p) => `${p.result} ${pct(p.probability)}`, dx: 8, textAnchor: "start", fill: "result" }),
    ],
  }));
  return f;
}

/** Calibration: observed frequency against mean forecast per bin, the diagonal perfect. */
export function calibrationChart(parent, { points, reliability, events }) {
  const alt = `Calibration of ${events} scored events in ${points.length} bins: ` +
    points.map((p) => `forecast ${pct(p.forecast)} happened ${pct(p.observed)} of ${p.n}`).join("; ") + `. Reliability ${Number(reliability ?? 0).toFixed(3)} (0 is perfect).`;
  const f = figure(parent, { id: "calibration", title: "Calibration: how often what was forecast happened", alt, rows: points,
    note: "Each option of each scored question's final forecast is an event; dots are bins (size: number of events), the diagonal is perfect calibration." });
  const w = Math.min(widthOf(parent), 520);
  f.show(Plot.plot({
    ...common(parent), width: w, height: w * 0.85, marginLeft: 50, marginBottom: 44,
    x: { ...below, domain: [0, 1], label: "Mean forecast probability (0–1) →", grid: true, tickFormat: "%" },
    y: { domain: [0, 1], label: "↑ Observed frequency (0–1)", grid: true, tickFormat: "%" },
    r: { range: [3, 12] },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: "#999", strokeDasharray: "4,3" }),
      Plot.dot(points, { x: "forecast", y: "observed", r: "n", fill: palette[0], stroke: "#fff", title: (p) => `forecast ${pct(p.forecast)}: happened ${pct(p.observed)} of ${p.n} events` }),
    ],
  }));
  return f;
}

const utc = (d) => new Date(`${d}T00:00:00Z`);

/**
 * The dyad's daily conflict–cooperation index, a line and a dot per
 * directed dyad and day, the detector's spike days ringed and the
 * proposals (the signposts the events triggered) as dashed rules whose
 * hover lists their source events.
 */
export function eventIndexChart(parent, { rows, spikes, proposals, metric }) {
  const dyads = [...new Set(rows.map((r) => r.dyad))];
  const days = new Set(rows.map((r) => r.date)).size;
  const alt = `The conflict–cooperation index of ${dyads.join(" and ")} on each of ${days} days (−1: only conflict, +1: only cooperation): ` +
    dyads.map((d) => {
      const s = rows.filter((r) => r.dyad === d && r.events > 0);
      const low = s.reduce((a, b) => (a && a.index <= b.index ? a : b), null);
      return `${d} ${s.length} days with events${low ? `, lowest ${low.index.toFixed(2)} on ${low.date}` : ""}`;
    }).join("; ") + `. ${counted(spikes.length, "spike day")}${spikes.length ? ": " + spikes.map((s) => `${s.dyad} ${s.date} (${s.metric} ${s.value}, z ${s.z})`).join(", ") : ""}. ` +
    `${counted(proposals.length, "proposed observation")}${proposals.length ? ": " + proposals.map((p) => `${p.signpost} on ${p.date}`).join(", ") : ""}.`;
  const f = figure(parent, { id: "events-index", title: "Conflict–cooperation index per directed dyad and day", alt, rows,
    columns: ["dyad", "date", "events", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict", "goldstein_sum", "index", "spike"],
    note: `Index = (VC + 2·MC − VK − 2·MK) / (VC + 2·MC + VK + 2·MK) over the day's events by quad class; 0 on a day without events. Rings: spike days of the robust z-score detector on ${metric} (docs/events.md). Dashed rules: observations the CAMEO → signpost mappings proposed; hover one for its source events.` });
  f.show(Plot.plot({
    ...common(parent), marginLeft: 50, marginRight: 20, marginTop: 34, height: 340,
    x: { ...below, label: "Day (UTC) →", type: "utc" },
    y: { label: "↑ Index (−1 conflict … +1 cooperation)", domain: [-1, 1], grid: true },
    color: { domain: dyads, range: palette, legend: true, label: "dyad" },
    marks: [
      Plot.ruleY([0], { stroke: "#999" }),
      Plot.ruleX(proposals, { x: (p) => utc(p.date), stroke: "#D55E00", strokeDasharray: "4,3", strokeWidth: 1.5, ariaDescription: "proposal",
        title: (p) => `${p.signpost}${p.occurred ? "" : " (did not occur)"} on ${p.date}, proposed for ${p.scenario}: ${counted(p.count, "matching event")} from ${p.first}${p.note ? "\n" + p.note : ""}\n${p.events}` }),
      Plot.text(proposals, { x: (p) => utc(p.date), frameAnchor: "top", dy: -16, text: "signpost", fill: "#D55E00", fontSize: 10, ariaDescription: "proposal-label" }),
      Plot.line(rows, { x: (r) => utc(r.date), y: "index", stroke: "dyad", z: "dyad", strokeWidth: 1.5 }),
      Plot.dot(rows, { x: (r) => utc(r.date), y: "index", fill: "dyad", r: 2.5, ariaDescription: "day",
        title: (r) => `${r.dyad} ${r.date}: index ${r.index.toFixed(2)}, ${r.events} events (VC ${r.verbal_cooperation}, MC ${r.material_cooperation}, VK ${r.verbal_conflict}, MK ${r.material_conflict})${r.spike ? "\nspike" : ""}` }),
      Plot.dot(spikes, { x: (s) => utc(s.date), y: "index", stroke: "#000", strokeWidth: 2, r: 7, ariaDescription: "spike",
        title: (s) => `spike ${s.dyad} ${s.date}: ${s.metric} ${s.value} against a baseline median ${s.median} (z ${s.z})` }),
    ],
  }));
  return f;
}

/** The events per directed dyad and day, spike days ringed. */
export function eventCountChart(parent, { rows, spikes }) {
  const dyads = [...new Set(rows.map((r) => r.dyad))];
  const total = (d) => rows.filter((r) => r.dyad === d).reduce((n, r) => n + r.events, 0);
  const alt = `Events per day: ${dyads.map((d) => `${d} ${total(d)} in all`).join("; ")}.`;
  const f = figure(parent, { id: "events-count", title: "Events per directed dyad and day", alt, rows,
    columns: ["dyad", "date", "events", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict", "spike"] });
  const count = new Map(rows.map((r) => [`${r.dyad} ${r.date}`, r.events]));
  f.show(Plot.plot({
    ...common(parent), marginLeft: 50, marginRight: 20, height: 240,
    x: { ...below, label: "Day (UTC) →", type: "utc" },
    y: { label: "↑ Events (count)", grid: true, zero: true },
    color: { domain: dyads, range: palette, legend: true, label: "dyad" },
    marks: [
      Plot.line(rows, { x: (r) => utc(r.date), y: "events", stroke: "dyad", z: "dyad", strokeWidth: 1.5, curve: "step" }),
      Plot.dot(rows, { x: (r) => utc(r.date), y: "events", fill: "dyad", r: 2, ariaDescription: "day", title: (r) => `${r.dyad} ${r.date}: ${r.events} events` }),
      Plot.dot(spikes, { x: (s) => utc(s.date), y: (s) => count.get(`${s.dyad} ${s.date}`) ?? s.events, stroke: "#000", strokeWidth: 2, r: 7, ariaDescription: "spike" }),
    ],
  }));
  return f;
}
