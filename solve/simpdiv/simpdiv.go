package simpdiv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"

	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/internal/float"

	"github.com/tablero-project/tablero/game"
)

// SimpDivOptions controls SimpDiv. The zero value asks for
// gambit-simpdiv's defaults: one run from the profile in which every
// player plays its first strategy, grids halved at each restart, leash
// 32000, stopping at a regret of 10^-7 times the payoff range.
type SimpDivOptions struct {
	// FloatOptions: Starts > 0 adds that many random starting profiles
	// with denominator Denom (gambit-simpdiv -r Denom -n Starts), drawn
	// with Seed; Tol is the regret, relative to the payoff range over the
	// cells, at which the grid stops being refined (gambit-simpdiv -m; 0:
	// 10^-7; Gambit scales by the range of a tree's plays when it solves
	// the reduced strategic form of an .efg, so pass Tol·(that range)/(the
	// cells' range) to reproduce it there); MaxIter caps the labelled
	// points of one grid (0: no cap beyond the budget); Budget bounds the
	// work, each multiply-add of the exact strategy values costing 1.
	solve.FloatOptions
	// Start is the starting profile (rational probabilities); nil means
	// each player's first strategy, as gambit-simpdiv does by default.
	Start game.MixedRat
	// Denom is the denominator of random starts (0: 1, i.e. pure profiles).
	Denom int
	// Grid is the factor by which the grid is refined at each restart
	// (gambit-simpdiv -g; 0: 2).
	Grid int
	// Leash bounds how far, in grid steps, the path may move from the
	// restart point (0: 32000, Gambit's default).
	Leash int
}

// Defaults of SimpDivOptions.
const (
	defaultSimpDivTol   = 1e-7
	defaultSimpDivGrid  = 2
	defaultSimpDivLeash = 32000
	// sdMaxBits bounds the bits of the exact grid arithmetic.
	sdMaxBits = 125
)

// SimpDiv computes Nash equilibria of the strategic game n by simplicial
// subdivision with restarts on refined grids (van der Laan, Talman and
// van der Heyden 1987), as gambit-simpdiv does: from a rational starting
// profile, a piecewise path through a triangulation of the product of
// simplices, with grid size d, ends at a completely labelled simplex;
// its best vertex (least regret) is the restart point of the next grid,
// of size d/Grid, until the regret is at most Tol times the payoff range.
//
// The arithmetic is exact (grid points and values are integers, so no
// rounding can change a label), so from the same start SimpDiv follows
// the very path of gambit-simpdiv and returns the same grid point, as an
// exact fraction. One profile is returned per start (Start or the default
// start, then the random starts), each verified by solve.RegretMixedRat. A
// start fails when the grid becomes finer than 2^-62 before the regret
// reaches the tolerance (the restarts do not converge, as happens to
// gambit-simpdiv too on some games) or a grid's path exceeds MaxIter
// points; failures are reported in the error only if no start succeeds.
func SimpDiv(ctx context.Context, n *game.Normal, opt SimpDivOptions) ([]game.MixedRat, error) {
	if n == nil {
		return nil, errors.New("simpdiv: nil game")
	}
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	sg, err := newSDGame(n, opt.Budget)
	if err != nil {
		return nil, fmt.Errorf("simpdiv: %w", err)
	}
	starts, err := sdStarts(n, opt)
	if err != nil {
		return nil, err
	}
	meter := &float.Meter{Ctx: ctx, What: "simplicial subdivision", Limit: opt.Budget}
	var out []game.MixedRat
	var firstErr error
	for k, start := range starts {
		m, err := sg.solve(meter, start, opt)
		if err == nil {
			out = append(out, m)
			continue
		}
		if errors.Is(err, solve.ErrBudget) || ctx.Err() != nil {
			return out, fmt.Errorf("simpdiv: %w", err)
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("start %d: %w", k+1, err)
		}
	}
	if len(out) == 0 {
		return nil, float.NotFound("simpdiv", firstErr)
	}
	return out, nil
}

// normalize fills defaults and checks the options.
func (o SimpDivOptions) normalize() (SimpDivOptions, error) {
	starts := o.Starts
	o.FloatOptions = o.FloatOptions.WithDefaults(0, defaultSimpDivTol, math.MaxInt)
	o.Starts = max(starts, 0)
	if o.Grid == 0 {
		o.Grid = defaultSimpDivGrid
	}
	if o.Leash == 0 {
		o.Leash = defaultSimpDivLeash
	}
	if o.Denom == 0 {
		o.Denom = 1
	}
	switch {
	case o.Grid < 2:
		return o, fmt.Errorf("simpdiv: grid refinement %d must be at least 2", o.Grid)
	case o.Leash < 0:
		return o, fmt.Errorf("simpdiv: leash %d must not be negative", o.Leash)
	case o.Denom < 1:
		return o, fmt.Errorf("simpdiv: denominator %d must be positive", o.Denom)
	}
	return o, nil
}

