package pivot

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/internal/tableau"
	"github.com/tablero-project/tablero/solve"

	"github.com/tablero-project/tablero/game"
)

// This file holds what the exact two-player methods (enummixed, lcp, lp
// and the sequence-form methods) share: budgets counted in pivots, games
// turned into integer matrices, and exact profiles made from tableau
// values.

// Budget counts the basic steps of an exact method (pivots, bases
// visited, systems solved) against a budget and looks at the context
// every solve.CheckEvery steps or so.
type Budget struct {
	ctx       context.Context
	what      string
	limit     int
	steps     int
	lastCheck int
}

func NewBudget(ctx context.Context, what string, budgetSteps int) *Budget {
	return &Budget{ctx: ctx, what: what, limit: solve.Budget(budgetSteps)}
}

// Step charges n steps.
func (b *Budget) Step(n int) error {
	b.steps += n
	if b.steps > b.limit {
		return solve.BudgetExceeded(b.what, b.limit)
	}
	if b.steps-b.lastCheck >= solve.CheckEvery {
		b.lastCheck = b.steps
		return b.ctx.Err()
	}
	return nil
}

// Steps returns the steps charged so far.
func (b *Budget) Steps() int { return b.steps }

// CheckBimatrix returns an error unless n is a valid game of two players.
func CheckBimatrix(n *game.Normal, method string) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("solve: %s: %w", method, err)
	}
	if len(n.Players) != 2 {
		return fmt.Errorf("solve: %s: method only valid for two-player games (the game has %d players)", method, len(n.Players))
	}
	return nil
}

// PayoffMatrix returns player p's payoffs of the two-player game n as a
// matrix indexed by player 1's and player 2's strategies.
func PayoffMatrix(n *game.Normal, p int) [][]*big.Rat {
	m, k := len(n.Strategies[0]), len(n.Strategies[1])
	out := make([][]*big.Rat, m)
	for i := range out {
		out[i] = make([]*big.Rat, k)
		for j := range out[i] {
			out[i][j] = n.Payoff(n.Index([]int{i, j}), p)
		}
	}
	return out
}

// MinPayoff returns the smallest entry of the matrices, which the caller
// must not modify.
func MinPayoff(ms ...[][]*big.Rat) *big.Rat {
	var lo *big.Rat
	for _, m := range ms {
		for _, row := range m {
			for _, v := range row {
				if lo == nil || v.Cmp(lo) < 0 {
					lo = v
				}
			}
		}
	}
	if lo == nil {
		return new(big.Rat)
	}
	return lo
}

// IntMatrix returns (m − shift) scaled by the least common multiple of the
// denominators, as exact integers. Scaling by a positive constant changes
// no equilibrium, no ratio comparison within one tableau, and no pivot.
func IntMatrix(m [][]*big.Rat, shift *big.Rat) [][]tableau.Int {
	d := big.NewInt(1)
	var g, q big.Int
	shifted := make([][]*big.Rat, len(m))
	for i, row := range m {
		shifted[i] = make([]*big.Rat, len(row))
		for j, v := range row {
			s := new(big.Rat).Sub(v, shift)
			shifted[i][j] = s
			if !s.IsInt() && q.Rem(d, s.Denom()).Sign() != 0 {
				g.GCD(nil, nil, d, s.Denom())
				d.Mul(d, q.Quo(s.Denom(), &g))
			}
		}
	}
	out := make([][]tableau.Int, len(m))
	for i, row := range shifted {
		out[i] = make([]tableau.Int, len(row))
		for j, s := range row {
			x := new(big.Int).Quo(d, s.Denom())
			out[i][j] = tableau.FromBig(x.Mul(x, s.Num()))
		}
	}
	return out
}

// Transpose returns the transpose of m.
func Transpose[T any](m [][]T) [][]T {
	if len(m) == 0 {
		return nil
	}
	out := make([][]T, len(m[0]))
	for j := range out {
		out[j] = make([]T, len(m))
		for i := range m {
			out[j][i] = m[i][j]
		}
	}
	return out
}

// NormalizeInts returns the probabilities v_i / Σ v of nonnegative integers
// v, not all zero.
func NormalizeInts(v []tableau.Int) []*big.Rat {
	sum := tableau.NewInt(0)
	for _, x := range v {
		sum = sum.Add(x)
	}
	out := make([]*big.Rat, len(v))
	for i, x := range v {
		out[i] = x.Rat(sum)
	}
	return out
}

// LabelSet is a set of small nonnegative integers.
type LabelSet []uint64

func NewLabelSet(n int) LabelSet { return make(LabelSet, (n+63)/64) }

