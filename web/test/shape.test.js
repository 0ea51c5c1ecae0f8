import { describe, expect, it } from "vitest";
import {
  probabilityRows, mostLikely, toCSV, treeInput, infosetLinks, tornadoRows, sobolRows, distributionRows, costCells,
  beliefRows, forecastSeries, sliders, withDefaults, requestKey, comparisonRows, bargainingPoints, pct,
  eventRows, spikeMarks, proposalMarks, eventQuery, hiddenRows, marginRows, whatIfOptions, spreadText, WHATIF_DRAWS, counted,
} from "../src/shape.js";

const results = [
  { name: "R1", label: "Softer", probability: 0.2, low: 0.18, high: 0.22, p05: 0.01, p95: 0.5 },
  { name: "R2", label: "Cooperation", probability: 0.7, low: 0.68, high: 0.72, p05: 0.3, p95: 1.0000000002 },
  { name: "R3", label: "Escalation", probability: 0.1, low: 0.09, high: 0.11, p05: 0.2, p95: -1e-12 },
];

describe("probabilityRows", () => {
  it("puts whiskers on the 5th to 95th percentile over the draws, clamped and ordered", () => {
    const rows = probabilityRows(results, 500);
    expect(rows.map((r) => [r.lo, r.hi])).toEqual([[0.01, 0.5], [0.3, 1], [0, 0.2]]);
    expect(rows[0].ci).toEqual([0.18, 0.22]);
  });
  it("draws no whisker for a point estimate", () => {
    const rows = probabilityRows(results, 0);
    expect(rows.every((r) => r.lo === undefined && r.hi === undefined && r.ci === undefined)).toBe(true);
    expect(rows.map((r) => r.probability)).toEqual([0.2, 0.7, 0.1]);
  });
  it("skips whiskers whose percentiles are missing", () => {
    expect(probabilityRows([{ name: "X", label: "x", probability: 0.5 }], 10)[0].lo).toBeUndefined();
    expect(probabilityRows(undefined, 10)).toEqual([]);
  });
  it("finds the most likely", () => {
    expect(mostLikely(results).name).toBe("R2");
    expect(mostLikely([])).toBeUndefined();
  });
});

describe("toCSV", () => {
  it("quotes commas, quotes and line breaks, joins arrays, leaves blanks for missing values", () => {
    const csv = toCSV([{ a: 'say "hi", then', b: [1, 2], c: null }, { a: "two\nlines", b: 3 }], ["a", "b", "c"]);
    expect(csv).toBe('a,b,c\r\n"say ""hi"", then",1; 2,\r\n"two\nlines",3,\r\n');
  });
  it("takes the columns from the first row by default", () => {
    expect(toCSV([{ x: 1, y: { z: 2 } }])).toBe('x,y\r\n1,"{""z"":2}"\r\n');
    expect(toCSV([])).toBe("\r\n");
  });
});

// A chance move (types H 0.3 / D 0.7), then US chooses Soft/Hard without
// knowing the type: both US nodes are one information set.
const flat = {
  players: ["US"],
  nodes: [
    { id: 0, parent: -1, action: -1, player: "chance", infoset: "chance:1", actions: [{ label: "H", probability: 0.3 }, { label: "D", probability: 0.7 }] },
    { id: 1, parent: 0, action: 0, player: "US", infoset: "US:1", actions: [{ label: "Soft", probability: 0.25 }, { label: "Hard", probability: 0.75 }] },
    { id: 2, parent: 1, action: 0, outcome: "O1" },
    { id: 3, parent: 1, action: 1, outcome: "O2" },
    { id: 4, parent: 0, action: 1, player: "US", infoset: "US:1", actions: [{ label: "Soft", probability: 0.25 }, { label: "Hard", probability: 0.75 }] },
    { id: 5, parent: 4, action: 0, outcome: "O1" },
    { id: 6, parent: 4, action: 1, outcome: "O3" },
  ],
};

