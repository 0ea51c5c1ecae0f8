package float

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/payoff"

	"github.com/tablero-project/tablero/game"
)

// This file holds Game, the float64 payoff table the floating-point
// methods work on, with strategy values and payoff Jacobians computed by
// tensor contraction.

// Game is a strategic game with float64 payoffs. Strategies are numbered
// flat, player by player (Gambit's order): player p's strategies are
// off[p] … off[p+1]-1. Payoff tensors are laid out like game.Normal.Cells,
// player 0's strategy varying fastest.
type Game struct {
	N      int         // players
	Sizes  []int       // strategies per player
	Off    []int       // off[p] = flat index of p's first strategy; off[n] = m
	M      int         // total number of strategies
	Cells  int         // pure-strategy profiles
	Pay    [][]float64 // pay[p][cell]
	Lo, Hi float64     // smallest and largest payoff
	Span   float64     // the payoff range of the game as given (1 if 0), in units of 2^exp
	Exp    int         // pay holds the game's payoffs times 2^-exp (payoff.Exp)
	work   flWork
}

// flWork holds scratch tensors for contractions.
type flWork struct {
	a, b          []float64
	dims, players []int
}

// NewGame copies n in float64, checking its size against limit: the
// cells times the players, and the square of the number of strategies
// (the methods' payoff Jacobians).
func NewGame(n *game.Normal, limit int) (*Game, error) {
	if n == nil {
		return nil, errors.New("nil game")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	cells := n.NumProfiles()
	if need := cells * len(n.Players); need > limit || need < 0 {
		return nil, solve.BudgetError(fmt.Sprintf("a %s payoff table", Sizes(n)), need, limit)
	}
	m := 0
	for _, s := range n.Strategies {
		m += len(s)
	}
	if need := m * m; need > limit {
		return nil, solve.BudgetError(fmt.Sprintf("the %d×%d payoff Jacobian of a %s game", m, m, Sizes(n)), need, limit)
	}
	g := &Game{N: len(n.Players), Cells: cells, Lo: math.Inf(1), Hi: math.Inf(-1)}
	g.Sizes = make([]int, g.N)
	g.Off = make([]int, g.N+1)
	for p, s := range n.Strategies {
		g.Sizes[p] = len(s)
		g.Off[p+1] = g.Off[p] + len(s)
	}
	g.M = g.Off[g.N]
	g.Pay = make([][]float64, g.N)
	largest := 0.0
	for p := range g.Pay {
		g.Pay[p] = make([]float64, cells)
		for c := range cells {
			f, _ := n.Payoff(c, p).Float64()
			if math.IsInf(f, 0) {
				return nil, fmt.Errorf("payoff %s of player %d in cell %d is out of range: it does not fit in a float64 (largest magnitude %.4g)",
					new(big.Float).SetRat(n.Payoff(c, p)).Text('g', 6), p+1, c+1, math.MaxFloat64)
			}
			g.Pay[p][c] = f
			largest = math.Max(largest, math.Abs(f))
		}
	}
	// Payoffs of extreme magnitude are rescaled by a power of two
	// (exactly), so that their differences and expected values do not
	// overflow: equilibria are invariant under the rescaling, and
	// Accept verifies in the same units.
	g.Exp = payoff.Exp(largest)
	for _, pay := range g.Pay {
		for c, f := range pay {
			f = math.Ldexp(f, -g.Exp)
			pay[c] = f
			g.Lo, g.Hi = math.Min(g.Lo, f), math.Max(g.Hi, f)
		}
	}
	g.Span = g.Scale()
	g.work = flWork{a: make([]float64, cells), b: make([]float64, cells),
		dims: make([]int, 0, g.N), players: make([]int, 0, g.N)}
	return g, nil
}

// Sizes formats the strategy counts of n ("3×4×2").
func Sizes(n *game.Normal) string {
	s := ""
	for p, st := range n.Strategies {
		if p > 0 {
			s += "×"
		}
		s += fmt.Sprint(len(st))
	}
	return s
}

// Scale returns the payoff range, or 1 if all payoffs are equal.
func (g *Game) Scale() float64 {
	if r := g.Hi - g.Lo; r > 0 {
		return r
	}
	return 1
}

// Normalize rescales the payoffs to [0, 1] (as GameTracer's methods
// expect); equilibria do not change.
func (g *Game) Normalize() {
	s := g.Scale()
	for _, pay := range g.Pay {
		for c, v := range pay {
			pay[c] = (v - g.Lo) / s
		}
	}
	g.Lo, g.Hi = 0, math.Min(1, g.Hi-g.Lo)
}

// Player returns the player owning flat strategy i.
func (g *Game) Player(i int) int {
	p := 0
	for i >= g.Off[p+1] {
		p++
	}
	return p
}

// Contract sums the tensor t (dimensions dims, the first fastest) against
// w on dimension k, writing the result (dimension k removed) into out.
// Zero weights are skipped. It serves the real payoff tensors here and
// enumpoly's complex ones (polysys).
func Contract[T ~float64 | ~complex128](t []T, dims []int, k int, w, out []T) {
	low := 1
	for _, d := range dims[:k] {
		low *= d
	}
	high := len(t) / (low * dims[k])
	out = out[:low*high]
	if low == 1 {
		n := dims[k]
		w = w[:n]
		for h := range high {
			src := t[h*n : (h+1)*n]
			var sum T
			for d, wd := range w {
				sum += wd * src[d]
			}
			out[h] = sum
		}
		return
	}
	clear(out)
	for h := range high {
		dst := out[h*low : (h+1)*low]
		for d, wd := range w[:dims[k]] {
			if wd == 0 {
				continue
			}
			src := t[(h*dims[k]+d)*low:]
			src = src[:len(dst)]
			for l := range dst {
				dst[l] += wd * src[l]
			}
		}
	}
}

// contractExcept contracts player p's payoff tensor against x on every
// player but those in keep (in increasing order), returning a tensor over
// the kept players (the lowest fastest). The result aliases the work
// space.
func (g *Game) contractExcept(p int, x []float64, keep ...int) []float64 {
	cur := g.Pay[p]
	dims := append(g.work.dims[:0], g.Sizes...)
	players := g.work.players[:0]
	for q := range g.N {
		players = append(players, q)
	}
	bufs := [2][]float64{g.work.a, g.work.b}
	next := 0
	for q := g.N - 1; q >= 0; q-- {
		if In(keep, q) {
			continue
		}
		k := flIndex(players, q)
		dst := bufs[next]
		Contract(cur, dims, k, x[g.Off[q]:g.Off[q+1]], dst)
		n := len(cur) / dims[k]
		cur = dst[:n]
		dims = append(dims[:k], dims[k+1:]...)
		players = append(players[:k], players[k+1:]...)
		next ^= 1
	}
	return cur
}

func In(s []int, v int) bool { return flIndex(s, v) >= 0 }

func flIndex(s []int, v int) int {
	for i, e := range s {
		if e == v {
			return i
		}
	}
	return -1
}

// Values writes into out[off[p]:off[p+1]] the value of each of player p's
// strategies against the others' parts of the flat profile x.
func (g *Game) Values(x []float64, p int, out []float64) {
	copy(out[g.Off[p]:g.Off[p+1]], g.contractExcept(p, x, p))
}

// AllValues writes every strategy's value into out (length m).
func (g *Game) AllValues(x, out []float64) {
	for p := range g.N {
		g.Values(x, p, out)
	}
}

// Regret returns the largest gain any player gets by deviating from x to
// a pure strategy, given the values v of all strategies at x.
func (g *Game) Regret(x, v []float64) float64 {
	worst := 0.0
	for p := range g.N {
		cur, best := 0.0, math.Inf(-1)
		for i := g.Off[p]; i < g.Off[p+1]; i++ {
			cur += x[i] * v[i]
			best = math.Max(best, v[i])
		}
		worst = math.Max(worst, best-cur)
	}
	return worst
}

// Mixed converts a flat profile to a game.Mixed (copying).
func (g *Game) Mixed(x []float64) game.Mixed {
	out := make(game.Mixed, g.N)
	for p := range g.N {
		out[p] = append([]float64(nil), x[g.Off[p]:g.Off[p+1]]...)
	}
	return out
}

// Flat converts a game.Mixed to a flat profile, checking its shape.
func (g *Game) Flat(m game.Mixed) ([]float64, error) {
	if len(m) != g.N {
		return nil, fmt.Errorf("profile has %d players, game has %d", len(m), g.N)
	}
	x := make([]float64, 0, g.M)
	for p, s := range m {
		if len(s) != g.Sizes[p] {
			return nil, fmt.Errorf("player %d: profile has %d strategies, game has %d", p+1, len(s), g.Sizes[p])
		}
		x = append(x, s...)
	}
	return x, nil
}

// Project writes into x the Euclidean projection of z onto the product of
// simplices (GameTracer's retraction), using buf (length ≥ the largest
// number of strategies) as scratch.
func (g *Game) Project(z, x, buf []float64) {
	for p := range g.N {
		ProjectSimplex(z[g.Off[p]:g.Off[p+1]], x[g.Off[p]:g.Off[p+1]], buf)
	}
}

// ProjectSimplex writes into x the Euclidean projection of z onto the
// probability simplex: x_i = max(z_i − c, 0) with c fixing the sum at 1.
func ProjectSimplex(z, x, buf []float64) {
	s := buf[:len(z)]
	copy(s, z)
	flSortDesc(s)
	sum, c := 0.0, 0.0
	for k, v := range s {
		sum += v
		t := (sum - 1) / float64(k+1)
		if k+1 < len(s) && s[k+1] <= t {
			c = t
			break
		}
		c = t
	}
	for i, v := range z {
		x[i] = math.Max(v-c, 0)
	}
}

// flSortDesc sorts a short slice in decreasing order (insertion sort).
func flSortDesc(s []float64) {
	for i := 1; i < len(s); i++ {
		v := s[i]
		j := i - 1
		for ; j >= 0 && s[j] < v; j-- {
			s[j+1] = s[j]
		}
		s[j+1] = v
	}
}

// RandomProfile writes into x a profile drawn uniformly from the product
// of simplices.
func (g *Game) RandomProfile(rng *rand.Rand, x []float64) {
	for p := range g.N {
		s := x[g.Off[p]:g.Off[p+1]]
		sum := 0.0
		for i := range s {
			s[i] = rng.ExpFloat64()
			sum += s[i]
		}
		for i := range s {
			s[i] /= sum
		}
	}
}

// Cell returns the index in Pay of the pure profile prof.
func (g *Game) Cell(prof []int) int {
	c, mul := 0, 1
	for p, s := range prof {
		c += s * mul
		mul *= g.Sizes[p]
	}
	return c
}
