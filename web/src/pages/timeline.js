// A scenario's timeline: each result's probability after each
// observation, the observations with their sources, a form to add one,
// the Atom feed and the scenario's webhooks.
import { api, optional, follow, APIError } from "../api.js";
import { el, timelineChart } from "../charts.js";
import { timelinePoints, timelineMarks, observationFromForm, problemLines, pct } from "../shape.js";

const sourceOf = (s) => (/^https?:\/\//.test(s ?? "") ? el("a", { href: s, rel: "noopener noreferrer", text: s }) : s ?? "");
const pending = (tl) => (tl.entries ?? []).some((e) => e.status === "queued" || e.status === "running") || ((tl.entries ?? []).length > 0 && !tl.prior);

export async function timelinePage(main, stale, id) {
  const enc = encodeURIComponent(id);
  const [doc, hooks] = await Promise.all([api(`/v1/scenarios/${enc}?format=json`), optional(`/v1/scenarios/${enc}/webhooks`).catch(() => null)]);
  let tl = await api(`/v1/scenarios/${enc}/timeline`);
  if (stale()) return;
  const feed = tl.links?.feed ?? `/v1/scenarios/${enc}/feed.atom`;
  const chart = el("section", { id: "timeline", "aria-labelledby": "h-timeline" }, el("h2", { id: "h-timeline", text: "Forecast over the timeline" }));
  const list = el("section", { id: "observations", "aria-labelledby": "h-observations" }, el("h2", { id: "h-observations", text: "Observations" }));
  main.replaceChildren(
    el("h1", { text: `Timeline: ${doc.title ?? doc.id ?? id}` }),
    el("p", { class: "meta" }, `Scenario ${id} · `, el("a", { href: feed, class: "feed", type: "application/atom+xml", text: "Atom feed" }), " · ",
      el("a", { href: `/v1/scenarios/${enc}/timeline`, text: "timeline JSON" }), " · ", el("a", { href: "/questions", "data-link": true, text: "Questions and scores" })),
    chart, list, addForm(doc, enc, () => refresh(true)), webhooks(hooks));

  async function refresh(wait) {
    tl = await api(`/v1/scenarios/${enc}/timeline`);
    for (let i = 0; wait && pending(tl) && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 300));
      tl = await api(`/v1/scenarios/${enc}/timeline`);
    }
    draw();
  }
  function draw() {
    const points = timelinePoints(tl), marks = timelineMarks(tl);
    main.dataset.points = String(new Set(points.map((p) => p.step)).size);
    chart.replaceChildren(chart.firstChild);
    if (points.length) timelineChart(chart, { points, marks });
    else chart.append(el("p", { class: "note", text: "No forecast yet: add an observation below; the first one also runs the prior (the forecast before any observation)." }));
    list.replaceChildren(list.firstChild, observationTable(tl));
  }
  draw();
  if (pending(tl)) await refresh(true);
}

