// Package server is tablero's HTTP API: stored scenarios and runs, the
// engines as synchronous endpoints with budgets, progress as Server-Sent
// Events, an OpenAPI 3.1 description, health and Prometheus metrics.
//
// It holds HTTP only: runs are executed by package runner, stored by
// package store, and computed by the engines through packages analysis and
// solve/methods. Errors are RFC 9457 problem documents.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/tablero-project/tablero/runner"
	"github.com/tablero-project/tablero/store"
)

// Config configures a Server. Zero fields take the defaults in brackets.
type Config struct {
	Store  store.Store
	Runner *runner.Runner
	// Tokens maps bearer tokens to the names recorded in the audit log;
	// when not empty, every write (POST, PUT, PATCH, DELETE) needs one.
	Tokens map[string]string
	Logger *slog.Logger // [slog.Default()]
	// MaxBody is the largest request body accepted, in bytes [16 MiB].
	MaxBody int64
	// MaxQueued is the longest run queue; a submission beyond it gets
	// 429 with Retry-After [64].
	MaxQueued int
	// SolveBudget is the largest size budget a synchronous computation may
	// use [the solvers' default]; SolveTimeout its wall-clock limit [20s].
	SolveBudget  int
	SolveTimeout time.Duration
	// Computations bounds the synchronous computations at once [cores].
	Computations int
	// Poll is how often an event stream looks for a run's progress
	// [200ms].
	Poll time.Duration
	// Ready, when set, reports whether the process is ready for traffic
	// (false while shutting down).
	Ready func() bool
	// Follow configures timelines, feeds and webhooks (follow.go).
	Follow FollowConfig
}

// Server is the HTTP handler of the API.
type Server struct {
	cfg     Config
	st      store.Store
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *metrics
	handler http.Handler
	slots   chan struct{} // synchronous computations in progress
	parsed  *scenarios    // compiled stored scenarios, by id
	follow  follower      // background workers of following (follow.go)
	// openAPIDoc is the OpenAPI document, encoded once.
	openAPIDoc func() ([]byte, error)
}

// New returns the API's handler.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 16 << 20
	}
	if cfg.MaxQueued <= 0 {
		cfg.MaxQueued = 64
	}
	if cfg.SolveTimeout <= 0 {
		cfg.SolveTimeout = 20 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 200 * time.Millisecond
	}
	if cfg.Computations <= 0 {
		cfg.Computations = runtime.GOMAXPROCS(0)
	}
	s := &Server{cfg: cfg, st: cfg.Store, log: cfg.Logger, mux: http.NewServeMux(), metrics: newMetrics(),
		slots: make(chan struct{}, cfg.Computations), parsed: newScenarios(64)}
	s.openAPIDoc = sync.OnceValues(func() ([]byte, error) { return json.MarshalIndent(s.OpenAPI(), "", "  ") })
	s.routes()
	s.handler = s.recoverer(s.observe(s.limit(s.authorize(s.mux))))
	return s
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// route is one endpoint of the API; the OpenAPI document is generated
// from the same table.
type route struct {
	pattern string
	handle  func(w http.ResponseWriter, r *http.Request) error
	doc     operation
}

func (s *Server) routes() {
	for _, rt := range s.table() {
		s.mux.Handle(rt.pattern, s.endpoint(rt.handle))
	}
	s.mux.Handle("/", s.fallback()) // the dashboard; 404 problems under the API's paths
}

// endpoint adapts a handler that returns an error: the error is answered
// with its problem document, and logged when it is the server's fault.
func (s *Server) endpoint(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		p := problemOf(err)
		if p.Status >= 500 {
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		writeProblem(w, r, p)
	})
}

// recoverer turns a panic in a handler into a 500 problem and a log entry:
// it never stops the server.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			s.log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			writeProblem(w, r, problem(http.StatusInternalServerError, "internal", "Internal error", "the server could not complete the request"))
		}()
		next.ServeHTTP(w, r)
	})
}

// limit caps request bodies.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBody {
			writeProblem(w, r, problemOf(&http.MaxBytesError{Limit: s.cfg.MaxBody}))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		next.ServeHTTP(w, r)
	})
}

// writeJSON answers with v as indented JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// decodeJSON decodes a request body strictly (unknown keys are errors).
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return err
		}
		return badRequest("invalid-json", "request body: %v", err)
	}
	if dec.More() {
		return badRequest("invalid-json", "request body: more than one JSON value")
	}
	return nil
}

// health answers liveness: the process serves requests.
func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, Health{Status: "ok"})
}

// ready answers readiness: the store answers and the process is not
// shutting down.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Ready != nil && !s.cfg.Ready() {
		return writeJSON(w, http.StatusServiceUnavailable, Health{Status: "shutting down"})
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.st.Counts(ctx); err != nil {
		s.log.Error("readiness: store", "err", err)
		return writeJSON(w, http.StatusServiceUnavailable, Health{Status: "store unavailable"})
	}
	return writeJSON(w, http.StatusOK, Health{Status: "ok", Store: s.st.Kind()})
}

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string `json:"status"`
	Store  string `json:"store,omitempty"`
}
