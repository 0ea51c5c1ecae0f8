package server

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/tablero-project/tablero/internal/webui"
)

// apiPaths are the paths the dashboard never answers: an unknown path
// at or under them, or under any version prefix (/v2/…), is a 404
// problem, not the app.
var apiPaths = []string{"/openapi.json", "/healthz", "/readyz", "/metrics"}

// fallback answers the requests no API route matched: the dashboard.
func (s *Server) fallback() http.Handler { return s.endpoint(s.dashboard(webui.FS())) }

// dashboard serves the embedded single-page app for GET and HEAD requests
// no API route matched: a file of the build when one exists at the path
// (hashed assets with a year-long Cache-Control, since their names change
// with their content), else index.html, so that the app's own paths
// (/runs/ID, /compare/A/B, …) load it. Everything else is a 404 problem.
func (s *Server) dashboard(files fs.FS) func(w http.ResponseWriter, r *http.Request) error {
	static := http.FileServerFS(files)
	return func(w http.ResponseWriter, r *http.Request) error {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || isAPIPath(r.URL.Path) {
			return notFound("no endpoint %s %s; see /openapi.json", r.Method, r.URL.Path)
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(files, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				static.ServeHTTP(w, r)
				return nil
			}
			if path.Ext(name) != "" { // a missing file, not a page of the app
				return notFound("no file %s", r.URL.Path)
			}
		}
		index, err := fs.ReadFile(files, "index.html")
		if errors.Is(err, fs.ErrNotExist) {
			return notFound("this build has no dashboard (internal/webui/dist is empty)")
		} else if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", csp)
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, err = w.Write(index)
		}
		return err
	}
}

// csp keeps the app to its own origin: scripts and requests go nowhere
// else (charts write inline styles; the icon is a data: URL).
const csp = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

func isAPIPath(p string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if v, ok := strings.CutPrefix(first, "v"); ok && v != "" && strings.Trim(v, "0123456789") == "" {
		return true
	}
	for _, a := range apiPaths {
		if p == a || strings.HasPrefix(p, a+"/") {
			return true
		}
	}
	return false
}