describe("treeInput", () => {
  it("nests the flat tree with the incoming action and the reach probability", () => {
    const root = treeInput(flat);
    expect(root.id).toBe(0);
    expect(root.reach).toBe(1);
    expect(root.children.map((c) => [c.id, c.via, c.viaProbability])).toEqual([[1, "H", 0.3], [4, "D", 0.7]]);
    const hard = root.children[1].children[1];
    expect(hard.id).toBe(6);
    expect(hard.reach).toBeCloseTo(0.7 * 0.75, 12);
    expect(hard.children).toBeUndefined();
    const leaves = [];
    const walk = (n) => (n.children ? n.children.forEach(walk) : leaves.push(n.reach));
    walk(root);
    expect(leaves.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it("refuses a node whose parent is missing, and has no root for no nodes", () => {
    expect(() => treeInput({ nodes: [{ id: 0, parent: -1 }, { id: 1, parent: 7, action: 0 }] })).toThrow(/no parent 7/);
    expect(treeInput({ nodes: [] })).toBeNull();
  });
});

describe("infosetLinks", () => {
  const node = (id, x, infoset, player) => ({ x, y: 1, data: { id, infoset, player } });
  it("joins shown members of a player's set, ordered across, and leaves out chance and singletons", () => {
    const links = infosetLinks([node(4, 90, "US:1", "US"), node(1, 10, "US:1", "US"), node(0, 50, "chance:1", "chance"),
      node(7, 5, "chance:1", "chance"), node(8, 60, "MX:2", "MX"), node(9, 70)]);
    expect(links).toHaveLength(1);
    expect(links[0].infoset).toBe("US:1");
    expect(links[0].player).toBe("US");
    expect(links[0].members.map((m) => m.data.id)).toEqual([1, 4]);
  });
});

describe("tornadoRows", () => {
  it("gives two segments per parameter from the base, widest swing first", () => {
    const rows = tornadoRows([
      { param: "a", low: 0, high: 1, y_low: 0.4, y_high: 0.6, swing: 0.2, y_base: 0.5 },
      { param: "b", low: 2, high: 3, y_low: 0.7, y_high: 0.2, swing: 0.5, y_base: 0.5 },
    ]);
    expect(rows.map((r) => `${r.param}:${r.end}:${r.from}->${r.to}`)).toEqual(["b:low:0.5->0.7", "b:high:0.5->0.2", "a:low:0.5->0.4", "a:high:0.5->0.6"]);
  });
});

describe("sobolRows", () => {
  it("takes one output's first-order and total indices with their intervals", () => {
    const sobol = { params: ["a", "b"], outputs: [{}, { s1: [0.1, 0.2], s1_low: [0, 0.1], s1_high: [0.2, 0.3], st: [0.3, 0.4], st_low: [0.2, 0.3], st_high: [0.4, 0.5] }] };
    const rows = sobolRows(sobol, 1);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({ param: "a", index: "total (ST)", value: 0.3, lo: 0.2, hi: 0.4 });
    expect(sobolRows(sobol, 5)).toEqual([]);
  });
});

describe("distributionRows", () => {
  it("reads the stored percentiles of the outputs with a prefix", () => {
    const rows = distributionRows([
      { name: "scenario:S0", n: 9, percentiles: [] },
      { name: "result:R1", n: 10, mean: 0.2, min: 0, max: 0.9, percentiles: [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => ({ p, value: p / 2 })) },
    ], "result:");
    expect(rows).toEqual([{ name: "R1", n: 10, mean: 0.2, min: 0, max: 0.9, p05: 0.025, p25: 0.125, p50: 0.25, p75: 0.375, p95: 0.475 }]);
  });
});

describe("costCells", () => {
  it("gives one cell per actor-type and dimension", () => {
    const cells = costCells({ dimensions: [{ id: "sov", label: "Sovereignty" }, { id: "eff" }], actors: [
      { actor: "US", type: "H", by_dimension: [0, -2] }, { actor: "MX", by_dimension: [1, 3] }] });
    expect(cells.map((c) => `${c.actor}/${c.dimension}=${c.value}`)).toEqual(["US=H/sov=0", "US=H/eff=-2", "MX/sov=1", "MX/eff=3"]);
    expect(cells[0].dimension_label).toBe("Sovereignty");
  });
});

describe("beliefRows", () => {
  it("names each decision by mover, move and what is known", () => {
    const rows = beliefRows([{ actor: "US", type: "H", move: "e", reach: 0.2, knows: [{ name: "d", value: "Soft" }],
      beliefs: [{ actor: "MX", type: "T", probability: 0.8 }, { actor: "MX", type: "L", probability: 0.2 }] }, { actor: "MX", move: "r", knows: null }]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ at: "US=H at e | d=Soft", reach: 0.2, about: "MX", type: "T", probability: 0.8 });
  });
});

describe("forecastSeries", () => {
  it("lists positions by round and actor, leaving out absent actors", () => {
    const rows = forecastSeries({ table: { actors: ["A", "B"] }, positions: [[[10], [null]], [[12], [50]]] });
    expect(rows).toEqual([{ round: 0, actor: "A", position: 10 }, { round: 1, actor: "A", position: 12 }, { round: 1, actor: "B", position: 50 }]);
  });
});

describe("sliders and versions", () => {
  const params = [{ id: "rho", label: "Prior", default: 0.3, range: [0.1, 0.5], unit: "probability" }, { id: "free", default: 2 }];
  it("gives a slider per parameter with a range, starting at the override", () => {
    const s = sliders(params, { rho: 0.45 });
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ id: "rho", min: 0.1, max: 0.5, value: 0.45, unit: "probability" });
    expect(s[0].step).toBeCloseTo(0.004, 12);
    expect(sliders(params)[0].value).toBe(0.3);
  });
  it("writes new defaults into a copy of the document", () => {
    const doc = { id: "x", parameters: params };
    const v = withDefaults(doc, { rho: 0.4 });
    expect(v.parameters[0].default).toBe(0.4);
    expect(doc.parameters[0].default).toBe(0.3);
  });
  it("keys requests independently of key order", () => {
    expect(requestKey("s", { draws: 0, overrides: { a: 1, b: 2 } })).toBe(requestKey("s", { overrides: { b: 2, a: 1 }, draws: 0 }));
    expect(requestKey("s", { overrides: { a: 1 } })).not.toBe(requestKey("s", { overrides: { a: 2 } }));
  });
});

