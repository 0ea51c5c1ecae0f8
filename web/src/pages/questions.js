// Questions and scores: every question with its latest forecast and
// outcome, the scores of the resolved ones and the calibration chart.
import { api } from "../api.js";
import { el, calibrationChart } from "../charts.js";
import { questionRows, calibrationPoints, pct } from "../shape.js";

const num = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "–");

export async function questionsPage(main, stale) {
  const [list, scores] = await Promise.all([api("/v1/questions"), api("/v1/scores?bins=10")]);
  const qs = list.questions ?? [];
  const views = await Promise.all(qs.map((q) => api(`/v1/questions/${encodeURIComponent(q.id)}`)));
  if (stale()) return;
  const rows = questionRows(qs, Object.fromEntries(views.map((v) => [v.id, v.forecasts ?? []])), scores);
  main.replaceChildren(el("h1", { text: "Questions and scores" }),
    el("p", { class: "meta" }, "From ", el("a", { href: "/v1/questions", text: "GET /v1/questions" }), " and ", el("a", { href: "/v1/scores?bins=10", text: "GET /v1/scores" }),
      ". Add questions, forecasts and resolutions with the API or `tablero questions` (docs/follow.md)."));
  const qsec = el("section", { id: "questions", "aria-labelledby": "h-questions" }, el("h2", { id: "h-questions", text: "Questions" }));
  main.append(qsec);
  if (!rows.length) qsec.append(el("p", { class: "note", text: "No questions yet." }));
  else qsec.append(el("div", { class: "table-wrap" }, el("table", { class: "questions" },
    el("caption", { text: "Each question: its statement, close, latest forecast (option: probability), outcome and scores (Brier 0–2 and log loss, lower is better)." }),
    el("thead", {}, el("tr", {}, ...["Question", "Statement", "Close", "Forecasts", "Latest forecast", "Outcome", "Brier", "Log", "Time-averaged Brier"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", { "data-question": r.id },
      el("th", { scope: "row" }, el("code", { text: r.id })),
      el("td", {}, r.statement, r.scenario_id ? el("span", {}, " · ", el("a", { href: `/scenarios/${encodeURIComponent(r.scenario_id)}/timeline`, "data-link": true, text: "timeline" })) : ""),
      el("td", { text: String(r.close ?? "").slice(0, 10) }), el("td", { class: "num", text: String(r.forecasts) }),
      el("td", { text: r.latest ? r.options.map((o) => `${o}: ${pct(r.latest[o] ?? 0)}`).join(", ") : "–" }),
      el("td", { text: r.outcome ?? "open" }),
      el("td", { class: "num", text: num(r.brier) }), el("td", { class: "num", text: num(r.log) }),
      el("td", { class: "num", text: r.unscored ? `– (${r.unscored})` : num(r.time_averaged_brier) })))))));

  const ssec = el("section", { id: "scores", "aria-labelledby": "h-scores" }, el("h2", { id: "h-scores", text: "Scores" }));
  main.append(ssec);
  const o = scores.overall ?? {};
  ssec.append(el("div", { class: "table-wrap" }, el("table", { class: "scores" },
    el("caption", { text: `Mean scores over the scored questions (${scores.convention ?? ""}).` }),
    el("thead", {}, el("tr", {}, ...["Scope", "Questions", "Brier", "Log", "Time-averaged Brier"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...[["Overall", o], ...(scores.scenarios ?? []).map((g) => [`scenario ${g.scenario_id.slice(0, 19)}…`, g])].map(([name, g]) =>
      el("tr", {}, el("th", { scope: "row", text: name }), el("td", { class: "num", text: String(g.questions ?? 0) }),
        el("td", { class: "num", text: num(g.brier) }), el("td", { class: "num", text: num(g.log) }), el("td", { class: "num", text: num(g.time_averaged_brier) })))))));
  const pts = calibrationPoints(scores);
  if (pts.length) calibrationChart(ssec, { points: pts, reliability: scores.calibration.reliability, events: scores.calibration.events });
  else ssec.append(el("p", { class: "note", text: "No scored question yet: no calibration to draw." }));
}
