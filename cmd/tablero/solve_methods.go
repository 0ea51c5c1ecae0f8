package main

import (
	"context"
	"fmt"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// The methods of issue 3's equilibrium engine, registered beside the
// spine's (enumpure, spe, logit).
func init() {
	methods["enummixed"] = method{about: "all extreme equilibria of two-player games, exact; -c: the maximal convex sets too", normal: enumMixed}
	methods["lcp"] = method{about: "two players: Lemke–Howson from every label (strategic), Lemke on the sequence form (trees); exact", tree: seqLCP, normal: lcpNormal}
	methods["lp"] = method{about: "two-player constant-sum games by linear programming (sequence form for trees); exact", tree: seqLP, normal: lpNormal}
	methods["simpdiv"] = method{about: "simplicial subdivision from the first strategies (exact grid points)", normal: simpDiv}
	methods["gnm"] = method{about: "global Newton method along random rays (--starts, --seed)", normal: floatMethod(gnm)}
	methods["ipa"] = method{about: "iterated polymatrix approximation (--starts, --seed)", normal: floatMethod(ipa)}
	methods["liap"] = method{about: "Lyapunov function minimisation from random starts (--starts, --seed); -A: of a tree's agent form", normal: floatMethod(liap), tree: liapAgent, agentOnly: true}
	methods["enumpoly"] = method{about: "support enumeration with polynomial systems, n players", normal: floatMethod(enumPoly)}
}

func exactProfiles(eqs []game.MixedRat) []profile {
	var out []profile
	for _, m := range eqs {
		out = append(out, profile{exact: m.Flat()})
	}
	return out
}

func enumMixed(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error) {
	r, err := solve.EnumMixed(ctx, n, f.budget)
	if err != nil {
		return nil, err
	}
	out := exactProfiles(r.Equilibria)
	if f.components {
		for c, comp := range r.Components {
			for _, i := range comp {
				out = append(out, profile{exact: r.Equilibria[i].Flat(), tag: fmt.Sprintf("convex-%d", c+1)})
			}
		}
	}
	return out, nil
}

func lcpNormal(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error) {
	eqs, err := solve.LCP(ctx, n, solve.LCPOptions{Stop: f.stop, Budget: f.budget})
	if err != nil {
		return nil, err
	}
	return exactProfiles(eqs), nil
}

func lpNormal(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error) {
	eq, err := solve.LP(ctx, n, f.budget)
	if err != nil {
		return nil, err
	}
	return exactProfiles([]game.MixedRat{eq}), nil
}

func seqLCP(ctx context.Context, g *game.Game, f solveFlags) ([]profile, error) {
	b, err := solve.SequenceLCP(ctx, g, f.budget)
	if err != nil {
		return nil, err
	}
	return []profile{{exact: b.Flat()}}, nil
}

func seqLP(ctx context.Context, g *game.Game, f solveFlags) ([]profile, error) {
	b, err := solve.SequenceLP(ctx, g, f.budget)
	if err != nil {
		return nil, err
	}
	return []profile{{exact: b.Flat()}}, nil
}

func simpDiv(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error) {
	eqs, err := solve.SimpDiv(ctx, n, solve.SimpDivOptions{FloatOptions: f.floatOptions()})
	if err != nil {
		return nil, err
	}
	return exactProfiles(eqs), nil
}

// floatMethod adapts a floating-point method of strategic games.
func floatMethod(run func(context.Context, *game.Normal, solve.FloatOptions) ([]game.Mixed, error)) func(context.Context, *game.Normal, solveFlags) ([]profile, error) {
	return func(ctx context.Context, n *game.Normal, f solveFlags) ([]profile, error) {
		eqs, err := run(ctx, n, f.floatOptions())
		if err != nil {
			return nil, err
		}
		var out []profile
		for _, m := range eqs {
			out = append(out, profile{float: m.Flat(), fixed: true})
		}
		return out, nil
	}
}

func gnm(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return solve.GNM(ctx, n, solve.GNMOptions{FloatOptions: o})
}

func ipa(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return solve.IPA(ctx, n, solve.IPAOptions{FloatOptions: o})
}

func liap(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return solve.Liap(ctx, n, solve.LiapOptions{FloatOptions: o})
}

func enumPoly(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return solve.EnumPoly(ctx, n, solve.EnumPolyOptions{FloatOptions: o})
}

func (f solveFlags) floatOptions() solve.FloatOptions {
	return solve.FloatOptions{Starts: f.starts, Seed: f.seed, Budget: f.budget}
}

func liapAgent(ctx context.Context, g *game.Game, f solveFlags) ([]profile, error) {
	eqs, err := solve.LiapAgent(ctx, g, solve.LiapOptions{FloatOptions: f.floatOptions()})
	if err != nil {
		return nil, err
	}
	var out []profile
	for _, b := range eqs {
		out = append(out, profile{float: b.Flat(), fixed: true})
	}
	return out, nil
}
