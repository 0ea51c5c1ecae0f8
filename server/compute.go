package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/repro"
	"github.com/tablero-project/tablero/solve/methods"
)

// Limits of synchronous game solving: the body and the number of tree
// nodes are checked before any parsing, because building a large tree's
// information structure costs memory no budget counts.
const (
	MaxGameBytes = 1 << 20
	MaxGameNodes = 5000
)

// SolveRequest is the JSON form of a solve request; a request may instead
// send the game file itself as the body, with the options as query
// parameters (method, agent, strategic, perfect, decimals, lambda…,
// budget, components, stop, starts, seed).
type SolveRequest struct {
	// Game is a Gambit .efg or .nfg file's text.
	Game    string          `json:"game"`
	Options methods.Options `json:"options"`
}

// MethodList lists the equilibrium methods.
type MethodList struct {
	Methods []methods.Info `json:"methods"`
}

func (s *Server) listMethods(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, MethodList{Methods: methods.List()})
}

func (s *Server) postSolve(w http.ResponseWriter, r *http.Request) error {
	req, err := solveRequest(r)
	if err != nil {
		return err
	}
	if err := checkGameSize(req.Game); err != nil {
		return err
	}
	file, err := gambit.Read(strings.NewReader(req.Game))
	if err != nil {
		return badRequest("invalid-game", "game: %v", err)
	}
	o := req.Options
	if s.cfg.SolveBudget > 0 && (o.Budget <= 0 || o.Budget > s.cfg.SolveBudget) {
		o.Budget = s.cfg.SolveBudget
	}
	rec, err := repro.New("solve", []byte(req.Game), o)
	if err != nil {
		return err
	}
	if o.Seed != 0 {
		seed := o.Seed
		rec.Seed = &seed
	}
	var sol *methods.Solution
	err = s.compute(r.Context(), func(ctx context.Context) error {
		var err error
		sol, err = methods.Solve(ctx, file, o)
		return err
	})
	if err != nil {
		return err
	}
	rec.Finish()
	sol.Run = &rec
	return writeJSON(w, http.StatusOK, sol)
}

// solveRequest reads a solve request in either form.
func solveRequest(r *http.Request) (*SolveRequest, error) {
	if strings.Contains(r.Header.Get("Content-Type"), "json") {
		var req SolveRequest
		if err := decodeJSON(r, &req); err != nil {
			return nil, err
		}
		if req.Options.Method == "" {
			req.Options.Method = "enumpure"
		}
		return &req, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	o, err := solveOptions(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return &SolveRequest{Game: string(body), Options: o}, nil
}

// solveOptions reads solve options from query parameters.
func solveOptions(q url.Values) (methods.Options, error) {
	o := methods.Options{Method: q.Get("method")}
	if o.Method == "" {
		o.Method = "enumpure"
	}
	flags := map[string]*bool{"agent": &o.Agent, "strategic": &o.Strategic, "perfect": &o.Perfect, "components": &o.Components}
	for name, p := range flags {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return o, badRequest("invalid-parameter", "%s %q: expected true or false", name, v)
			}
			*p = b
		}
	}
	ints := map[string]*int{"decimals": &o.Decimals, "budget": &o.Budget, "stop": &o.Stop, "starts": &o.Starts}
	for name, p := range ints {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return o, badRequest("invalid-parameter", "%s %q: expected a whole number ≥ 0", name, v)
			}
			*p = n
		}
	}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return o, badRequest("invalid-parameter", "seed %q: expected a whole number ≥ 0", v)
		}
		o.Seed = n
	}
	for _, v := range q["lambda"] {
		l, err := strconv.ParseFloat(v, 64)
		if err != nil || l < 0 {
			return o, badRequest("invalid-parameter", "lambda %q: expected a number ≥ 0", v)
		}
		o.Lambdas = append(o.Lambdas, l)
	}
	return o, nil
}

// checkGameSize refuses games beyond the server's limits before parsing.
func checkGameSize(game string) error {
	if len(game) > MaxGameBytes {
		return &httpError{p: problem(http.StatusRequestEntityTooLarge, "game-too-large", "Game too large",
			fmt.Sprintf("the game file has %d bytes; this server solves games of at most %d bytes", len(game), MaxGameBytes))}
	}
	if strings.TrimSpace(game) == "" {
		return badRequest("invalid-game", "the request has no game: send a Gambit .efg or .nfg file")
	}
	nodes := 0
	sc := bufio.NewScanner(strings.NewReader(game))
	sc.Buffer(make([]byte, 64<<10), MaxGameBytes)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) > 1 && (line[0] == 'c' || line[0] == 'p' || line[0] == 't') && line[1] == ' ' {
			nodes++
		}
	}
	if nodes > MaxGameNodes {
		return &httpError{p: problem(http.StatusRequestEntityTooLarge, "game-too-large", "Game too large",
			fmt.Sprintf("the tree has %d nodes; this server solves trees of at most %d nodes (use the CLI for larger ones)", nodes, MaxGameNodes))}
	}
	return nil
}

// compute runs a synchronous computation under the server's time budget,
// with at most a few at once: a request waits up to queueWait for a slot,
// then gets 429.
func (s *Server) compute(ctx context.Context, f func(context.Context) error) error {
	wait := time.NewTimer(queueWait)
	defer wait.Stop()
	select {
	case s.slots <- struct{}{}:
	case <-wait.C:
		return &httpError{p: problem(http.StatusTooManyRequests, "busy", "Too many computations",
			"the server is running as many computations as it can; retry later")}
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.slots }()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SolveTimeout)
	defer cancel()
	return f(ctx)
}

// queueWait is how long a synchronous computation waits for a slot.
const queueWait = 10 * time.Second
