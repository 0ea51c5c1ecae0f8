package solve_test

// Tests of the floating-point methods on hostile games built here:
// payoffs near ±1e308 (whose differences overflow float64), ±1e300 mixed
// with 1e-300, payoffs beyond float64 (the Inf of a conversion; big.Rat
// payoffs cannot be NaN) and a degenerate game. Every method must return
// either profiles that the exact regret checker verifies, or an error
// that says why — never an unverified profile.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/enumpoly"
	"github.com/tablero-project/tablero/solve/gnm"
	"github.com/tablero-project/tablero/solve/liap"
	"github.com/tablero-project/tablero/solve/logit"
	"github.com/tablero-project/tablero/solve/simpdiv"

	"github.com/tablero-project/tablero/game"
)

// hostileNormal builds a strategic game from payoffs written as decimal
// strings (so that they may exceed float64), cell by cell with player
// 1's strategy fastest.
func hostileNormal(t testing.TB, sizes []int, pay [][]string) *game.Normal {
	t.Helper()
	return ratNormal(t, sizes, pay, func(v string) (*big.Rat, error) {
		r, ok := new(big.Rat).SetString(v)
		if !ok {
			return nil, fmt.Errorf("bad payoff %q", v)
		}
		return r, nil
	})
}

// hostileRange returns the largest minus the smallest payoff of n,
// exactly.
func hostileRange(n *game.Normal) *big.Rat {
	var lo, hi *big.Rat
	for c := range n.Cells {
		for p := range n.Players {
			v := n.Payoff(c, p)
			if lo == nil || v.Cmp(lo) < 0 {
				lo = v
			}
			if hi == nil || v.Cmp(hi) > 0 {
				hi = v
			}
		}
	}
	return new(big.Rat).Sub(hi, lo)
}

// exactRat converts a float64 profile exactly.
func exactRat(t *testing.T, m game.Mixed) game.MixedRat {
	t.Helper()
	out := make(game.MixedRat, len(m))
	for p, s := range m {
		for _, v := range s {
			r := new(big.Rat)
			if r.SetFloat64(v) == nil {
				t.Fatalf("profile %v holds a non-finite probability", m)
			}
			out[p] = append(out[p], r)
		}
	}
	return out
}

// hostileVerify fails unless m's exact regret is at most tol times the
// payoff range of n (the documented acceptance criterion of the methods),
// allowing for probabilities that sum to 1 only in floating point.
func hostileVerify(t *testing.T, n *game.Normal, method string, m game.Mixed, tol float64) {
	t.Helper()
	x := exactRat(t, m)
	for p := range x { // renormalise exactly
		sum := new(big.Rat)
		for _, v := range x[p] {
			sum.Add(sum, v)
		}
		if sum.Sign() <= 0 {
			t.Fatalf("%s: profile %v: player %d's probabilities sum to %s", method, m, p+1, sum.FloatString(6))
		}
		for _, v := range x[p] {
			v.Quo(v, sum)
		}
	}
	r := solve.RegretMixedRat(n, x)
	bound := new(big.Rat).Mul(hostileRange(n), new(big.Rat).SetFloat64(tol))
	if r.Cmp(bound) > 0 {
		rf, _ := r.Float64()
		bf, _ := bound.Float64()
		t.Errorf("%s: profile %v is not an equilibrium: exact regret %.4g > %.4g", method, m, rf, bf)
	}
}

