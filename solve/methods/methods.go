// Package methods runs tablero's equilibrium methods by name with Gambit's
// command-line conventions, for front ends (the CLI, the server).
//
// A method is named as Gambit's tools are (enumpure, lcp, logit, ...) and
// takes the options of their flags (-A, -S, -P, -d, -l, ...). Solve picks
// how to solve a game the way the tools do: a tree in behaviour strategies
// when the method can, otherwise through its reduced strategic form, and
// formats the equilibria as the tools print them: exact fractions for
// exact methods, fixed-point decimals for the floating-point ones, general
// notation for logit. The Solution it returns prints as Gambit's NE lines
// (WriteNE) or encodes as JSON.
package methods

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/game"
)

// ErrUnknownMethod is wrapped by Solve's error for a method name not in the
// registry; the message lists the valid names.
var ErrUnknownMethod = errors.New("methods: unknown method")

// ErrNotApplicable is wrapped by Solve's error when a method does not apply
// to the game given: spe on a strategic game or an imperfect-information
// tree, -P with a method of strategic games only, lp on a game that is not
// constant-sum.
var ErrNotApplicable = errors.New("methods: method not applicable")

// Info describes a registered method, for listings and for front ends
// that check a request before solving it.
type Info struct {
	Name  string `json:"name"`
	About string `json:"about"`
	// Trees: the method solves trees in behaviour strategies (with Agent
	// only, if AgentOnly); otherwise a tree is solved through its reduced
	// strategic form.
	Trees bool `json:"trees"`
	// AgentOnly: the method solves trees in behaviour strategies only with
	// Agent (-A), in the agent form.
	AgentOnly bool `json:"agent_only,omitempty"`
	// Strategic: the method solves strategic games (and trees through
	// their reduced strategic form).
	Strategic bool `json:"strategic"`
	// Exact: the method computes in exact arithmetic and prints fractions.
	Exact bool `json:"exact"`
}

// A method is an entry of the registry: its description, and how it solves
// trees (behaviour profiles) and strategic games (mixed profiles), nil
// where it does not apply.
type method struct {
	name      string
	about     string
	exact     bool
	agentOnly bool
	tree      func(ctx context.Context, g *game.Game, o Options) ([]profile, error)
	normal    normalFunc
}

// A normalFunc solves a strategic game, passing each equilibrium to yield
// as it finds it and stopping with yield's error.
type normalFunc func(ctx context.Context, n *game.Normal, o Options, yield func(profile) error) error

// listed adapts a method of strategic games that returns all its
// equilibria at its end.
func listed(f func(ctx context.Context, n *game.Normal, o Options) ([]profile, error)) normalFunc {
	return func(ctx context.Context, n *game.Normal, o Options, yield func(profile) error) error {
		ps, err := f(ctx, n, o)
		return yieldAll(ps, err, yield)
	}
}

// registry lists the methods, sorted by name.
var registry = []method{
	{name: "enummixed", exact: true, normal: listed(enumMixed),
		about: "all extreme equilibria of two-player games, exact; -c: the maximal convex sets too"},
	{name: "enumpoly", tree: enumPolyTree, normal: listed(floatMethod(enumPoly)),
		about: "support enumeration with polynomial systems, n players (trees: behaviour supports, sequence form)"},
	{name: "enumpure", exact: true, tree: enumPureTree, normal: enumPureNormal,
		about: "all pure-strategy Nash equilibria (exact); -A: of the agent form"},
	{name: "gnm", normal: listed(floatMethod(runGNM)),
		about: "global Newton method along random rays (--starts, --seed)"},
	{name: "ipa", normal: listed(floatMethod(runIPA)),
		about: "iterated polymatrix approximation (--starts, --seed)"},
	{name: "lcp", exact: true, tree: seqLCP, normal: listed(lcpNormal),
		about: "two players: Lemke–Howson from every label (strategic), Lemke on the sequence form (trees); exact"},
	{name: "liap", agentOnly: true, tree: liapAgent, normal: listed(floatMethod(runLiap)),
		about: "Lyapunov function minimisation from random starts (--starts, --seed); -A: of a tree's agent form"},
	{name: "logit", tree: logitTree, normal: listed(logitNormal),
		about: "the logit QRE traced from λ = 0: its end point, or the QRE at each -l λ"},
	{name: "lp", exact: true, tree: seqLP, normal: listed(lpNormal),
		about: "two-player constant-sum games by linear programming (sequence form for trees); exact"},
	{name: "simpdiv", exact: true, normal: listed(simpDiv),
		about: "simplicial subdivision from the first strategies (exact grid points)"},
	{name: "spe", exact: true, tree: speTree,
		about: "all pure subgame-perfect equilibria of a perfect-information tree (exact)"},
}

// info describes m.
func (m method) info() Info {
	return Info{Name: m.name, About: m.about, Trees: m.tree != nil, AgentOnly: m.agentOnly,
		Strategic: m.normal != nil, Exact: m.exact}
}

// List describes the registered methods, sorted by name.
func List() []Info {
	out := make([]Info, len(registry))
	for i, m := range registry {
		out[i] = m.info()
	}
	return out
}

// Lookup describes the method called name, and reports whether there is
// one.
func Lookup(name string) (Info, bool) {
	m, ok := find(name)
	return m.info(), ok
}

// find returns the registry's entry for name.
func find(name string) (method, bool) {
	i, ok := slices.BinarySearchFunc(registry, name, func(m method, name string) int {
		return strings.Compare(m.name, name)
	})
	if !ok {
		return method{}, false
	}
	return registry[i], true
}

// names returns the registered names, sorted.
func names() []string {
	out := make([]string, len(registry))
	for i, m := range registry {
		out[i] = m.name
	}
	return out
}
