package methods

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/pure"
)

// Solve computes equilibria of file (a Gambit .efg tree or .nfg game, from
// package gambit) with the method and options of o, as Gambit's tool of
// that name would.
//
// A tree is solved in behaviour strategies when the method solves trees
// (with -A only, for a method that solves trees in the agent form only),
// unless o.Strategic; otherwise through its reduced strategic form, as
// Gambit does. With o.Perfect a tree's subgames are solved bottom-up, one
// equilibrium each, and the result is one subgame-perfect equilibrium;
// o.Perfect is ignored for strategic games.
//
// Solve honours ctx and the budget: an error wraps solve.ErrBudget when
// the game is too large for it, ErrUnknownMethod for a method not in the
// registry and ErrNotApplicable for a method that does not apply to the
// game.
func Solve(ctx context.Context, file *gambit.File, o Options) (*Solution, error) {
	eqs := []Equilibrium{}
	sol, err := Stream(ctx, file, o, func(e Equilibrium) error {
		eqs = append(eqs, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sol.Equilibria = eqs
	return sol, nil
}

// Stream is Solve passing each equilibrium to yield as soon as the method
// has it, in the order of Solve, and returning the solution without its
// equilibria. enumpure on a strategic game (or -S on a tree) finds them
// one at a time, in memory that does not grow with their number; the
// other methods hand them over at their end. Stream stops with yield's
// error if yield returns one; the equilibria yielded before an error
// (such as the budget's) stand.
func Stream(ctx context.Context, file *gambit.File, o Options, yield func(Equilibrium) error) (*Solution, error) {
	m, ok := find(o.Method)
	if !ok {
		return nil, fmt.Errorf("%w %q: expected one of %s", ErrUnknownMethod, o.Method, strings.Join(names(), ", "))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sol, err := dispatch(ctx, file, m, o, func(p profile) error { return yield(p.equilibrium(o.decimals())) })
	if err != nil {
		return nil, err
	}
	sol.Method = m.name
	return sol, nil
}

// dispatch solves file with m as a tree or as a strategic game, passing
// the profiles to yield, and returns the solution's form and players.
func dispatch(ctx context.Context, file *gambit.File, m method, o Options, yield func(profile) error) (*Solution, error) {
	g, n := file.Tree, file.Normal
	if g == nil && n == nil {
		return nil, errors.New("methods: the file holds no game")
	}
	switch {
	case g != nil && o.Perfect:
		if m.tree == nil {
			return nil, fmt.Errorf("%w: -P needs a method that solves trees; %s does not", ErrNotApplicable, m.name)
		}
		ps, err := perfect(ctx, g, m, o)
		return &Solution{Form: "behaviour", Players: g.Players}, yieldAll(ps, err, yield)
	case g != nil && !o.Strategic && m.tree != nil && (o.Agent || !m.agentOnly):
		ps, err := m.tree(ctx, g, o)
		return &Solution{Form: "behaviour", Players: g.Players}, yieldAll(ps, err, yield)
	case m.normal == nil && g == nil:
		return nil, fmt.Errorf("%w: method %s needs an extensive game (.efg)", ErrNotApplicable, m.name)
	case m.normal == nil:
		return nil, fmt.Errorf("%w: method %s solves trees, not their strategic form (-S)", ErrNotApplicable, m.name)
	}
	if n == nil {
		var err error
		if n, err = reduce(ctx, g, o.budget()); err != nil {
			return nil, err
		}
	}
	return &Solution{Form: "strategic", Players: n.Players}, m.normal(ctx, n, o, yield)
}

// yieldAll passes ps to yield, unless err.
func yieldAll(ps []profile, err error, yield func(profile) error) error {
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := yield(p); err != nil {
			return err
		}
	}
	return nil
}

// reduce returns the reduced strategic form of g, of at most budget
// pure-strategy profiles.
func reduce(ctx context.Context, g *game.Game, budget int) (*game.Normal, error) {
	r, err := g.ReduceContext(ctx, budget)
	if errors.Is(err, game.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %w", solve.ErrBudget, err)
	}
	if err != nil {
		return nil, err
	}
	return r.Normal, nil
}

// perfect solves g's subgames bottom-up, each by the first equilibrium m
// finds there.
func perfect(ctx context.Context, g *game.Game, m method, o Options) ([]profile, error) {
	o.Lambdas = nil // one equilibrium per subgame
	exact := true
	b, err := pure.SubgamePerfect(ctx, g, func(ctx context.Context, sub *game.Game) (game.BehaviorRat, error) {
		ps, err := m.tree(ctx, sub, o)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			return nil, fmt.Errorf("%s found no equilibrium", m.name)
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
				r, err := p.rat(k)
				if err != nil {
					return nil, err
				}
				b[pl][i] = append(b[pl][i], r)
				k++
			}
		}
	}
	return b, nil
}

// rat returns the k-th probability of p as a rational.
func (p profile) rat(k int) (*big.Rat, error) {
	if p.exact != nil {
		return p.exact[k], nil
	}
	return game.Rat(p.float[k])
}
