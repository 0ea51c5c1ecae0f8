package methods

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
)

// This file adapts the solvers of package solve to the registry: each
// function runs one with the options it uses and returns its equilibria as
// profiles.

func enumPureNormal(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	eqs, err := solve.PureNash(ctx, n, o.Budget)
	if err != nil {
		return nil, err
	}
	// The profiles share two read-only values: a game of 10^6 strategies
	// used to allocate 10^6 fractions per equilibrium.
	zero, one := indicator(false), indicator(true)
	out := make([]profile, len(eqs))
	for i, s := range eqs {
		var probs []*big.Rat
		for p, strats := range n.Strategies {
			for k := range strats {
				if k == s[p] {
					probs = append(probs, one)
				} else {
					probs = append(probs, zero)
				}
			}
		}
		out[i] = profile{exact: probs}
	}
	return out, nil
}

// indicator returns 1 if b, else 0.
func indicator(b bool) *big.Rat {
	if b {
		return big.NewRat(1, 1)
	}
	return new(big.Rat)
}

func enumPureTree(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	find := solve.PureNashTree
	if o.Agent {
		find = solve.AgentPureNash
	}
	eqs, err := find(ctx, g, o.Budget)
	if err != nil {
		return nil, err
	}
	return pureProfiles(g, eqs), nil
}

func speTree(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	if err := perfectInformation(g); err != nil {
		return nil, err
	}
	eqs, err := solve.SPE(ctx, g, o.Budget)
	if err != nil {
		return nil, err
	}
	return pureProfiles(g, eqs), nil
}

// perfectInformation returns an error wrapping ErrNotApplicable if an
// information set of g has several nodes.
func perfectInformation(g *game.Game) error {
	for p, sets := range g.Infosets {
		for i, s := range sets {
			if len(s.Members) > 1 {
				return fmt.Errorf("%w: spe needs perfect information, but information set %d (%q) of player %d has %d nodes",
					ErrNotApplicable, i+1, s.Label, p+1, len(s.Members))
			}
		}
	}
	return nil
}

func pureProfiles(g *game.Game, eqs []solve.PureBehavior) []profile {
	out := make([]profile, len(eqs))
	for i, e := range eqs {
		out[i] = profile{exact: e.Probs(g)}
	}
	return out
}

func logitTree(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	res, err := solve.Logit(ctx, g, solve.LogitOptions{Lambdas: o.Lambdas, Budget: o.Budget})
	if err != nil {
		return nil, err
	}
	return branch(o.Lambdas, res.End, res.Points, func(pt solve.LogitPoint) (float64, []float64) {
		return pt.Lambda, pt.Profile.Flat()
	}), nil
}

func logitNormal(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	res, err := solve.LogitNormal(ctx, n, solve.LogitOptions{Lambdas: o.Lambdas, Budget: o.Budget})
	if err != nil {
		return nil, err
	}
	return branch(o.Lambdas, res.End, res.Points, func(pt solve.LogitNormalPoint) (float64, []float64) {
		return pt.Lambda, pt.Profile.Flat()
	}), nil
}

// branch returns what logit reports of a branch: its end point without
// lambdas (as a plain NE line), otherwise its points at them.
func branch[P any](lambdas []float64, end P, points []P, flat func(P) (float64, []float64)) []profile {
	if len(lambdas) == 0 {
		_, probs := flat(end)
		return []profile{{float: probs}}
	}
	out := make([]profile, len(points))
	for i, pt := range points {
		lambda, probs := flat(pt)
		out[i] = profile{float: probs, lambda: &lambda}
	}
	return out
}

func exactProfiles(eqs []game.MixedRat) []profile {
	out := make([]profile, len(eqs))
	for i, m := range eqs {
		out[i] = profile{exact: m.Flat()}
	}
	return out
}

func enumMixed(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	r, err := solve.EnumMixed(ctx, n, o.Budget)
	if err != nil {
		return nil, err
	}
	out := exactProfiles(r.Equilibria)
	if o.Components {
		for c, comp := range r.Components {
			for _, i := range comp {
				out = append(out, profile{exact: r.Equilibria[i].Flat(), tag: fmt.Sprintf("convex-%d", c+1)})
			}
		}
	}
	return out, nil
}

func lcpNormal(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	eqs, err := solve.LCP(ctx, n, solve.LCPOptions{Stop: o.Stop, Budget: o.Budget})
	if err != nil {
		return nil, err
	}
	return exactProfiles(eqs), nil
}

func lpNormal(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	eq, err := solve.LP(ctx, n, o.Budget)
	if err != nil {
		return nil, constantSum(err)
	}
	return exactProfiles([]game.MixedRat{eq}), nil
}

// constantSum marks the error of lp on a game that is not constant-sum
// as ErrNotApplicable.
func constantSum(err error) error {
	if errors.Is(err, solve.ErrNotConstantSum) {
		return fmt.Errorf("%w: lp: %w", ErrNotApplicable, err)
	}
	return err
}

func seqLCP(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	b, err := solve.SequenceLCP(ctx, g, o.Budget)
	if err != nil {
		return nil, err
	}
	return []profile{{exact: b.Flat()}}, nil
}

func seqLP(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	b, err := solve.SequenceLP(ctx, g, o.Budget)
	if err != nil {
		return nil, constantSum(err)
	}
	return []profile{{exact: b.Flat()}}, nil
}

func simpDiv(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	eqs, err := solve.SimpDiv(ctx, n, solve.SimpDivOptions{FloatOptions: o.floatOptions()})
	if err != nil {
		return nil, err
	}
	return exactProfiles(eqs), nil
}

// floatMethod adapts a floating-point method of strategic games; its
// profiles print in fixed point.
func floatMethod(run func(context.Context, *game.Normal, solve.FloatOptions) ([]game.Mixed, error)) func(context.Context, *game.Normal, Options) ([]profile, error) {
	return func(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
		eqs, err := run(ctx, n, o.floatOptions())
		if err != nil {
			return nil, err
		}
		out := make([]profile, len(eqs))
		for i, m := range eqs {
			out[i] = profile{float: m.Flat(), fixed: true}
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

// enumPolyTree solves a tree in behaviour strategies.
func enumPolyTree(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	eqs, err := solve.EnumPolyTree(ctx, g, solve.EnumPolyOptions{FloatOptions: o.floatOptions()})
	if err != nil {
		return nil, err
	}
	out := make([]profile, len(eqs))
	for i, b := range eqs {
		out[i] = profile{float: b.Flat(), fixed: true}
	}
	return out, nil
}

func liapAgent(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	eqs, err := solve.LiapAgent(ctx, g, solve.LiapOptions{FloatOptions: o.floatOptions()})
	if err != nil {
		return nil, err
	}
	out := make([]profile, len(eqs))
	for i, b := range eqs {
		out[i] = profile{float: b.Flat(), fixed: true}
	}
	return out, nil
}
