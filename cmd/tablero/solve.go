package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"

	"github.com/spf13/cobra"
	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// solveFlags are the options of tablero solve, Gambit-compatible where
// Gambit has them.
type solveFlags struct {
	method   string
	format   string
	agent    bool
	decimals int
	lambdas  []float64
	budget   int
	quiet    bool
}

func newSolve() *cobra.Command {
	var f solveFlags
	cmd := &cobra.Command{
		Use:   "solve FILE.efg|FILE.nfg",
		Short: "Compute equilibria of a Gambit game file (Gambit-style NE lines, or JSON)",
		Long: `Compute equilibria of a game in Gambit's .efg or .nfg format.

Methods:
  enumpure  all pure-strategy Nash equilibria (exact); with -A, the pure
            equilibria of the agent form of a tree
  spe       all pure subgame-perfect equilibria of a perfect-information
            tree, by backward induction (chance nodes allowed)
  logit     the agent logit quantal response equilibrium traced from λ = 0;
            the end point approximates a Nash equilibrium; with -l, the QRE
            at the given λ values

Output follows Gambit: one "NE,p1,p2,..." line per equilibrium, behaviour
profiles for trees (player by player, information sets in tree order),
exact fractions for exact methods.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, err := gambit.ReadFile(args[0])
			if err != nil {
				return err
			}
			return runSolve(cmd.Context(), cmd.OutOrStdout(), file, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.method, "method", "m", "enumpure", "enumpure, spe or logit")
	fl.StringVar(&f.format, "format", "ne", "output format: ne (Gambit CSV lines) or json")
	fl.BoolVarP(&f.agent, "agent", "A", false, "enumpure: pure equilibria of the agent form")
	fl.IntVarP(&f.decimals, "decimals", "d", 6, "digits of floating-point output")
	fl.Float64SliceVarP(&f.lambdas, "lambda", "l", nil, "logit: report the QRE at these λ (repeatable)")
	fl.IntVar(&f.budget, "budget", 0, "size budget (0: default)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "accepted for Gambit compatibility (tablero prints no banner)")
	return cmd
}

// solution is the JSON form of a solve run.
type solution struct {
	Method     string        `json:"method"`
	Form       string        `json:"form"`
	Players    []string      `json:"players"`
	Equilibria []equilibrium `json:"equilibria"`
}

type equilibrium struct {
	Lambda  *float64 `json:"lambda,omitempty"`
	Profile []string `json:"profile"` // exact fractions or decimals, in Gambit's order
	Payoffs []string `json:"payoffs"`
}

func runSolve(ctx context.Context, w io.Writer, file *gambit.File, f solveFlags) error {
	var sol *solution
	var err error
	switch f.method {
	case "enumpure":
		sol, err = enumPure(ctx, file, f)
	case "spe":
		sol, err = spe(ctx, file, f)
	case "logit":
		sol, err = logit(ctx, file, f)
	default:
		return fmt.Errorf("unknown method %q: expected enumpure, spe or logit", f.method)
	}
	if err != nil {
		return err
	}
	return writeSolution(w, sol, f.format)
}

func enumPure(ctx context.Context, file *gambit.File, f solveFlags) (*solution, error) {
	if n := file.Normal; n != nil {
		eqs, err := solve.PureNash(ctx, n, f.budget)
		if err != nil {
			return nil, err
		}
		sol := &solution{Method: "enumpure", Form: "strategic", Players: n.Players}
		for _, s := range eqs {
			sol.Equilibria = append(sol.Equilibria, pureMixed(n, s))
		}
		return sol, nil
	}
	g := file.Tree
	find := solve.PureNashTree
	if f.agent {
		find = solve.AgentPureNash
	}
	eqs, err := find(ctx, g, f.budget)
	if err != nil {
		return nil, err
	}
	return pureSolution("enumpure", g, eqs), nil
}

func spe(ctx context.Context, file *gambit.File, f solveFlags) (*solution, error) {
	if file.Tree == nil {
		return nil, fmt.Errorf("method spe needs an extensive game (.efg)")
	}
	eqs, err := solve.SPE(ctx, file.Tree, f.budget)
	if err != nil {
		return nil, err
	}
	return pureSolution("spe", file.Tree, eqs), nil
}

func pureSolution(method string, g *game.Game, eqs []solve.PureBehavior) *solution {
	sol := &solution{Method: method, Form: "behaviour", Players: g.Players}
	for _, e := range eqs {
		sol.Equilibria = append(sol.Equilibria, equilibrium{Profile: ratStrings(e.Probs(g)), Payoffs: ratStrings(e.Payoffs(g))})
	}
	return sol
}

// pureMixed writes the pure profile s of n as a mixed profile.
func pureMixed(n *game.Normal, s []int) equilibrium {
	var probs []*big.Rat
	for p, strats := range n.Strategies {
		for k := range strats {
			probs = append(probs, big.NewRat(int64(b2i(k == s[p])), 1))
		}
	}
	cell := n.Index(s)
	pay := make([]*big.Rat, len(n.Players))
	for p := range pay {
		pay[p] = n.Payoff(cell, p)
	}
	return equilibrium{Profile: ratStrings(probs), Payoffs: ratStrings(pay)}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ratStrings(v []*big.Rat) []string {
	out := make([]string, len(v))
	for i, r := range v {
		out[i] = r.RatString()
	}
	return out
}

func logit(ctx context.Context, file *gambit.File, f solveFlags) (*solution, error) {
	g, form := file.Tree, "behaviour"
	if g == nil {
		var err error
		if g, err = file.Normal.Tree(solve.DefaultBudget); err != nil {
			return nil, err
		}
		form = "strategic"
	}
	res, err := solve.Logit(ctx, g, solve.LogitOptions{Lambdas: f.lambdas, Budget: f.budget})
	if err != nil {
		return nil, err
	}
	sol := &solution{Method: "logit", Form: form, Players: g.Players}
	points := res.Points
	if len(f.lambdas) == 0 {
		points = []solve.LogitPoint{res.End}
	}
	for _, pt := range points {
		lam := pt.Lambda
		e := equilibrium{Profile: floatStrings(pt.Profile.Flat(), f.decimals), Payoffs: floatStrings(g.Payoffs(pt.Profile), f.decimals)}
		if len(f.lambdas) > 0 {
			e.Lambda = &lam
		}
		sol.Equilibria = append(sol.Equilibria, e)
	}
	return sol, nil
}

func floatStrings(v []float64, decimals int) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = gambit.FormatGeneral("", []float64{x}, decimals)
	}
	return out
}

func writeSolution(w io.Writer, sol *solution, format string) error {
	switch format {
	case "ne":
		for _, e := range sol.Equilibria {
			line := "NE"
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
