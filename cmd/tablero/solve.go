package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// solveFlags are the options of tablero solve, Gambit-compatible where
// Gambit has them.
type solveFlags struct {
	method    string
	format    string
	agent     bool
	strategic bool
	perfect   bool
	decimals  int
	lambdas   []float64
	budget    int
	quiet     bool
	sets      []string // scenario files: parameter overrides
	// for the methods of solve_methods.go
	components bool
	stop       int
	starts     int
	seed       uint64
}

// A method computes equilibria of trees (behaviour profiles) and/or of
// strategic games (mixed profiles); nil where it does not apply.
type method struct {
	about string
	// agentOnly: the tree function applies only with -A; otherwise a tree
	// is solved through its reduced strategic form.
	agentOnly bool
	tree      func(ctx context.Context, g *game.Game, f solveFlags) ([]profile, error)
	normal    func(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error)
}

// profile is one equilibrium, exact or in floating point, with λ for
// points of a logit branch.
type profile struct {
	exact  []*big.Rat
	float  []float64
	lambda *float64
	tag    string // the line's tag, "NE" when empty
	// fixed prints float in fixed point, as Gambit's float tools do
	// (gambit-logit prints general notation).
	fixed bool
}

// methods lists the methods of tablero solve.
var methods = map[string]method{
	"enumpure": {about: "all pure-strategy Nash equilibria (exact); -A: of the agent form", tree: enumPureTree, normal: enumPureNormal},
	"spe":      {about: "all pure subgame-perfect equilibria of a perfect-information tree (exact)", tree: speTree},
	"logit":    {about: "the logit QRE traced from λ = 0: its end point, or the QRE at each -l λ", tree: logitTree, normal: logitNormal},
}

func methodList() string {
	var names []string
	for name, m := range methods {
		names = append(names, fmt.Sprintf("  %-9s %s", name, m.about))
	}
	sort.Strings(names)
	return strings.Join(names, "\n")
}