func (b LabelSet) Add(i int)      { b[i/64] |= 1 << (i % 64) }
func (b LabelSet) Has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b LabelSet) Key() string    { return string(b.bytes()) }
func (b LabelSet) Toggle(i int)   { b[i/64] ^= 1 << (i % 64) }

// bytes returns the words of b, little-endian, for use as a map key.
func (b LabelSet) bytes() []byte {
	out := make([]byte, 0, 8*len(b))
	for _, w := range b {
		for k := range 8 {
			out = append(out, byte(w>>(8*k)))
		}
	}
	return out
}

// IsEmpty reports whether b has no element.
func (b LabelSet) IsEmpty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

// And returns b ∩ c.
func (b LabelSet) And(c LabelSet) LabelSet {
	out := make(LabelSet, len(b))
	for i := range b {
		out[i] = b[i] & c[i]
	}
	return out
}

// Equal reports whether b and c, of the same length, are equal.
func (b LabelSet) Equal(c LabelSet) bool {
	for i := range b {
		if b[i] != c[i] {
			return false
		}
	}
	return true
}

// Elems returns the elements of b in increasing order.
func (b LabelSet) Elems() []int {
	var out []int
	for i, w := range b {
		for w != 0 {
			k := 0
			for w&(1<<k) == 0 {
				k++
			}
			out = append(out, 64*i+k)
			w &^= 1 << k
		}
	}
	return out
}

// BasisSet is a set of bases, each given as the bit set of its basic
// variables: an open-addressing hash table with linear probing over keys
// of a fixed number of words, faster and smaller than a map for the
// millions of bases a vertex enumeration remembers. A basis is never
// empty, so an all-zero slot marks a free one.
type BasisSet struct {
	words int      // words per key
	slots []uint64 // len = capacity × words
	n     int
}

func NewBasisSet(nvars int) *BasisSet {
	return &BasisSet{words: (nvars + 63) / 64}
}

// Add inserts the basis, which must not be empty, and reports whether it
// was new.
func (s *BasisSet) Add(b LabelSet) bool {
	if 4*(s.n+1) > 3*s.capacity() {
		s.grow()
	}
	i, found := s.find(b)
	if found {
		return false
	}
	copy(s.slots[i*s.words:], b)
	s.n++
	return true
}

// Has reports whether the basis is in the set.
func (s *BasisSet) Has(b LabelSet) bool {
	if s.n == 0 {
		return false
	}
	_, found := s.find(b)
	return found
}

func (s *BasisSet) capacity() int { return len(s.slots) / max(s.words, 1) }

// find returns the slot holding b, or the free slot where it belongs.
func (s *BasisSet) find(b LabelSet) (int, bool) {
	if s.words == 1 {
		x := b[0]
		mask := uint64(len(s.slots) - 1)
		for i := mix64(x) & mask; ; i = (i + 1) & mask {
			switch s.slots[i] {
			case x:
				return int(i), true
			case 0:
				return int(i), false
			}
		}
	}
	h := uint64(0)
	for _, w := range b {
		h = mix64(h ^ w)
	}
	mask := uint64(s.capacity() - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		slot := s.slots[int(i)*s.words : int(i+1)*s.words]
		if slot[0] == b[0] && LabelSet(slot).Equal(b) {
			return int(i), true
		}
		if LabelSet(slot).IsEmpty() {
			return int(i), false
		}
	}
}

func (s *BasisSet) grow() {
	old, w := s.slots, s.words
	s.slots = make([]uint64, max(1024, 2*s.capacity())*w)
	s.n = 0
	for i := 0; i < len(old); i += w {
		if k := LabelSet(old[i : i+w]); !k.IsEmpty() {
			s.Add(k)
		}
	}
}

// mix64 is a 64-bit finalizer (from MurmurHash3) that spreads the bits of
// x over the whole word.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// BasisOf returns the bit set of t's basic variables.
func BasisOf(t *tableau.Tableau) LabelSet {
	b := NewLabelSet(t.NumVars())
	for r := range t.Rows() {
		b.Add(t.Basic(r))
	}
	return b
}

// PolytopeTableau returns the tableau of {u ≥ 0 : Mᵀu ≤ 1} for a matrix
// m with positive entries, m[i][j] the coefficient of u_i in constraint j:
// variables 0..len(m)-1 are u, variable len(m)+j is the slack of
// constraint j, and the slacks form the starting basis.
func PolytopeTableau(m [][]tableau.Int) *tableau.Tableau {
	k, rows := len(m), len(m[0])
	t := tableau.New(rows, k)
	one := tableau.NewInt(1)
	for j := range rows {
		for i := range k {
			t.Set(j, i, m[i][j])
		}
		t.SetRHS(j, one)
	}
	return t
}
