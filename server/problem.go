package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/internal/english"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/methods"
	"github.com/tablero-project/tablero/store"
)

// ProblemBase prefixes the type URI of every problem document.
const ProblemBase = "https://tablero.dev/problems/"

// Problem is an RFC 9457 problem document. Errors lists the located
// problems of a scenario, as `tablero check` prints them.
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []ProblemError `json:"errors,omitempty"`
}

// ProblemError is one located problem in an input document.
type ProblemError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
	// Text is the problem as one line, file:line:col: message.
	Text string `json:"text"`
}

// problem builds a problem document of a kind (the last part of its type
// URI).
func problem(status int, kind, title, detail string) *Problem {
	return &Problem{Type: ProblemBase + kind, Title: title, Status: status, Detail: detail}
}

// httpError is an error that already knows its problem document.
type httpError struct {
	p   *Problem
	err error
}

func (e *httpError) Error() string { return e.p.Detail }
func (e *httpError) Unwrap() error { return e.err }

// badRequest returns an error answered with 400 and kind.
func badRequest(kind, format string, args ...any) error {
	return &httpError{p: problem(http.StatusBadRequest, kind, "Bad request", fmt.Sprintf(format, args...))}
}

// notFound returns an error answered with 404.
func notFound(format string, args ...any) error {
	return &httpError{p: problem(http.StatusNotFound, "not-found", "Not found", fmt.Sprintf(format, args...))}
}

// problemOf maps an error to its problem document.
func problemOf(err error) *Problem {
	var he *httpError
	var mb *http.MaxBytesError
	var list scenario.ErrorList
	var one *scenario.Error
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &he):
		return he.p
	case errors.As(err, &mb):
		return problem(http.StatusRequestEntityTooLarge, "body-too-large", "Request body too large",
			fmt.Sprintf("the request body exceeds the limit of %d bytes", mb.Limit))
	case errors.As(err, &list):
		return scenarioProblem(list)
	case errors.As(err, &one):
		return scenarioProblem(scenario.ErrorList{one})
	case errors.Is(err, store.ErrNotFound):
		return problem(http.StatusNotFound, "not-found", "Not found", err.Error())
	case errors.Is(err, store.ErrQueueFull):
		return problem(http.StatusTooManyRequests, "queue-full", "Too many queued runs", "the run queue is full; retry later")
	case errors.Is(err, analysis.ErrOptions):
		return problem(http.StatusBadRequest, "invalid-options", "Invalid options", err.Error())
	case errors.Is(err, methods.ErrUnknownMethod):
		return problem(http.StatusBadRequest, "unknown-method", "Unknown method", err.Error())
	case errors.Is(err, methods.ErrNotApplicable):
		return problem(http.StatusUnprocessableEntity, "method-not-applicable", "Method does not apply", err.Error())
	case errors.Is(err, solve.ErrBudget), errors.Is(err, forecast.ErrBudget), errors.Is(err, negotiate.ErrBudget), errors.Is(err, negotiate.ErrTooLarge):
		return problem(http.StatusUnprocessableEntity, "budget-exceeded", "Too large for the budget", err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return problem(http.StatusUnprocessableEntity, "time-budget-exceeded", "Took longer than the time budget", err.Error())
	case errors.As(err, &syn), errors.As(err, &typ):
		return problem(http.StatusBadRequest, "invalid-json", "Malformed JSON", err.Error())
	}
	return problem(http.StatusInternalServerError, "internal", "Internal error", "the server could not complete the request")
}

// scenarioProblem is the 422 answer to a scenario with errors.
func scenarioProblem(list scenario.ErrorList) *Problem {
	p := problem(http.StatusUnprocessableEntity, "invalid-scenario", "Invalid scenario",
		"the scenario has "+english.Count(len(list), "error"))
	p.Errors = problemErrors(list)
	return p
}

func problemErrors(list scenario.ErrorList) []ProblemError {
	out := make([]ProblemError, 0, len(list))
	for _, e := range list {
		out = append(out, ProblemError{File: e.File, Line: e.Line, Col: e.Col, Path: e.Path, Message: e.Msg, Text: e.Error()})
	}
	return out
}

// writeProblem answers with p.
func writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	c := *p
	c.Instance = r.URL.Path
	if c.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
	}
	if c.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="tablero"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(c.Status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(&c)
}

// retryAfterSeconds is the Retry-After of a 429.
const retryAfterSeconds = 5