describe("comparisons and bargaining", () => {
  it("lists results, then scenarios", () => {
    expect(comparisonRows({ results: [{ name: "R1" }], scenarios: [{ name: "S1" }] }).map((r) => r.kind + r.name)).toEqual(["resultR1", "scenarioS1"]);
  });
  it("takes Nash and KS with and without the win-sets", () => {
    const pts = bargainingPoints({ linked: { label: "All", nash: { utilities: [0.7, 0.8] }, ks: { utilities: [0.6, 0.9] } }, ratified: { label: "Ratified", nash: { utilities: [0.5, 0.5] } } });
    expect(pts.map((p) => `${p.solution}/${p.where}`)).toEqual(["Nash/without win-sets", "Kalai–Smorodinsky/without win-sets", "Nash/within win-sets"]);
  });
  it("formats percentages", () => {
    expect(pct(0.1234)).toBe("12.3%");
    expect(pct(NaN)).toBe("–");
  });
});

import { shiftRows, stepRows, watchRows, observationText, timelinePoints, timelineMarks, observationFromForm, problemLines, questionRows, calibrationPoints } from "../src/shape.js";

describe("evidence shaping", () => {
  it("pairs before and after, with intervals only when the run had draws", () => {
    const rows = shiftRows([{ name: "R2", label: "Coop", prior: 0.7, posterior: 0.9, prior_low: 0.68, prior_high: 0.72, low: 0.88, high: 1.2 }, { actor: "US", type: "H", label: "hawk", prior: 0.5, posterior: 0.4 }]);
    expect(rows.map((r) => [r.name, r.phase, r.probability])).toEqual([["R2", "before", 0.7], ["R2", "after", 0.9], ["US=H", "before", 0.5], ["US=H", "after", 0.4]]);
    expect([rows[1].lo, rows[1].hi]).toEqual([0.88, 1]);
    expect(rows[2].lo).toBeUndefined();
  });
  it("makes one step row per observation with its source and every result", () => {
    const ev = { observations: [{ id: "a", source: "https://x" }], steps: [{ observation: "a", date: "2025-12-06", kind: "signpost", likelihood: 0.6, mover: "R2", change: 0.17, results: [{ name: "R1", probability: 0.1 }, { name: "R2", probability: 0.9 }] }] };
    expect(stepRows(ev)).toEqual([{ observation: "a", date: "2025-12-06", kind: "signpost", source: "https://x", likelihood: 0.6, mover: "R2", change: 0.17, R1: 0.1, R2: 0.9 }]);
    expect(stepRows({ steps: [{ observation: "p", kind: "parameter", results: [], mover: "R1", change: 0 }] })[0].likelihood).toBeNull();
  });
  it("ranks signposts by expected change and picks the mover's branch", () => {
    const w = (s, c) => ({ signpost: s, label: s, probability: 0.5, mover: "R3", expected_change: c, results: [{ name: "R3", label: "Esc", now: 0.1, if_occurs: 0.7, if_not: 0.02 }] });
    const rows = watchRows([w("b", 0.1), w("a", 0.2), w("c", 0.1)]);
    expect(rows.map((r) => r.signpost)).toEqual(["a", "b", "c"]);
    expect([rows[0].now, rows[0].if_occurs, rows[0].if_not, rows[0].mover_label]).toEqual([0.1, 0.7, 0.02, "Esc"]);
  });
  it("describes observations", () => {
    expect(observationText({ signpost: "s" })).toBe("signpost s occurred");
    expect(observationText({ signpost: "s", occurred: false })).toBe("signpost s did not occur");
    expect(observationText({ move: ["d=Hard", "r=P"] })).toBe("moves d=Hard, r=P");
    expect(observationText({ parameter: "p", value: 0.35, sd: 0.04 })).toBe("parameter p = 0.35 ± 0.04");
    expect(observationText({ parameter: "p", range: [0.2, 0.4] })).toBe("parameter p in [0.2, 0.4]");
  });
});

