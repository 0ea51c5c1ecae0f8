// Event data: a dyad's daily conflict–cooperation index and event counts
// from the ingested GDELT/ICEWS data (GET /v1/events/series with the
// detector's spikes), and the observations the CAMEO → signpost mappings
// proposed (GET /v1/events/proposals) as annotations.
import { api, optional } from "../api.js";
import { el, eventIndexChart, eventCountChart } from "../charts.js";
import { eventRows, spikeMarks, proposalMarks, eventQuery } from "../shape.js";

const day = (d) => d.toISOString().slice(0, 10);

export async function eventsPage(main, stale) {
  const q = new URLSearchParams(location.search);
  const to = q.get("to") || day(new Date());
  const want = {
    source: q.get("source") ?? "USA", target: q.get("target") ?? "MEX", both: q.get("both") !== "false",
    from: q.get("from") || day(new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 864e5)), to,
  };
  const [view, list] = await Promise.all([
    optional(`/v1/events/series?${eventQuery(want)}&spikes=true`),
    optional("/v1/events/proposals?limit=500").catch(() => null),
  ]);
  if (stale()) return;
  main.replaceChildren(el("h1", { text: "Event data: the dyad's temperature" }), form(want));
  const out = el("section", { id: "event-charts", "aria-labelledby": "h-event-charts" }, el("h2", { id: "h-event-charts", text: `${want.source}${want.both ? " ↔ " : " → "}${want.target}, ${want.from} to ${want.to}` }));
  main.append(out);
  if (!view) {
    main.dataset.points = "0";
    out.append(el("p", { class: "note", text: "This server's store keeps no event data." }));
    return;
  }
  const rows = eventRows(view);
  const countries = [...new Set([...want.source.split(","), ...want.target.split(",")].map((c) => c.trim().toUpperCase()).filter(Boolean))];
  const proposals = proposalMarks(list, { from: view.from, to: view.to, countries });
  const spikes = spikeMarks(view);
  main.dataset.points = String(rows.length);
  if (!rows.length) {
    out.append(el("p", { class: "note empty", text: "No events of these dyads in this range: widen the dates, or start the server with --events-url to ingest GDELT 2.0 exports (docs/events.md)." }));
    return;
  }
  eventIndexChart(out, { rows, spikes, proposals, metric: spikes[0]?.metric ?? "events" });
  eventCountChart(out, { rows, spikes });
  out.append(proposalTable(proposals));
}

function form(want) {
  const field = (label, input) => el("p", {}, el("label", { for: input.id, text: label }), " ", input);
  const f = el("form", { class: "event-query", method: "get", action: "/events", "aria-label": "Dyad and dates" },
    field("Source countries (CAMEO)", el("input", { id: "ev-source", name: "source", value: want.source, size: 10, placeholder: "USA" })),
    field("Target countries", el("input", { id: "ev-target", name: "target", value: want.target, size: 10, placeholder: "MEX" })),
    el("p", {}, el("label", {}, el("input", { id: "ev-both", name: "both", type: "checkbox", value: "true", checked: want.both }), " both directions")),
    field("From", el("input", { id: "ev-from", name: "from", type: "date", value: want.from })),
    field("To", el("input", { id: "ev-to", name: "to", type: "date", value: want.to })),
    el("p", {}, el("button", { type: "submit", text: "Show" })));
  f.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = (id) => f.querySelector(id).value;
    const path = `/events?${eventQuery({ source: v("#ev-source"), target: v("#ev-target"), both: f.querySelector("#ev-both").checked, from: v("#ev-from"), to: v("#ev-to") })}`;
    history.pushState(null, "", path);
    window.dispatchEvent(new PopStateEvent("popstate"));
  });
  return f;
}

function proposalTable(ps) {
  if (!ps.length) return el("p", { class: "note", text: "No observations proposed in this range (the server's --events-mapping rules propose them)." });
  return el("div", { class: "table-wrap" }, el("table", { class: "proposals" },
    el("caption", { text: "Observations the CAMEO → signpost mappings proposed, with their source events." }),
    el("thead", {}, el("tr", {}, ...["Date", "Signpost", "Scenario", "Events", "Source events"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...ps.map((p) => el("tr", { "data-observation": p.observation },
      el("th", { scope: "row", text: p.date }), el("td", {}, el("code", { text: p.signpost }), p.occurred ? "" : " (did not occur)"),
      el("td", { text: p.scenario }), el("td", { class: "num", text: String(p.count) }), el("td", { class: "events", text: p.events }))))));
}
