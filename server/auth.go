package server

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
)

type actorKey struct{}

// actor returns who made the request: the name of its token, or
// "anonymous" when the server needs none.
func actor(r *http.Request) string {
	if a, ok := r.Context().Value(actorKey{}).(string); ok {
		return a
	}
	return "anonymous"
}

// authorize requires a valid bearer token on writes when tokens are
// configured; reads stay open.
func (s *Server) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(s.cfg.Tokens) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		name, ok := s.token(r.Header.Get("Authorization"))
		if ok {
			r = r.WithContext(context.WithValue(r.Context(), actorKey{}, name))
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if !ok {
				detail := "this server requires Authorization: Bearer <token> for writes"
				if r.Header.Get("Authorization") != "" {
					detail = "the bearer token is not valid"
				}
				writeProblem(w, r, problem(http.StatusUnauthorized, "unauthorized", "Unauthorized", detail))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// token checks an Authorization header in constant time per token.
func (s *Server) token(h string) (string, bool) {
	given, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || given == "" {
		return "", false
	}
	name, found := "", false
	for tok, n := range s.cfg.Tokens {
		if subtle.ConstantTimeCompare([]byte(tok), []byte(strings.TrimSpace(given))) == 1 {
			name, found = n, true
		}
	}
	return name, found
}