// sdStarts returns the starting profiles: Start (or the default), then the
// random ones.
func sdStarts(n *game.Normal, opt SimpDivOptions) ([]game.MixedRat, error) {
	first := opt.Start
	if first == nil {
		first = make(game.MixedRat, len(n.Players))
		for p, s := range n.Strategies {
			first[p] = make([]*big.Rat, len(s))
			for k := range s {
				first[p][k] = new(big.Rat)
			}
			first[p][0].SetInt64(1)
		}
	} else if err := sdCheckStart(n, first); err != nil {
		return nil, fmt.Errorf("simpdiv: start: %w", err)
	}
	starts := []game.MixedRat{first}
	rng := float.RNG(opt.Seed, 0x51d)
	for range opt.Starts {
		starts = append(starts, sdRandomStart(n, rng, opt.Denom))
	}
	return starts, nil
}

// sdCheckStart checks that m is a profile of n.
func sdCheckStart(n *game.Normal, m game.MixedRat) error {
	if len(m) != len(n.Players) {
		return fmt.Errorf("%d players, game has %d", len(m), len(n.Players))
	}
	one := big.NewRat(1, 1)
	for p, s := range m {
		if len(s) != len(n.Strategies[p]) {
			return fmt.Errorf("player %d: %d strategies, game has %d", p+1, len(s), len(n.Strategies[p]))
		}
		sum := new(big.Rat)
		for _, r := range s {
			if r == nil || r.Sign() < 0 {
				return fmt.Errorf("player %d: probabilities must be non-negative", p+1)
			}
			sum.Add(sum, r)
		}
		if sum.Cmp(one) != 0 {
			return fmt.Errorf("player %d: probabilities sum to %s", p+1, sum.RatString())
		}
	}
	return nil
}

// sdRandomStart draws a profile whose probabilities are multiples of
// 1/denom, uniformly among such profiles.
func sdRandomStart(n *game.Normal, rng *rand.Rand, denom int) game.MixedRat {
	m := make(game.MixedRat, len(n.Players))
	for p, s := range n.Strategies {
		k := len(s)
		// Stars and bars: k−1 distinct cuts among denom+k−1 positions.
		cuts := rng.Perm(denom + k - 1)[:k-1]
		sdSortInts(cuts)
		m[p] = make([]*big.Rat, k)
		prev := -1
		for i := range k {
			next := denom + k - 1
			if i < k-1 {
				next = cuts[i]
			}
			m[p][i] = big.NewRat(int64(next-prev-1), int64(denom))
			prev = next
		}
	}
	return m
}

// sdSortInts sorts a short slice (insertion sort).
func sdSortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j-1] > s[j]; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// sdGame holds the payoffs as integers (the game's payoffs times a common
// denominator) for exact labelling.
type sdGame struct {
	n       *game.Normal
	np      int
	k, off  []int
	m       int
	pay     [][]sdI128   // pay[p][cell], when payBits ≤ 100
	payBig  [][]*big.Int // the same as big integers
	payBits int          // bits of the largest |payoff numerator|
	denom   *big.Int     // common denominator of the payoffs
	scale   *big.Rat     // payoff range (Gambit's scale for regrets)
	buf     [2][]sdI128
	dims    []int
	ops     int // multiply-adds since the last charge
}

// newSDGame converts n's payoffs to integers.
func newSDGame(n *game.Normal, limit int) (*sdGame, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	cells := n.NumProfiles()
	if need := cells * len(n.Players); need > limit || need < 0 {
		return nil, solve.BudgetError(fmt.Sprintf("a %s payoff table", float.Sizes(n)), need, limit)
	}
	g := &sdGame{n: n, np: len(n.Players), denom: big.NewInt(1)}
	g.k = make([]int, g.np)
	g.off = make([]int, g.np+1)
	for p, s := range n.Strategies {
		g.k[p] = len(s)
		g.off[p+1] = g.off[p] + len(s)
	}
	g.m = g.off[g.np]
	lo, hi := new(big.Rat), new(big.Rat)
	for c := range cells {
		for p := range g.np {
			v := n.Payoff(c, p)
			g.denom.Div(new(big.Int).Mul(g.denom, v.Denom()), new(big.Int).GCD(nil, nil, g.denom, v.Denom()))
			if c == 0 && p == 0 || v.Cmp(lo) < 0 {
				lo.Set(v)
			}
			if c == 0 && p == 0 || v.Cmp(hi) > 0 {
				hi.Set(v)
			}
		}
	}
	g.scale = new(big.Rat).Sub(hi, lo)
	if err := g.scalePayoffs(cells); err != nil {
		return nil, err
	}
	g.buf = [2][]sdI128{make([]sdI128, cells), make([]sdI128, cells)}
	g.dims = make([]int, g.np)
	return g, nil
}

