package server

import (
	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/solve/methods"
	"reflect"
)

// operation documents an endpoint for the OpenAPI description.
type operation struct {
	id, summary string
	params      []param
	// body maps a request content type to its Go type (nil: text).
	body      map[string]reflect.Type
	responses map[int]response
}

type param struct {
	name, in, about, typ string // typ: string, integer, boolean, number
	required, repeat     bool
}

type response struct {
	about   string
	typ     reflect.Type // nil: no JSON body
	content string       // default application/json
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

var (
	idParam    = param{name: "id", in: "path", about: "The resource's id.", typ: "string", required: true}
	pageParams = []param{
		{name: "limit", in: "query", about: "Page size, 1 to 1000 (default 100).", typ: "integer"},
		{name: "before", in: "query", about: "Cursor: the next field of the previous page (RFC 3339 time).", typ: "string"},
	}
	problems = map[int]response{
		400: {about: "Malformed request.", typ: typeOf[Problem](), content: "application/problem+json"},
		401: {about: "Missing or invalid bearer token (writes, when the server has tokens).", typ: typeOf[Problem](), content: "application/problem+json"},
		404: {about: "No such resource.", typ: typeOf[Problem](), content: "application/problem+json"},
		413: {about: "Request body or game too large.", typ: typeOf[Problem](), content: "application/problem+json"},
		422: {about: "Invalid scenario (with located errors) or too large for the budget.", typ: typeOf[Problem](), content: "application/problem+json"},
		429: {about: "Queue full or too many computations; see Retry-After.", typ: typeOf[Problem](), content: "application/problem+json"},
		500: {about: "Internal error.", typ: typeOf[Problem](), content: "application/problem+json"},
	}
)

// with adds the problem responses of codes to rs.
func with(rs map[int]response, codes ...int) map[int]response {
	for _, c := range codes {
		rs[c] = problems[c]
	}
	rs[500] = problems[500]
	return rs
}

// table lists the API's endpoints.
func (s *Server) table() []route {
	yamlOrJSON := map[string]reflect.Type{"application/yaml": nil, "application/json": nil}
	return append(s.followRoutes(), []route{
		{"POST /v1/scenarios", s.postScenario, operation{id: "createScenario", summary: "Store a scenario version (YAML or JSON body) after checking it",
			params: []param{{name: "label", in: "query", about: "Labels to attach (repeatable, or comma-separated).", typ: "string", repeat: true},
				{name: "filename", in: "query", about: "File name used in error locations.", typ: "string"}},
			body: yamlOrJSON,
			responses: with(map[int]response{201: {about: "Stored as a new version.", typ: typeOf[ScenarioView]()},
				200: {about: "The same canonical document was stored before.", typ: typeOf[ScenarioView]()}}, 400, 401, 413, 422)}},
		{"GET /v1/scenarios", s.listScenarios, operation{id: "listScenarios", summary: "List scenario versions, newest first",
			params: append([]param{{name: "name", in: "query", about: "Only versions of this scenario id.", typ: "string"},
				{name: "label", in: "query", about: "Only scenarios with this label.", typ: "string"}}, pageParams...),
			responses: with(map[int]response{200: {about: "A page of scenarios.", typ: typeOf[ScenarioList]()}}, 400)}},
		{"GET /v1/scenarios/{id}", s.getScenario, operation{id: "getScenario", summary: "One scenario version: its record and canonical document, or the document as JSON or YAML",
			params:    []param{idParam, {name: "format", in: "query", about: "view (default), json or yaml.", typ: "string"}},
			responses: with(map[int]response{200: {about: "The scenario.", typ: typeOf[ScenarioView]()}}, 400, 404)}},
		{"POST /v1/runs", s.postRun, operation{id: "createRun", summary: "Queue an analysis run (200 with the stored run when the same computation exists)",
			body: map[string]reflect.Type{"application/json": typeOf[RunRequest]()},
			responses: with(map[int]response{202: {about: "Queued.", typ: typeOf[RunView]()},
				200: {about: "The run of the same scenario, options and version (cached).", typ: typeOf[RunView]()}}, 400, 401, 404, 413, 422, 429)}},
		{"GET /v1/runs", s.listRuns, operation{id: "listRuns", summary: "List runs, newest first",
			params: append([]param{{name: "scenario", in: "query", about: "Only runs of this scenario id.", typ: "string"},
				{name: "status", in: "query", about: "queued, running, succeeded, failed or cancelled.", typ: "string"}}, pageParams...),
			responses: with(map[int]response{200: {about: "A page of runs.", typ: typeOf[RunList]()}}, 400)}},
		{"GET /v1/runs/{id}", s.getRun, operation{id: "getRun", summary: "A run: status, progress, and its result once it succeeded",
			params:    []param{idParam, {name: "result", in: "query", about: "false to leave the result out.", typ: "boolean"}},
			responses: with(map[int]response{200: {about: "The run.", typ: typeOf[RunView]()}}, 404)}},
		{"GET /v1/runs/{id}/result", s.getResult, operation{id: "getRunResult", summary: "A run's result document, byte for byte as stored",
			params: []param{idParam},
			responses: with(map[int]response{200: {about: "The result document (run record and brief).", typ: resultType},
				404: problems[404], 409: {about: "The run has no result.", typ: typeOf[Problem](), content: "application/problem+json"}})}},
		{"GET /v1/runs/{id}/tree", s.runTree, operation{id: "getRunTree", summary: "A run's game tree at its parameter values, with the equilibrium probability of every action (for drawing)",
			params: []param{idParam},
			responses: with(map[int]response{200: {about: "The tree.", typ: typeOf[RunTree]()},
				409: {about: "The run has no result.", typ: typeOf[Problem](), content: "application/problem+json"}}, 404)}},
		{"GET /v1/runs/{id}/report.html", s.getReport, operation{id: "getRunReport", summary: "A run's brief as one self-contained HTML file (summary, SVG charts, tables, run record; no script, no network)",
			params: []param{idParam},
			responses: with(map[int]response{200: {about: "The report.", content: "text/html"},
				404: problems[404], 409: {about: "The run has no result.", typ: typeOf[Problem](), content: "application/problem+json"}})}},
		{"GET /v1/runs/{id}/summary", s.getSummary, operation{id: "getRunSummary", summary: "A run's executive summary: plain sentences and the numbers behind them",
			params: []param{idParam},
			responses: with(map[int]response{200: {about: "The summary.", typ: typeOf[brief.Summary]()},
				404: problems[404], 409: {about: "The run has no result.", typ: typeOf[Problem](), content: "application/problem+json"}})}},
		{"GET /v1/runs/{id}/events", s.runEvents, operation{id: "getRunEvents", summary: "Server-Sent Events: progress events, then one done event; data are runs without results",
			params:    []param{idParam},
			responses: with(map[int]response{200: {about: "An event stream.", content: "text/event-stream"}}, 404)}},
		{"DELETE /v1/runs/{id}", s.cancelRun, operation{id: "cancelRun", summary: "Cancel a run",
			params: []param{idParam},
			responses: with(map[int]response{202: {about: "The running run is being stopped.", typ: typeOf[RunView]()},
				200: {about: "Cancelled, or already ended.", typ: typeOf[RunView]()}}, 401, 404)}},
		{"GET /v1/runs/{a}/compare/{b}", s.compareRuns, operation{id: "compareRuns", summary: "What changed between two runs: inputs that differ and each probability before and after",
			params: []param{{name: "a", in: "path", about: "The run before.", typ: "string", required: true},
				{name: "b", in: "path", about: "The run after.", typ: "string", required: true}},
			responses: with(map[int]response{200: {about: "The comparison.", typ: typeOf[analysis.Comparison]()},
				409: {about: "A run has no result.", typ: typeOf[Problem](), content: "application/problem+json"}}, 404)}},
		{"GET /v1/audit", s.listAudit, operation{id: "listAudit", summary: "The audit trail: who stored which scenario, submitted or cancelled which run; newest first",
			params:    []param{pageParams[0]},
			responses: with(map[int]response{200: {about: "The newest entries.", typ: typeOf[AuditList]()}}, 400)}},
		{"GET /v1/methods", s.listMethods, operation{id: "listMethods", summary: "The equilibrium methods of POST /v1/solve",
			responses: with(map[int]response{200: {about: "The methods.", typ: typeOf[MethodList]()}})}},
		{"POST /v1/solve", s.postSolve, operation{id: "solve", summary: "Solve a Gambit .efg or .nfg game with a method (synchronous, with budgets)",
			params:    solveParams(),
			body:      map[string]reflect.Type{"application/json": typeOf[SolveRequest](), "text/plain": nil},
			responses: with(map[int]response{200: {about: "The equilibria.", typ: typeOf[methods.Solution]()}}, 400, 401, 413, 422, 429)}},
		{"POST /v1/forecast", s.postForecast, operation{id: "forecast", summary: "Forecast where a negotiation settles from a stakeholder table (baselines, EUM, KTAB SMP), synchronous",
			body:      map[string]reflect.Type{"application/json": typeOf[ForecastRequest]()},
			responses: with(map[int]response{200: {about: "The forecast.", typ: typeOf[forecast.Report]()}}, 400, 401, 404, 413, 422, 429)}},
		{"POST /v1/negotiate", s.postNegotiate, operation{id: "negotiate", summary: "Analyse a multi-issue negotiation (frontier, bargaining solutions) or simulate one (negotiators keep to a specification's win-sets unless ignore_win_sets; the outcome's ratification lists the agreement's breaches), synchronous",
			body:      map[string]reflect.Type{"application/json": typeOf[NegotiateRequest]()},
			responses: with(map[int]response{200: {about: "The analysis or the negotiation.", typ: typeOf[NegotiateResult]()}}, 400, 401, 404, 413, 422, 429)}},
		{"GET /v1/events/series", s.eventSeries, operation{id: "getEventSeries", summary: "Ingested event data: daily or weekly series per directed dyad (counts by quad class, Goldstein, tone, conflict–cooperation index)",
			params: []param{{name: "source", in: "query", about: "Source actor countries, CAMEO codes (repeatable, or comma-separated; default any).", typ: "string", repeat: true},
				{name: "target", in: "query", about: "Target actor countries (as source).", typ: "string", repeat: true},
				{name: "both", in: "query", about: "true: also the dyads with source and target swapped.", typ: "boolean"},
				{name: "from", in: "query", about: "First day, YYYY-MM-DD (default: 90 days before to).", typ: "string"},
				{name: "to", in: "query", about: "Last day, YYYY-MM-DD (default: today, or 90 days after from); at most 3660 days after from.", typ: "string"},
				{name: "period", in: "query", about: "day (default) or week.", typ: "string"},
				{name: "spikes", in: "query", about: "true: also the spikes of the series, by the documented detector (robust z-score, default sensitivity; docs/events.md).", typ: "boolean"},
				{name: "spike_metric", in: "query", about: "The metric the detector watches with spikes=true: events (default), conflict, material_conflict, cooperation, goldstein_sum, goldstein_mentions_sum or index.", typ: "string"}},
			responses: with(map[int]response{200: {about: "The series.", typ: typeOf[EventSeriesView]()}}, 400, 404)}},
		{"GET /v1/events/proposals", s.eventProposals, operation{id: "listEventProposals", summary: "Observations the event poller's CAMEO → signpost mappings proposed, newest first, with their source events",
			params:    []param{{name: "scenario", in: "query", about: "Only those of this scenario id.", typ: "string"}, pageParams[0]},
			responses: with(map[int]response{200: {about: "The proposals.", typ: typeOf[EventProposalList]()}}, 400, 404)}},
		{"GET /openapi.json", s.openAPI, operation{id: "openapi", summary: "This description (OpenAPI 3.1)",
			responses: map[int]response{200: {about: "The OpenAPI document.", typ: nil, content: "application/json"}}}},
		{"GET /healthz", s.health, operation{id: "health", summary: "Liveness",
			responses: map[int]response{200: {about: "The process serves requests.", typ: typeOf[Health]()}}}},
		{"GET /readyz", s.ready, operation{id: "ready", summary: "Readiness: the store answers and the server is not shutting down",
			responses: map[int]response{200: {about: "Ready.", typ: typeOf[Health]()}, 503: {about: "Not ready.", typ: typeOf[Health]()}}}},
		{"GET /metrics", s.serveMetrics, operation{id: "metrics", summary: "Prometheus metrics: requests, latency, runs by status, queue depth",
			responses: map[int]response{200: {about: "Prometheus text format.", content: "text/plain"}}}},
	}...)
}

func solveParams() []param {
	var ps []param
	for _, p := range []struct{ name, typ, about string }{
		{"method", "string", "The method (GET /v1/methods; default enumpure)."},
		{"agent", "boolean", "-A: the agent form."}, {"strategic", "boolean", "-S: through the reduced strategic form."},
		{"perfect", "boolean", "-P: subgame-perfect refinement."}, {"decimals", "integer", "-d: digits of float output."},
		{"budget", "integer", "Size budget (capped by the server)."}, {"components", "boolean", "-c: enummixed's convex sets."},
		{"stop", "integer", "-e: lcp stops after this many."}, {"starts", "integer", "-n: random starts."},
		{"seed", "integer", "-R: seed of random starts."},
	} {
		ps = append(ps, param{name: p.name, in: "query", about: p.about + " With a text body only.", typ: p.typ})
	}
	return append(ps, param{name: "lambda", in: "query", about: "-l: logit λ (repeatable). With a text body only.", typ: "number", repeat: true})
}

// resultType is the document of an analysis run.
var resultType = typeOf[analysis.Result]()