// hostileGames are the games of the tests. want says what an error may
// be: "" means any error must wrap ErrNotFound or ErrPathStalled (the
// method found nothing it could verify), "range" means an error must say
// the payoffs are out of range.
var hostileGames = []struct {
	name  string
	sizes []int
	pay   [][]string
	// outOfRange: every method (but the exact SimpDiv) must refuse the
	// game saying a payoff is out of range.
	outOfRange bool
	// logitRange: logit (not scale-invariant) must refuse it.
	logitRange bool
}{{
	name:  "matching pennies near ±1e308",
	sizes: []int{2, 2},
	pay:   [][]string{{"1e308", "-1e308"}, {"-1e308", "1e308"}, {"-1e308", "1e308"}, {"1e308", "-1e308"}},
	// differences of 2e308 overflow: logit refuses, the others rescale.
	logitRange: true,
}, {
	name:       "asymmetric near 1.7e308",
	sizes:      []int{2, 2},
	pay:        [][]string{{"1e308", "0"}, {"0", "1.7e308"}, {"1.5e308", "1e308"}, {"1e307", "-1e308"}},
	logitRange: true,
}, {
	name:  "±1e300 mixed with 1e-300",
	sizes: []int{3, 2},
	pay: [][]string{{"1e300", "1e-300"}, {"-1e300", "2e-300"}, {"3e-300", "1e300"},
		{"5e299", "-5e299"}, {"1e-300", "0"}, {"0", "1e300"}},
}, {
	name:  "all payoffs near 1e-300",
	sizes: []int{2, 2},
	pay:   [][]string{{"3e-300", "-1e-300"}, {"-2e-300", "1e-300"}, {"-1e-300", "2e-300"}, {"1e-300", "-3e-300"}},
}, {
	name:       "a payoff beyond float64 (Inf when converted)",
	sizes:      []int{2, 2},
	pay:        [][]string{{"1e309", "0"}, {"0", "1"}, {"0", "1"}, {"1", "0"}},
	outOfRange: true,
	logitRange: true,
}, {
	name:       "a payoff below -MaxFloat64",
	sizes:      []int{2, 2},
	pay:        [][]string{{"1", "0"}, {"0", "-2e308"}, {"0", "1"}, {"1", "0"}},
	outOfRange: true,
	logitRange: true,
}, {
	name:  "degenerate: every payoff 1e308",
	sizes: []int{2, 2},
	pay:   [][]string{{"1e308", "1e308"}, {"1e308", "1e308"}, {"1e308", "1e308"}, {"1e308", "1e308"}},
}, {
	name:  "degenerate: ties at 1e300",
	sizes: []int{2, 3},
	pay: [][]string{{"1e300", "1e300"}, {"1e300", "1e300"}, {"1e300", "0"}, {"1e300", "0"},
		{"0", "1e300"}, {"0", "1e300"}},
}}

// hostileErr fails unless err is a clear refusal: out of range when the
// game must be refused, else ErrNotFound or ErrPathStalled.
func hostileErr(t *testing.T, method string, err error, outOfRange bool) {
	t.Helper()
	switch {
	case outOfRange && !strings.Contains(err.Error(), "out of range"):
		t.Errorf("%s: got %v, want an error saying a payoff is out of range", method, err)
	case !outOfRange && !strings.Contains(err.Error(), "out of range") &&
		!errors.Is(err, solve.ErrNotFound) && !errors.Is(err, logit.ErrPathStalled):
		t.Errorf("%s: got %v, want a verified equilibrium or ErrNotFound", method, err)
	}
}

func TestFloatHostilePayoffs(t *testing.T) {
	ctx := context.Background()
	mixed := map[string]func(*game.Normal) ([]game.Mixed, error){
		"gnm":  func(n *game.Normal) ([]game.Mixed, error) { return gnm.GNM(ctx, n, gnm.GNMOptions{}) },
		"ipa":  func(n *game.Normal) ([]game.Mixed, error) { return gnm.IPA(ctx, n, gnm.IPAOptions{}) },
		"liap": func(n *game.Normal) ([]game.Mixed, error) { return liap.Liap(ctx, n, liap.LiapOptions{}) },
		"enumpoly": func(n *game.Normal) ([]game.Mixed, error) {
			return enumpoly.EnumPoly(ctx, n, enumpoly.EnumPolyOptions{})
		},
		"logit": func(n *game.Normal) ([]game.Mixed, error) {
			res, err := logit.LogitNormal(ctx, n, logit.LogitOptions{})
			if err != nil {
				return nil, err
			}
			return []game.Mixed{res.End.Profile}, nil
		},
		"logit (tree)": func(n *game.Normal) ([]game.Mixed, error) {
			g, err := n.Tree(1000)
			if err != nil {
				return nil, err
			}
			res, err := logit.Logit(ctx, g, logit.LogitOptions{})
			if err != nil {
				return nil, err
			}
			return hostileFromBehavior(res.End.Profile), nil
		},
		"liap -A": func(n *game.Normal) ([]game.Mixed, error) {
			g, err := n.Tree(1000)
			if err != nil {
				return nil, err
			}
			bs, err := liap.LiapAgent(ctx, g, liap.LiapOptions{})
			var out []game.Mixed
			for _, b := range bs {
				out = append(out, hostileFromBehavior(b)...)
			}
			return out, err
		},
	}
	// Each method's tolerance, relative to the payoff range: the
	// defaults (logit's end criterion is relative too, and the agent
	// form of a strategic game has one set per player).
	tols := map[string]float64{"gnm": 1e-6, "ipa": 1e-6, "liap": 1e-6, "enumpoly": 1e-6,
		"logit": 1e-8 * 1.01, "logit (tree)": 1e-8 * 1.01, "liap -A": 1e-4}
	for _, hg := range hostileGames {
		n := hostileNormal(t, hg.sizes, hg.pay)
		t.Run(hg.name, func(t *testing.T) {
			for name, f := range mixed {
				eqs, err := f(n)
				mustRefuse := hg.outOfRange || (hg.logitRange && strings.HasPrefix(name, "logit"))
				if err != nil {
					if len(eqs) > 0 {
						t.Errorf("%s: returned %v with the error %v", name, eqs, err)
					}
					hostileErr(t, name, err, mustRefuse)
					continue
				}
				if mustRefuse {
					t.Errorf("%s: accepted a game with payoffs out of range: %v", name, eqs)
				}
				if len(eqs) == 0 {
					t.Errorf("%s: no profile and no error", name)
				}
				for _, m := range eqs {
					hostileVerify(t, n, name, m, tols[name])
				}
			}
			// SimpDiv is exact: it handles any rational payoffs, and
			// verifies with RegretMixedRat.
			sd, err := simpdiv.SimpDiv(ctx, n, simpdiv.SimpDivOptions{})
			if err != nil {
				hostileErr(t, "simpdiv", err, false)
			}
			tol := new(big.Rat).Mul(hostileRange(n), big.NewRat(1, 10_000_000))
			for _, m := range sd {
				if r := solve.RegretMixedRat(n, m); r.Cmp(tol) > 0 {
					t.Errorf("simpdiv: %v has regret %s", m, r.FloatString(6))
				}
			}
		})
	}
}