// scalePayoffs stores the payoffs times the common denominator.
func (g *sdGame) scalePayoffs(cells int) error {
	g.pay = make([][]sdI128, g.np)
	g.payBig = make([][]*big.Int, g.np)
	d := new(big.Rat).SetInt(g.denom)
	for p := range g.np {
		g.pay[p] = make([]sdI128, cells)
		g.payBig[p] = make([]*big.Int, cells)
		for c := range cells {
			num := new(big.Rat).Mul(g.n.Payoff(c, p), d).Num()
			g.payBig[p][c] = num
			g.payBits = max(g.payBits, num.BitLen())
			if num.BitLen() <= 100 {
				g.pay[p][c] = sdI128FromBig(num)
			}
		}
	}
	return nil
}

// sdI128FromBig converts a big.Int of at most 126 bits.
func sdI128FromBig(x *big.Int) sdI128 {
	a := new(big.Int).Abs(x)
	lo := new(big.Int).And(a, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	hi := new(big.Int).Rsh(a, 64).Uint64()
	v := sdI128{hi: hi, lo: lo}
	if x.Sign() < 0 {
		v = sdI128{}.sub(v)
	}
	return v
}

// wide reports whether grid den needs big.Int arithmetic: the regret
// numerators have up to payBits + n·bits(den) + 1 bits.
func (g *sdGame) wide(den int64) bool {
	return g.payBits > 100 || g.payBits+g.np*sdBitLen(uint64(den))+2 > sdMaxBits
}

// sdLabel is the result of labelling a grid point: the player with the
// largest regret, that player's first best strategy, and the regret's
// numerator.
type sdLabel struct {
	player, strategy int
	regret           sdI128
}

// label computes the label of the grid point y (numerators over the grid
// denominator D): for each player the values of its strategies against
// the others, the regret D·max value − Σ y·value, and the player with the
// largest regret (the first on ties) and its first best strategy, as
// gambit-simpdiv's getlabel does.
func (g *sdGame) label(y []int64, vals []sdI128) sdLabel {
	best := sdLabel{player: -1}
	for p := range g.np {
		vp := vals[g.off[p]:g.off[p+1]]
		g.values(y, p, vp)
		arg := 0
		for j := 1; j < len(vp); j++ {
			if vp[j].cmp(vp[arg]) > 0 {
				arg = j
			}
		}
		var r sdI128
		for j, yj := range y[g.off[p]:g.off[p+1]] {
			if yj != 0 {
				r = r.add(vp[arg].sub(vp[j]).mul(uint64(yj)))
			}
		}
		if best.player < 0 || r.cmp(best.regret) > 0 {
			best = sdLabel{player: p, strategy: arg, regret: r}
		}
	}
	return best
}

// labelBig is label in big.Int arithmetic, for grids too fine for sdI128.
func (g *sdGame) labelBig(y []int64, vals []*big.Int) (player, strategy int, regret *big.Int) {
	player = -1
	t := new(big.Int)
	for p := range g.np {
		vp := vals[g.off[p]:g.off[p+1]]
		g.valuesBig(y, p, vp)
		arg := 0
		for j := 1; j < len(vp); j++ {
			if vp[j].Cmp(vp[arg]) > 0 {
				arg = j
			}
		}
		r := new(big.Int)
		for j, yj := range y[g.off[p]:g.off[p+1]] {
			if yj != 0 {
				t.Sub(vp[arg], vp[j])
				r.Add(r, t.Mul(t, big.NewInt(yj)))
			}
		}
		if player < 0 || r.Cmp(regret) > 0 {
			player, strategy, regret = p, arg, r
		}
	}
	return player, strategy, regret
}

// valuesBig is values in big.Int arithmetic.
func (g *sdGame) valuesBig(y []int64, p int, out []*big.Int) {
	cur := g.payBig[p]
	k := append(g.dims[:0], g.k...)
	t := new(big.Int)
	for q := g.np - 1; q >= 0; q-- {
		if q == p {
			continue
		}
		low := 1
		for _, d := range k[:q] {
			low *= d
		}
		high := len(cur) / (low * k[q])
		next := make([]*big.Int, low*high)
		for i := range next {
			next[i] = new(big.Int)
		}
		for h := range high {
			for d, wd := range y[g.off[q]:g.off[q+1]] {
				if wd == 0 {
					continue
				}
				w := big.NewInt(wd)
				for l := range low {
					next[h*low+l].Add(next[h*low+l], t.Mul(cur[(h*k[q]+d)*low+l], w))
				}
				g.ops += 20 * low // big.Int work counts more
			}
		}
		cur = next
		k[q] = 1
	}
	for i := range out {
		out[i] = cur[i]
	}
}

// values writes into out the exact values (times D^(n−1)) of player p's
// strategies when the others play y.
func (g *sdGame) values(y []int64, p int, out []sdI128) {
	cur := g.pay[p]
	k := append(g.dims[:0], g.k...)
	next := 0
	for q := g.np - 1; q >= 0; q-- {
		if q == p {
			continue
		}
		dst := g.buf[next]
		g.ops += sdContract(cur, k, q, y[g.off[q]:g.off[q+1]], dst)
		cur = dst[:len(cur)/k[q]]
		k[q] = 1
		next ^= 1
	}
	copy(out, cur)
}

// sdContract sums the tensor t (dimensions dims, first fastest) against w
// on dimension q into out, skipping zero weights, and returns the number
// of multiply-adds.
func sdContract(t []sdI128, dims []int, q int, w []int64, out []sdI128) int {
	low := 1
	for _, d := range dims[:q] {
		low *= d
	}
	high := len(t) / (low * dims[q])
	out = out[:low*high]
	clear(out)
	ops := low * high
	for h := range high {
		dst := out[h*low : (h+1)*low]
		for d, wd := range w {
			if wd == 0 {
				continue
			}
			src := t[(h*dims[q]+d)*low:]
			for l := range dst {
				dst[l] = dst[l].add(src[l].mul(uint64(wd)))
			}
			ops += low
		}
	}
	return ops
}

// solve runs the restarts from one start and verifies the result.
func (g *sdGame) solve(meter *float.Meter, start game.MixedRat, opt SimpDivOptions) (game.MixedRat, error) {
	den := int64(1)
	for _, s := range start {
		for _, r := range s {
			d := r.Denom()
			if !d.IsInt64() {
				return nil, fmt.Errorf("start denominator %s too large", d)
			}
			den = sdLCM(den, d.Int64())
			if den <= 0 {
				return nil, errors.New("start denominators too large")
			}
		}
	}
	y := make([]int64, g.m)
	for p, s := range start {
		for k, r := range s {
			y[g.off[p]+k] = new(big.Int).Div(new(big.Int).Mul(r.Num(), big.NewInt(den)), r.Denom()).Int64()
		}
	}
	tol := new(big.Rat).Mul(new(big.Rat).SetFloat64(opt.Tol), g.scale)
	for {
		if den > math.MaxInt64/int64(opt.Grid) {
			return nil, fmt.Errorf("grid finer than 1/%d without reaching the regret tolerance", den)
		}
		den *= int64(opt.Grid)
		for i := range y {
			y[i] *= int64(opt.Grid)
		}
		run := newSDRun(g, y, den, int64(opt.Leash), opt.MaxIter, meter)
		regret, err := run.simplex()
		if err != nil {
			return nil, err
		}
		copy(y, run.besty)
		// regret is the numerator over den^n (in payoff units times the
		// payoff denominator).
		r := new(big.Rat).SetFrac(regret, new(big.Int).Mul(g.denom, new(big.Int).Exp(big.NewInt(den), big.NewInt(int64(g.np)), nil)))
		if r.Cmp(tol) <= 0 {
			break
		}
	}
	return g.verify(y, den, tol)
}

// verify converts the final grid point and checks its regret exactly.
func (g *sdGame) verify(y []int64, den int64, tol *big.Rat) (game.MixedRat, error) {
	m := make(game.MixedRat, g.np)
	for p := range g.np {
		m[p] = make([]*big.Rat, g.k[p])
		for k := range g.k[p] {
			m[p][k] = big.NewRat(y[g.off[p]+k], den)
		}
	}
	if r := solve.RegretMixedRat(g.n, m); r.Cmp(tol) > 0 {
		return nil, fmt.Errorf("end point has regret %s, above the tolerance", r.FloatString(12))
	}
	return m, nil
}

func sdGCD(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func sdLCM(a, b int64) int64 { return a / sdGCD(a, b) * b }
