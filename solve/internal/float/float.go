package float

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/payoff"
)

// DefaultTol is the default tolerance (FloatOptions.Tol) of GNM, IPA
// and EnumPoly.
const DefaultTol = 1e-6

// RNG returns the deterministic generator of a method's random starts.
func RNG(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// Accept verifies a candidate with solve.RegretMixed: it cleans tiny negative
// or denormal probabilities, renormalises, and reports the profile, its
// regret in the units of g (relative to g.span, like the tolerance) and
// whether that regret is at most tol times the payoff range of n.
func Accept(n *game.Normal, g *Game, x []float64, tol float64) (game.Mixed, float64, bool) {
	m := g.Mixed(x)
	for _, s := range m {
		sum := 0.0
		for i, v := range s {
			if !(v > 1e-300) || math.IsNaN(v) {
				if math.IsNaN(v) || v < -1e-7 {
					return nil, math.Inf(1), false
				}
				s[i] = 0
			}
			sum += s[i]
		}
		if !(sum > 0) || math.Abs(sum-1) > 1e-6 {
			return nil, math.Inf(1), false
		}
		for i := range s {
			s[i] /= sum
		}
	}
	// The regret is computed in the units of g (payoffs times 2^-g.exp)
	// so that it does not overflow with payoffs near ±1e308; tol*g.span
	// is then the tolerance scaled to the payoff range.
	r := payoff.MixedRegret(n, m, g.Exp)
	return m, r, r <= tol*g.Span
}

// flSame reports whether two profiles agree to within tol in every
// probability.
func flSame(a, b game.Mixed, tol float64) bool {
	for p := range a {
		for i := range a[p] {
			if math.Abs(a[p][i]-b[p][i]) > tol {
				return false
			}
		}
	}
	return true
}

// Set collects distinct verified equilibria.
type Set struct {
	Tol float64
	Eqs []game.Mixed
}

// Add appends m unless an equal profile is already present; it reports
// whether m was new.
func (s *Set) Add(m game.Mixed) bool {
	for _, e := range s.Eqs {
		if flSame(e, m, s.Tol) {
			return false
		}
	}
	s.Eqs = append(s.Eqs, m)
	return true
}

// Meter charges work against a budget and checks the context.
type Meter struct {
	Ctx   context.Context
	What  string
	Spent int
	Limit int
}

// Charge adds units of work, failing when the budget is exhausted or the
// context is done.
func (m *Meter) Charge(units int) error {
	if err := m.Ctx.Err(); err != nil {
		return err
	}
	m.Spent += units
	if m.Spent > m.Limit || m.Spent < 0 {
		return solve.BudgetSpent(m.What, m.Limit)
	}
	return nil
}

// NotFound returns the error of a method that verified nothing.
func NotFound(method string, why error) error {
	if why == nil {
		return fmt.Errorf("%s: %w", method, solve.ErrNotFound)
	}
	return fmt.Errorf("%s: %w: %v", method, solve.ErrNotFound, why)
}
