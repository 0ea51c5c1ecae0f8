package server

import (
	"reflect"

	"github.com/tablero-project/tablero/score"
)

// followRoutes are the endpoints of timelines, feeds, webhooks and
// questions.
func (s *Server) followRoutes() []route {
	obsBody := map[string]reflect.Type{"application/json": nil, "application/yaml": nil}
	return []route{
		{"POST /v1/scenarios/{id}/observations", s.postObservation, operation{id: "addObservation",
			summary: "Add an observation (a move, a signpost or a parameter measurement) to a scenario's timeline and queue the run with every observation so far; a bad observation stores nothing",
			params: []param{idParam, {name: "mapping", in: "query", about: "Mapping of the run (default the scenario's first).", typ: "string"},
				{name: "draws", in: "query", about: "Monte Carlo draws of the run (default 1000).", typ: "integer"},
				{name: "seed", in: "query", about: "Seed of the run (default 1).", typ: "integer"},
				{name: "filename", in: "query", about: "File name used in error locations.", typ: "string"}},
			body: obsBody,
			responses: with(map[int]response{201: {about: "Stored, with its queued run.", typ: typeOf[ObservationView]()},
				409: {about: "An observation with this id exists, or the timeline changed meanwhile.", typ: typeOf[Problem](), content: "application/problem+json"}},
				400, 401, 404, 413, 422, 429)}},
		{"GET /v1/scenarios/{id}/timeline", s.getTimeline, operation{id: "getTimeline",
			summary:   "A scenario's observations, each with the forecast after it (result probabilities with intervals, and how far each moved)",
			params:    []param{idParam},
			responses: with(map[int]response{200: {about: "The timeline.", typ: typeOf[Timeline]()}}, 404)}},
		{"GET /v1/scenarios/{id}/feed.atom", s.getFeed, operation{id: "getFeed",
			summary:   "Atom feed (RFC 4287) of a scenario: an entry per observation, and one per forecast that moved a result by at least the threshold",
			params:    []param{idParam, {name: "threshold", in: "query", about: "Smallest move of a probability that makes an entry, in [0, 1] (default 0.05).", typ: "number"}},
			responses: with(map[int]response{200: {about: "The feed.", content: "application/atom+xml"}}, 400, 404)}},
		{"POST /v1/scenarios/{id}/webhooks", s.postWebhook, operation{id: "createWebhook",
			summary:   "Subscribe a URL to a scenario's events (signed Standard Webhooks deliveries, retried from a persistent outbox)",
			params:    []param{idParam},
			body:      map[string]reflect.Type{"application/json": typeOf[WebhookRequest]()},
			responses: with(map[int]response{201: {about: "Subscribed; the secret is answered once when the server made it.", typ: typeOf[WebhookView]()}}, 400, 401, 404, 413)}},
		{"GET /v1/scenarios/{id}/webhooks", s.listWebhooks, operation{id: "listWebhooks", summary: "A scenario's webhook subscriptions (without secrets)",
			params:    []param{idParam},
			responses: with(map[int]response{200: {about: "The subscriptions.", typ: typeOf[WebhookList]()}}, 404)}},
		{"GET /v1/webhooks/{id}", s.getWebhook, operation{id: "getWebhook", summary: "A webhook subscription (without its secret)",
			params:    []param{idParam},
			responses: with(map[int]response{200: {about: "The subscription.", typ: typeOf[WebhookView]()}}, 404)}},
		{"DELETE /v1/webhooks/{id}", s.deleteWebhook, operation{id: "deleteWebhook", summary: "Unsubscribe: delete a subscription with its pending deliveries and log",
			params:    []param{idParam},
			responses: with(map[int]response{200: {about: "Deleted; the subscription as it was.", typ: typeOf[WebhookView]()}}, 401, 404)}},
		{"GET /v1/webhooks/{id}/deliveries", s.listDeliveries, operation{id: "listDeliveries", summary: "The delivery log of a subscription: its deliveries and every attempt, newest first",
			params:    []param{idParam, pageParams[0]},
			responses: with(map[int]response{200: {about: "The log.", typ: typeOf[DeliveryLog]()}}, 400, 404)}},
		{"POST /v1/questions", s.postQuestion, operation{id: "createQuestion",
			summary:   "Store a question (statement, resolution criterion, close time, options: by default the results of the scenario's mapping)",
			body:      map[string]reflect.Type{"application/json": typeOf[score.Question]()},
			responses: with(map[int]response{201: {about: "Stored.", typ: typeOf[QuestionView]()}, 409: {about: "A question with this id exists.", typ: typeOf[Problem](), content: "application/problem+json"}}, 400, 401, 404, 413, 422)}},
		{"GET /v1/questions", s.listQuestions, operation{id: "listQuestions", summary: "The stored questions, oldest first",
			params:    []param{{name: "scenario", in: "query", about: "Only questions about this scenario id.", typ: "string"}},
			responses: with(map[int]response{200: {about: "The questions.", typ: typeOf[QuestionList]()}})}},
		{"GET /v1/questions/{id}", s.getQuestion, operation{id: "getQuestion", summary: "A question with its forecasts",
			params:    []param{idParam},
			responses: with(map[int]response{200: {about: "The question.", typ: typeOf[QuestionView]()}}, 404)}},
		{"POST /v1/questions/{id}/forecasts", s.postQuestionForecast, operation{id: "recordForecast",
			summary:   "Record a forecast of a question: a succeeded run's result probabilities, or probabilities given by hand",
			params:    []param{idParam},
			body:      map[string]reflect.Type{"application/json": typeOf[QuestionForecastRequest]()},
			responses: with(map[int]response{201: {about: "Recorded.", typ: typeOf[score.Forecast]()}, 200: {about: "This run's forecast was recorded before.", typ: typeOf[score.Forecast]()}}, 400, 401, 404, 413, 422)}},
		{"POST /v1/questions/{id}/resolution", s.postResolution, operation{id: "resolveQuestion", summary: "Record a question's outcome (again with the same outcome: no change)",
			params:    []param{idParam},
			body:      map[string]reflect.Type{"application/json": typeOf[ResolveRequest]()},
			responses: with(map[int]response{200: {about: "The resolved question.", typ: typeOf[score.Question]()}, 409: {about: "Resolved to another outcome already.", typ: typeOf[Problem](), content: "application/problem+json"}}, 400, 401, 404, 413, 422)}},
		{"GET /v1/scores", s.getScores, operation{id: "getScores",
			summary: "Scores of the resolved questions: Brier (sum over options, 0–2), log, Good Judgment time-averaged Brier, per scenario and overall, and a calibration table",
			params: []param{{name: "scenario", in: "query", about: "Only questions about this scenario id.", typ: "string"},
				{name: "bins", in: "query", about: "Calibration bins, 1 to 100 (default 10).", typ: "integer"}},
			responses: with(map[int]response{200: {about: "The scores.", typ: typeOf[score.Report]()}}, 400, 422)}},
	}
}