describe("timeline shaping", () => {
  const f = (p, extra = {}) => ({ results: [{ name: "R1", label: "One", probability: p, ...extra }], moves: [], max_move: 0.1 });
  const tl = {
    prior: f(0.5, { p05: 0.3, p95: 0.7, low: 0.49, high: 0.51 }),
    entries: [
      { seq: 1, observation: { id: "a", date: "2025-12-06", source: "src", note: "n", signpost: "s" }, status: "succeeded", forecast: f(0.6, { low: 0.55, high: 0.65 }) },
      { seq: 2, observation: { id: "b", date: "2025-12-07", source: "s2", parameter: "p", value: 1 }, status: "running", forecast: null },
    ],
  };
  it("gives the prior as step 0, one point per succeeded observation and result, bands on the 95% intervals", () => {
    const pts = timelinePoints(tl);
    expect(pts.map((p) => [p.step, p.observation, p.probability, p.lo, p.hi])).toEqual([[0, "prior", 0.5, 0.49, 0.51], [1, "a", 0.6, 0.55, 0.65]]);
    expect(pts[1].source).toBe("src");
    expect(timelinePoints({ entries: [] })).toEqual([]);
  });
  it("annotates every observation, pending ones included", () => {
    const m = timelineMarks(tl);
    expect(m.map((x) => [x.step, x.observation, x.status, x.max_move])).toEqual([[1, "a", "succeeded", 0.1], [2, "b", "running", null]]);
    expect(m[1].what).toBe("parameter p = 1");
  });
});

