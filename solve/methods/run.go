package methods

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enummixed"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/gnm"
	"github.com/tablero-project/tablero/solve/lcp"
	"github.com/tablero-project/tablero/solve/liap"
	"github.com/tablero-project/tablero/solve/logit"
	"github.com/tablero-project/tablero/solve/lp"
	"github.com/tablero-project/tablero/solve/pure"
	"github.com/tablero-project/tablero/solve/simpdiv"
)

// This file adapts the solver packages (solve/...) to the registry: each
// function runs one with the options it uses and returns its equilibria as
// profiles.

// enumPureNormal streams the pure equilibria of n, each as it is found.
func enumPureNormal(ctx context.Context, n *game.Normal, o Options, yield func(profile) error) error {
	// The profiles share two read-only values: a game of 10^6 strategies
	// used to allocate 10^6 fractions per equilibrium.
	zero, one := indicator(false), indicator(true)
	width := 0
	for _, strats := range n.Strategies {
		width += len(strats)
	}
	return pure.PureNashFunc(ctx, n, o.Budget, func(s []int) error {
		probs := make([]*big.Rat, 0, width)
		for p, strats := range n.Strategies {
			for k := range strats {
				if k == s[p] {
					probs = append(probs, one)
				} else {
					probs = append(probs, zero)
				}
			}
		}
		return yield(profile{exact: probs})
	})
}

// indicator returns 1 if b, else 0.
func indicator(b bool) *big.Rat {
	if b {
		return big.NewRat(1, 1)
	}
	return new(big.Rat)
}

func enumPureTree(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	find := pure.PureNashTree
	if o.Agent {
		find = pure.AgentPureNash
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
	eqs, err := pure.SPE(ctx, g, o.Budget)
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

func pureProfiles(g *game.Game, eqs []pure.PureBehavior) []profile {
	out := make([]profile, len(eqs))
	for i, e := range eqs {
		out[i] = profile{exact: e.Probs(g)}
	}
	return out
}

func logitTree(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	res, err := logit.Logit(ctx, g, logit.LogitOptions{Lambdas: o.Lambdas, Budget: o.Budget})
	if err != nil {
		return nil, err
	}
	return branch(o.Lambdas, res.End, res.Points, func(pt logit.LogitPoint) (float64, []float64) {
		return pt.Lambda, pt.Profile.Flat()
	}), nil
}

func logitNormal(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	res, err := logit.LogitNormal(ctx, n, logit.LogitOptions{Lambdas: o.Lambdas, Budget: o.Budget})
	if err != nil {
		return nil, err
	}
	return branch(o.Lambdas, res.End, res.Points, func(pt logit.LogitNormalPoint) (float64, []float64) {
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
	r, err := enummixed.EnumMixed(ctx, n, o.Budget)
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
	eqs, err := lcp.LCP(ctx, n, lcp.LCPOptions{Stop: o.Stop, Budget: o.Budget})
	if err != nil {
		return nil, err
	}
	return exactProfiles(eqs), nil
}

func lpNormal(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	eq, err := lp.LP(ctx, n, o.Budget)
	if err != nil {
		return nil, constantSum(err)
	}
	return exactProfiles([]game.MixedRat{eq}), nil
}

// constantSum marks the error of lp on a game that is not constant-sum
// as ErrNotApplicable.
func constantSum(err error) error {
	if errors.Is(err, lp.ErrNotConstantSum) {
		return fmt.Errorf("%w: lp: %w", ErrNotApplicable, err)
	}
	return err
}

func seqLCP(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	b, err := lcp.SequenceLCP(ctx, g, o.Budget)
	if err != nil {
		return nil, err
	}
	return []profile{{exact: b.Flat()}}, nil
}

func seqLP(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	b, err := lp.SequenceLP(ctx, g, o.Budget)
	if err != nil {
		return nil, constantSum(err)
	}
	return []profile{{exact: b.Flat()}}, nil
}

func simpDiv(ctx context.Context, n *game.Normal, o Options) ([]profile, error) {
	eqs, err := simpdiv.SimpDiv(ctx, n, simpdiv.SimpDivOptions{FloatOptions: o.floatOptions()})
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

func runGNM(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return gnm.GNM(ctx, n, gnm.GNMOptions{FloatOptions: o})
}

func runIPA(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return gnm.IPA(ctx, n, gnm.IPAOptions{FloatOptions: o})
}

func runLiap(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return liap.Liap(ctx, n, liap.LiapOptions{FloatOptions: o})
}

func enumPoly(ctx context.Context, n *game.Normal, o solve.FloatOptions) ([]game.Mixed, error) {
	return enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{FloatOptions: o})
}

// enumPolyTree solves a tree in behaviour strategies.
func enumPolyTree(ctx context.Context, g *game.Game, o Options) ([]profile, error) {
	eqs, err := enumpoly.EnumPolyTree(ctx, g, enumpoly.EnumPolyOptions{FloatOptions: o.floatOptions()})
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
	eqs, err := liap.LiapAgent(ctx, g, liap.LiapOptions{FloatOptions: o.floatOptions()})
	if err != nil {
		return nil, err
	}
	out := make([]profile, len(eqs))
	for i, b := range eqs {
		out[i] = profile{float: b.Flat(), fixed: true}
	}
	return out, nil
}