function observationTable(tl) {
  const entries = tl.entries ?? [];
  if (!entries.length) return el("p", { class: "note", text: "No observations yet." });
  const marks = timelineMarks(tl);
  const rows = entries.map((e, i) => {
    const m = marks[i], f = e.forecast;
    const moved = f?.moves?.length ? f.moves.reduce((a, b) => (Math.abs(b.change) > Math.abs(a.change) ? b : a)) : null;
    return el("tr", { "data-seq": e.seq },
      el("th", { scope: "row", text: String(e.seq) }), el("td", { text: m.date }), el("td", {}, el("code", { text: m.observation })), el("td", { text: m.what }),
      el("td", {}, sourceOf(m.source)), el("td", { text: m.note }),
      el("td", {}, e.run_id ? el("a", { href: `/runs/${e.run_id}`, "data-link": true, text: e.status }) : e.status, e.error ? ` (${e.error})` : ""),
      el("td", { class: "num", text: moved ? `${moved.name} ${pct(moved.before)} → ${pct(moved.after)}` : "–" }));
  });
  return el("div", { class: "table-wrap" }, el("table", { class: "timeline" },
    el("caption", { text: "Each observation in the order added: its date, what was observed, its source and note, its run and the result it moved most." }),
    el("thead", {}, el("tr", {}, ...["#", "Date", "Observation", "What", "Source", "Note", "Run", "Largest move"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows)));
}

/** The form adding an observation (POST /v1/scenarios/{id}/observations). */
function addForm(doc, enc, done) {
  const field = (label, input) => el("p", {}, el("label", { for: input.id, text: label }), " ", input);
  const kind = el("select", { id: "obs-kind", name: "kind" }, ...["signpost", "move", "parameter"].map((k) => el("option", { value: k, text: k })));
  const targets = el("datalist", { id: "obs-targets" });
  const fill = () => {
    const ids = kind.value === "signpost" ? (doc.signposts ?? []).map((s) => [s.id, s.label]) : kind.value === "parameter" ? (doc.parameters ?? []).map((p) => [p.id, p.label]) : [];
    targets.replaceChildren(...ids.map(([v, l]) => el("option", { value: v, text: l ?? v })));
  };
  kind.addEventListener("change", fill);
  fill();
  const target = el("input", { id: "obs-target", name: "target", list: "obs-targets", required: true, placeholder: "intel_agreement · d=Hard, r=P · mx_poll_help", size: 34 });
  const value = el("input", { id: "obs-value", name: "value", placeholder: "signpost: no · parameter: 0.35±0.04 or 0.2..0.4", size: 34 });
  const date = el("input", { id: "obs-date", name: "date", type: "date", required: true, value: new Date().toISOString().slice(0, 10) });
  const source = el("input", { id: "obs-source", name: "source", required: true, placeholder: "https://… or a citation", size: 50 });
  const note = el("input", { id: "obs-note", name: "note", size: 50 });
  const oid = el("input", { id: "obs-id", name: "id", placeholder: "default: date-kind-target", size: 30 });
  const draws = el("input", { id: "obs-draws", name: "draws", type: "number", min: 0, max: 100000, value: 200 });
  const status = el("p", { id: "obs-status", role: "status", class: "status" });
  const problems = el("ul", { id: "obs-problems", class: "error", role: "alert" });
  const form = el("form", { class: "add-observation", "aria-labelledby": "h-add" },
    el("h2", { id: "h-add", text: "Add an observation" }),
    field("Kind", kind), targets, field("Signpost, moves or parameter", target), field("Value", value), field("Date", date),
    field("Source", source), field("Note", note), field("Id", oid), field("Draws of its run", draws),
    el("p", {}, el("button", { type: "submit", text: "Add the observation" })), status, problems);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    problems.replaceChildren();
    let body;
    try {
      body = observationFromForm({ kind: kind.value, target: target.value, value: value.value, date: date.value, source: source.value, note: note.value, id: oid.value });
    } catch (err) { problems.append(el("li", { text: err.message })); return; }
    status.textContent = "Adding…";
    try {
      const v = await api(`/v1/scenarios/${enc}/observations?draws=${Number(draws.value) || 0}`, { method: "POST", body });
      status.textContent = `Stored as #${v.seq}; running its forecast…`;
      await follow(v.run, (r) => { status.textContent = `#${v.seq}: ${r.status} ${Math.round(100 * (r.progress?.fraction ?? 0))}%`; });
      await done();
      status.textContent = `Observation #${v.seq} added.`;
    } catch (err) {
      status.textContent = err instanceof APIError ? `Refused (${err.status}): ${err.problem?.title ?? err.message}` : `Failed: ${err.message}`;
      problems.append(...problemLines(err.problem ?? { detail: err.message }).map((t) => el("li", { text: t })));
    }
  });
  return form;
}

function webhooks(list) {
  const s = el("section", { id: "webhooks", "aria-labelledby": "h-webhooks" }, el("h2", { id: "h-webhooks", text: "Webhooks" }));
  const hs = list?.webhooks ?? [];
  if (!hs.length) {
    s.append(el("p", { class: "note", text: "No webhook subscriptions (POST /v1/scenarios/{id}/webhooks; see docs/follow.md)." }));
    return s;
  }
  s.append(el("div", { class: "table-wrap" }, el("table", { class: "webhooks" },
    el("caption", { text: "Subscriptions to this scenario's events (secrets are never shown)." }),
    el("thead", {}, el("tr", {}, ...["Id", "URL", "Threshold", "Created", "Deliveries"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...hs.map((h) => el("tr", {}, el("th", { scope: "row", text: h.id }), el("td", { text: h.url }), el("td", { class: "num", text: pct(h.threshold) }),
      el("td", { text: `${h.created_at?.slice(0, 10) ?? ""} ${h.created_by ?? ""}` }), el("td", {}, el("a", { href: h.links?.deliveries ?? `/v1/webhooks/${h.id}/deliveries`, text: "log" }))))))));
  return s;
}
