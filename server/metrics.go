package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tablero-project/tablero/store"
)

// buckets are the upper bounds of the latency histogram, in seconds.
var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests and their latency per route, for /metrics in
// Prometheus's text format (no client library needed for so little).
type metrics struct {
	mu       sync.Mutex
	requests map[[3]string]int64 // method, route, code
	latency  map[string]*histogram
}

type histogram struct {
	counts []int64 // per bucket, not cumulative
	sum    float64
	n      int64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[3]string]int64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(method, route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[3]string{method, route, fmt.Sprint(code)}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]int64, len(buckets))}
		m.latency[route] = h
	}
	sec := d.Seconds()
	if i, _ := slices.BinarySearch(buckets, sec); i < len(buckets) {
		h.counts[i]++
	}
	h.sum += sec
	h.n++
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP tablero_http_requests_total HTTP requests by method, route and status code.")
	fmt.Fprintln(w, "# TYPE tablero_http_requests_total counter")
	keys := make([][3]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.Join(keys[i][:], " ") < strings.Join(keys[j][:], " ") })
	for _, k := range keys {
		fmt.Fprintf(w, "tablero_http_requests_total{method=%q,route=%q,code=%q} %d\n", k[0], k[1], k[2], m.requests[k])
	}
	fmt.Fprintln(w, "# HELP tablero_http_request_duration_seconds Latency of HTTP requests by route.")
	fmt.Fprintln(w, "# TYPE tablero_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.latency[r]
		var cum int64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "tablero_http_request_duration_seconds_bucket{route=%q,le=\"%g\"} %d\n", r, b, cum)
		}
		fmt.Fprintf(w, "tablero_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.n)
		fmt.Fprintf(w, "tablero_http_request_duration_seconds_sum{route=%q} %g\n", r, h.sum)
		fmt.Fprintf(w, "tablero_http_request_duration_seconds_count{route=%q} %d\n", r, h.n)
	}
}

// statusWriter remembers the status code written. It forwards Flush so
// that event streams work through it.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// observe logs each request and records it in the metrics, by the
// pattern of the route that served it (not the raw path, whose ids would
// make the label set unbounded).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			d := time.Since(start)
			route := r.Pattern
			if route == "" || route == "/" {
				route = "unmatched"
			}
			s.metrics.observe(r.Method, route, sw.code, d)
			level := slog.LevelInfo
			if sw.code >= 500 {
				level = slog.LevelError
			}
			s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "route", route,
				"status", sw.code, "ms", float64(d.Microseconds())/1000, "remote", r.RemoteAddr)
		}()
		next.ServeHTTP(sw, r)
	})
}

// serveMetrics writes the metrics, with gauges of the run queue.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	counts, err := s.st.Counts(ctx)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
	fmt.Fprintln(w, "# HELP tablero_runs Stored runs by status.")
	fmt.Fprintln(w, "# TYPE tablero_runs gauge")
	for _, st := range []store.Status{store.Queued, store.Running, store.Succeeded, store.Failed, store.Cancelled} {
		fmt.Fprintf(w, "tablero_runs{status=%q} %d\n", st, counts[st])
	}
	fmt.Fprintln(w, "# HELP tablero_queue_depth Runs waiting for a worker.")
	fmt.Fprintln(w, "# TYPE tablero_queue_depth gauge")
	fmt.Fprintf(w, "tablero_queue_depth %d\n", counts[store.Queued])
	if s.cfg.Runner != nil {
		fmt.Fprintln(w, "# HELP tablero_runs_active Runs this process is executing.")
		fmt.Fprintln(w, "# TYPE tablero_runs_active gauge")
		fmt.Fprintf(w, "tablero_runs_active %d\n", s.cfg.Runner.Active())
	}
	return nil
}