func newSolve() *cobra.Command {
	var f solveFlags
	cmd := &cobra.Command{
		Use:   "solve FILE.efg|FILE.nfg|SCENARIO.yaml",
		Short: "Compute equilibria of a Gambit game file (Gambit-style NE lines, or JSON)",
		Long: `Compute equilibria of a game in Gambit's .efg or .nfg format, tablero's JSON
form, or the crisis game a scenario file generates (--set overrides its
parameters).

Methods:
` + methodList() + `

Output follows Gambit: one "NE,p1,p2,..." line per equilibrium (with -l, one
"λ,p1,..." line per λ): behaviour profiles for trees (player by player,
information sets in tree order), mixed profiles for strategic games and with
-S (and for methods of strategic games only, which solve a tree's reduced
strategic form as Gambit does), exact fractions for exact methods. -P refines to subgame perfection by
solving subgames bottom-up with the method (one equilibrium per subgame).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, err := readGame(args[0], f.sets)
			if err != nil {
				return err
			}
			return runSolve(cmd.Context(), cmd.OutOrStdout(), file, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.method, "method", "m", "enumpure", "solution method")
	fl.StringVar(&f.format, "format", "ne", "output format: ne (Gambit CSV lines) or json")
	fl.BoolVarP(&f.agent, "agent", "A", false, "enumpure: pure equilibria of the agent form")
	fl.BoolVarP(&f.strategic, "strategic", "S", false, "solve a tree through its reduced strategic form")
	fl.BoolVarP(&f.perfect, "perfect", "P", false, "subgame-perfect refinement: solve subgames bottom-up")
	fl.IntVarP(&f.decimals, "decimals", "d", 6, "digits of floating-point output")
	fl.Float64SliceVarP(&f.lambdas, "lambda", "l", nil, "logit: report the QRE at these λ (repeatable)")
	fl.IntVar(&f.budget, "budget", 0, "size budget (0: default)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "accepted for Gambit compatibility (tablero prints no banner)")
	fl.BoolVarP(&f.components, "components", "c", false, "enummixed: also print the maximal convex sets (convex-N lines)")
	fl.IntVarP(&f.stop, "stop", "e", 0, "lcp: stop after this many equilibria (0: all reachable)")
	fl.IntVarP(&f.starts, "starts", "n", 0, "gnm, ipa, liap, simpdiv: random starts or rays (0: the method's default)")
	fl.Uint64VarP(&f.seed, "seed", "R", 1, "seed of random starts and rays")
	fl.StringArrayVar(&f.sets, "set", nil, "scenario files: override a parameter, as name=value (repeatable)")
	return cmd
}

// solution is the JSON form of a solve run.
type solution struct {
	Method     string        `json:"method"`
	Form       string        `json:"form"` // behaviour or strategic
	Players    []string      `json:"players"`
	Equilibria []equilibrium `json:"equilibria"`
}

type equilibrium struct {
	Tag     string   `json:"tag,omitempty"` // e.g. convex-1 for a point of a maximal convex set
	Lambda  *float64 `json:"lambda,omitempty"`
	Profile []string `json:"profile"` // exact fractions or decimals, in Gambit's order
}

func runSolve(ctx context.Context, w io.Writer, file *gambit.File, f solveFlags) error {
	m, ok := methods[f.method]
	if !ok {
		var names []string
		for name := range methods {
			names = append(names, name)
		}
		sort.Strings(names)
		return fmt.Errorf("unknown method %q: expected one of %s", f.method, strings.Join(names, ", "))
	}
	sol := &solution{Method: f.method}
	var ps []profile
	var err error
	switch g, n := file.Tree, file.Normal; {
	case g != nil && f.perfect:
		if m.tree == nil {
			return fmt.Errorf("-P needs a method that solves trees; %s does not", f.method)
		}
		sol.Form, sol.Players = "behaviour", g.Players
		ps, err = perfect(ctx, g, m, f)
	case g != nil && !f.strategic && m.tree != nil && (f.agent || !m.agentOnly):
		sol.Form, sol.Players = "behaviour", g.Players
		ps, err = m.tree(ctx, g, f)
	default:
		if n == nil {
			r, err := g.ReduceContext(ctx, f.budget)
			if err != nil {
				return err
			}
			n = r.Normal
		}
		if m.normal == nil {
			return fmt.Errorf("method %s needs an extensive game (.efg)", f.method)
		}
		sol.Form, sol.Players = "strategic", n.Players
		ps, err = m.normal(ctx, n, f)
	}
	if err != nil {
		return err
	}
	for _, p := range ps {
		sol.Equilibria = append(sol.Equilibria, p.strings(f.decimals))
	}
	return writeSolution(w, sol, f.format)
}

// perfect solves g's subgames bottom-up, each by the first equilibrium m
// finds there.
func perfect(ctx context.Context, g *game.Game, m method, f solveFlags) ([]profile, error) {
	f.lambdas = nil // one equilibrium per subgame
	exact := true
	b, err := solve.SubgamePerfect(ctx, g, func(ctx context.Context, sub *game.Game) (game.BehaviorRat, error) {
		ps, err := m.tree(ctx, sub, f)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			return nil, fmt.Errorf("%s found no equilibrium", f.method)
		}
		exact = exact && ps[0].exact != nil
		return ps[0].behaviourRat(sub)
	})
	if err != nil {
		return nil, err
	}
	if !exact {
		return []profile{{float: b.Float().Flat()}}, nil
	}
	return []profile{{exact: b.Flat()}}, nil
}

// behaviourRat reshapes a flat profile of g into a behaviour profile;
// floating-point probabilities become rationals through their shortest
// decimals.
func (p profile) behaviourRat(g *game.Game) (game.BehaviorRat, error) {
	b := make(game.BehaviorRat, len(g.Players))
	k := 0
	for pl, sets := range g.Infosets {
		b[pl] = make([][]*big.Rat, len(sets))
		for i, s := range sets {
			for range s.Actions {
				var r *big.Rat
				if p.exact != nil {
					r = p.exact[k]
				} else {
					var err error
					if r, err = game.Rat(p.float[k]); err != nil {
						return nil, err
					}
				}
				b[pl][i] = append(b[pl][i], r)
				k++
			}
		}
	}
	return b, nil
}

func (p profile) strings(decimals int) equilibrium {
	e := equilibrium{Lambda: p.lambda, Tag: p.tag}
	if p.exact != nil {
		for _, r := range p.exact {
			e.Profile = append(e.Profile, r.RatString())
		}
		return e
	}
	for _, x := range p.float {
		if p.fixed {
			e.Profile = append(e.Profile, gambit.FormatFloats("", []float64{x}, decimals))
		} else {
			e.Profile = append(e.Profile, gambit.FormatGeneral("", []float64{x}, decimals))
		}
	}
	return e
}

func enumPureNormal(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error) {
	eqs, err := solve.PureNash(ctx, n, f.budget)
	if err != nil {
		return nil, err
	}
	var out []profile
	for _, s := range eqs {
		var probs []*big.Rat
		for p, strats := range n.Strategies {
			for k := range strats {
				probs = append(probs, big.NewRat(int64(b2i(k == s[p])), 1))
			}
		}
		out = append(out, profile{exact: probs})
	}
	return out, nil
}

func enumPureTree(ctx context.Context, g *game.Game, f solveFlags) ([]profile, error) {
	find := solve.PureNashTree
	if f.agent {
		find = solve.AgentPureNash
	}
	eqs, err := find(ctx, g, f.budget)
	if err != nil {
		return nil, err
	}
	return pureProfiles(g, eqs), nil
}

func speTree(ctx context.Context, g *game.Game, f solveFlags) ([]profile, error) {
	eqs, err := solve.SPE(ctx, g, f.budget)
	if err != nil {
		return nil, err
	}
	return pureProfiles(g, eqs), nil
}

func pureProfiles(g *game.Game, eqs []solve.PureBehavior) []profile {
	var out []profile
	for _, e := range eqs {
		out = append(out, profile{exact: e.Probs(g)})
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func logitTree(ctx context.Context, g *game.Game, f solveFlags) ([]profile, error) {
	res, err := solve.Logit(ctx, g, solve.LogitOptions{Lambdas: f.lambdas, Budget: f.budget})
	if err != nil {
		return nil, err
	}
	if len(f.lambdas) == 0 {
		return []profile{{float: res.End.Profile.Flat()}}, nil
	}
	var out []profile
	for _, pt := range res.Points {
		l := pt.Lambda
		out = append(out, profile{float: pt.Profile.Flat(), lambda: &l})
	}
	return out, nil
}

// logitNormal traces the strategic logit QRE.
func logitNormal(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error) {
	res, err := solve.LogitNormal(ctx, n, solve.LogitOptions{Lambdas: f.lambdas, Budget: f.budget})
	if err != nil {
		return nil, err
	}
	if len(f.lambdas) == 0 {
		return []profile{{float: res.End.Profile.Flat()}}, nil
	}
	var out []profile
	for _, pt := range res.Points {
		l := pt.Lambda
		out = append(out, profile{float: pt.Profile.Flat(), lambda: &l})
	}
	return out, nil
}

func writeSolution(w io.Writer, sol *solution, format string) error {
	switch format {
	case "ne":
		for _, e := range sol.Equilibria {
			line := "NE"
			if e.Tag != "" {
				line = e.Tag
			}
			if e.Lambda != nil {
				line = gambit.FormatFloats("", []float64{*e.Lambda}, 10)
			}
			for _, p := range e.Profile {
				line += "," + p
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
		return nil
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sol)
	}
	return fmt.Errorf("unknown format %q: expected ne or json", format)
}