// hostileFromBehavior reads the behaviour profile of n.Tree (one set per
// player) as a mixed profile.
func hostileFromBehavior(b game.Behavior) []game.Mixed {
	m := make(game.Mixed, len(b))
	for p := range b {
		m[p] = b[p][0]
	}
	return []game.Mixed{m}
}

// TestRegretMixedExtreme checks that the float regret checker does not
// overflow with payoffs near ±1e308, and that it fails closed (+Inf) when
// it cannot compute.
func TestRegretMixedExtreme(t *testing.T) {
	pennies := hostileNormal(t, []int{2, 2}, hostileGames[0].pay)
	beyond := hostileNormal(t, []int{2, 2}, hostileGames[4].pay)
	small := hostileNormal(t, []int{2, 2}, [][]string{{"1e300", "-1e300"}, {"-1e300", "1e300"}, {"-1e300", "1e300"}, {"1e300", "-1e300"}})
	half := game.Mixed{{0.5, 0.5}, {0.5, 0.5}}
	pure := game.Mixed{{1, 0}, {1, 0}}
	nan := game.Mixed{{0.5, 0.5}, {nanValue(), 0.5}}
	for _, tc := range []struct {
		name string
		n    *game.Normal
		m    game.Mixed
		want func(float64) bool
	}{
		{"equilibrium near 1e308", pennies, half, func(r float64) bool { return r == 0 }},
		{"pure profile near 1e308 (regret 2e308)", pennies, pure, func(r float64) bool { return math.IsInf(r, 1) }},
		{"pure profile, payoffs ±1e300", small, pure, func(r float64) bool { return math.Abs(r-2e300) < 1e285 }},
		{"NaN probability", pennies, nan, func(r float64) bool { return math.IsInf(r, 1) }},
		{"payoff beyond float64", beyond, half, func(r float64) bool { return math.IsInf(r, 1) }},
	} {
		if r := solve.RegretMixed(tc.n, tc.m); !tc.want(r) {
			t.Errorf("%s: RegretMixed = %g", tc.name, r)
		}
	}
	g, err := pennies.Tree(100)
	if err != nil {
		t.Fatal(err)
	}
	b := game.Behavior{{{1, 0}}, {{1, 0}}}
	if r, err := solve.RegretBehavior(g, b); err != nil || !math.IsInf(r, 1) {
		t.Errorf("RegretBehavior of a pure profile near 1e308 = %g, %v; want +Inf (2e308)", r, err)
	}
	if r, err := solve.RegretBehavior(g, game.Behavior{{{0.5, 0.5}}, {{0.5, 0.5}}}); err != nil || r != 0 {
		t.Errorf("RegretBehavior of the equilibrium near 1e308 = %g, %v; want 0", r, err)
	}
}

func nanValue() float64 {
	zero := 0.0
	return zero / zero
}