describe("observationFromForm", () => {
  const base = { date: "2025-12-06", source: " https://x ", note: "", id: "" };
  it("reads each kind", () => {
    expect(observationFromForm({ ...base, kind: "signpost", target: "intel", value: "" })).toEqual({ date: "2025-12-06", source: "https://x", signpost: "intel" });
    expect(observationFromForm({ ...base, kind: "signpost", target: "intel", value: "no" }).occurred).toBe(false);
    expect(observationFromForm({ ...base, kind: "move", target: "d=Hard, r=P" }).move).toEqual(["d=Hard", "r=P"]);
    expect(observationFromForm({ ...base, kind: "parameter", target: "p", value: "0.35±0.04" })).toMatchObject({ parameter: "p", value: 0.35, sd: 0.04 });
    expect(observationFromForm({ ...base, kind: "parameter", target: "p", value: "0.2..0.4" }).range).toEqual([0.2, 0.4]);
    expect(observationFromForm({ ...base, id: "x", note: "n", kind: "parameter", target: "p", value: "2" })).toMatchObject({ id: "x", note: "n", value: 2 });
  });
  it("refuses a value it cannot read", () => {
    expect(() => observationFromForm({ ...base, kind: "parameter", target: "p", value: "lots" })).toThrow(/neither a number/);
    expect(() => observationFromForm({ ...base, kind: "guess", target: "p" })).toThrow(/unknown kind/);
  });
  it("lists a problem's located errors, else its detail", () => {
    expect(problemLines({ detail: "bad", errors: [{ text: "observation:1:1: unknown signpost", message: "unknown signpost" }, { path: "date", message: "malformed" }] }))
      .toEqual(["observation:1:1: unknown signpost", "date: malformed"]);
    expect(problemLines({ detail: "queue full" })).toEqual(["queue full"]);
  });
});

describe("questions shaping", () => {
  it("joins questions, their latest forecast and their scores", () => {
    const qs = [{ id: "q1", statement: "S", options: ["R1", "R2"], close: "2026-03-31T00:00:00Z", resolution: { outcome: "R2" } }, { id: "q2", statement: "T", options: ["A"] }];
    const fc = { q1: [{ at: "2026-01-02T00:00:00Z", probabilities: { R1: 0.2, R2: 0.8 } }, { at: "2026-01-01T00:00:00Z", probabilities: { R1: 0.5, R2: 0.5 } }] };
    const scores = { questions: [{ question_id: "q1", brier: 0.08, log: 0.22, time_averaged_brier: 0.2 }], unscored: [{ question_id: "q2", reason: "unresolved" }],
      calibration: { points: [{ x: 0.2, y: 0, n: 1 }, { x: 0.8, y: 1, n: 1 }] } };
    const rows = questionRows(qs, fc, scores);
    expect(rows[0]).toMatchObject({ id: "q1", forecasts: 2, latest: { R1: 0.2, R2: 0.8 }, outcome: "R2", brier: 0.08, log: 0.22, time_averaged_brier: 0.2, unscored: null });
    expect(rows[1]).toMatchObject({ id: "q2", forecasts: 0, latest: null, outcome: null, brier: null, unscored: "unresolved" });
    expect(calibrationPoints(scores)).toEqual([{ forecast: 0.2, observed: 0, n: 1 }, { forecast: 0.8, observed: 1, n: 1 }]);
    expect(calibrationPoints({})).toEqual([]);
  });
});

describe("event data", () => {
  const view = {
    period: "day", from: "2025-03-10", to: "2025-03-11",
    series: [
      { source: "MEX", target: "USA", period: "day", points: [{ date: "2025-03-10", events: 1, verbal_cooperation: 1, material_cooperation: 0, verbal_conflict: 0, material_conflict: 0, goldstein_sum: 3, index: 1 }, { date: "2025-03-11", events: 0, index: 0 }] },
      { source: "USA", target: "MEX", period: "day", points: [{ date: "2025-03-10", events: 0, index: 0 }, { date: "2025-03-11", events: 2, material_conflict: 2, goldstein_sum: -20, index: -1 }] },
    ],
    spikes: [{ source: "USA", target: "MEX", date: "2025-03-11", metric: "events", value: 2, median: 0, scale: 0.5, z: 4 }],
  };
  it("gives one row per dyad and day, the spike days marked", () => {
    const rows = eventRows(view);
    expect(rows.map((r) => `${r.dyad} ${r.date} ${r.spike}`)).toEqual(["MEX→USA 2025-03-10 false", "MEX→USA 2025-03-11 false", "USA→MEX 2025-03-10 false", "USA→MEX 2025-03-11 true"]);
    expect(rows[3].index).toBe(-1);
    expect(eventRows({})).toEqual([]);
  });
  it("places spikes at their day's index", () => {
    expect(spikeMarks(view)).toEqual([{ dyad: "USA→MEX", date: "2025-03-11", metric: "events", value: 2, median: 0, z: 4, events: undefined, index: -1 }]);
  });
  it("keeps the proposals in range and between the countries, with their events", () => {
    const ev = (source, target) => ({ date: "2025-03-11", source, target, code: "190", goldstein: -10, mentions: 5 });
    const list = { proposals: [
      { scenario: "s", to: "2025-03-11", from: "2025-03-10", count: 2, observation: { id: "a", signpost: "us_strike", note: "US military action reported" }, events: [ev("USAMIL", "MEX")] },
      { scenario: "s", to: "2025-03-11", count: 1, observation: { id: "b", signpost: "condemnation", occurred: false }, events: [ev("CAN", "USA")] },
      { scenario: "s", to: "2025-04-01", count: 1, observation: { id: "c", signpost: "late" }, events: [ev("USA", "MEX")] },
    ] };
    const marks = proposalMarks(list, { from: "2025-03-10", to: "2025-03-11", countries: ["USA", "MEX"] });
    expect(marks.map((m) => m.observation)).toEqual(["a"]);
    expect(marks[0].events).toBe("2025-03-11 USAMIL→MEX CAMEO 190 (Goldstein -10, 5 mentions)");
    expect(marks[0].occurred).toBe(true);
    expect(proposalMarks(list, {}).map((m) => m.occurred)).toEqual([true, false, true]);
  });
  it("writes the form's query", () => {
    expect(eventQuery({ source: " usa ", target: "mex,can", both: true, from: "2025-03-01", to: "" })).toBe("source=USA&target=MEX%2CCAN&both=true&from=2025-03-01");
  });
});

describe("hiddenRows and marginRows", () => {
  const res = {
    hidden: { outcomes: ["O6"], results: [
      { name: "R1", label: "Softer", probability: 0, share: 0, outcomes: [] },
      { name: "R2", label: "Cooperation", probability: 0.11, share: 0.15, p05: 0, p95: 0.2, outcomes: ["O6"] }] },
    margins: [{ actor: "MX", type: "T", move_label: "Mexico's reaction", knows: [{ name: "e", value: "Unilat" }], on_path: false, near_tie: true,
      plays: { action: "Absorb" }, next: { action: "Retaliate" }, margin: 0.1,
      flips: [{ param: "gT", value: 2.0999999, above: true, to: { action: "Retaliate" }, confirmed: true }] }],
  };
  it("keeps the results with a hidden part, with their spread", () => {
    expect(hiddenRows(res)).toEqual([{ name: "R2", label: "Cooperation", probability: 0.11, share: 0.15, outcomes: ["O6"], spread: [0, 0.2] }]);
    expect(hiddenRows({})).toEqual([]);
  });
  it("says where each near tie flips", () => {
    const [m] = marginRows(res);
    expect(m.who).toBe("MX (T)");
    expect(m.decision).toBe("Mexico's reaction after e=Unilat");
    expect(m.flips).toEqual(["Retaliate when gT > 2.1 (confirmed)"]);
  });
});

describe("what-if with draws", () => {
  it("re-runs with a few draws and the overrides, keeping the run's mapping and seed", () => {
    const o = whatIfOptions({ mapping: "m", seed: 7, draws: 1000, sensitivity: ["sobol"] }, { rho: 0.4 });
    expect(o).toEqual({ mapping: "m", draws: WHATIF_DRAWS, seed: 7, overrides: { rho: 0.4 } });
    expect(WHATIF_DRAWS).toBeGreaterThan(0);
  });
  it("shows the mean with its spread, or the mean alone without draws", () => {
    expect(spreadText(results[0])).toBe("20.0% (1%–50%)");
    expect(spreadText({ probability: 0.5 })).toBe("50.0%");
  });
});

describe("counted", () => {
  it("agrees the noun with the count", () => {
    expect([0, 1, 2].map((n) => counted(n, "spike day"))).toEqual(["0 spike days", "1 spike day", "2 spike days"]);
  });
});
