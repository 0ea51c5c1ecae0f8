package enumpoly

import (
	"math"

	"github.com/tablero-project/tablero/solve/internal/float"
	"github.com/tablero-project/tablero/solve/internal/linalg"
)

// This file completes EnumPoly on small two-player games. Support
// enumeration solves square, nonsingular indifference systems, so in
// degenerate games it misses the extreme points of components of
// equilibria whose supports give singular or unbalanced systems. Every
// extreme equilibrium is a pair of vertices of the players' best-response
// polytopes (Mangasarian 1964; Avis, Rosenberg, Savani and von Stengel
// 2010), and every vertex is the unique solution of some square,
// nonsingular subsystem of its tight constraints: a set S of the player's
// strategies (the others at probability 0) and an equally large set T of
// the opponent's strategies that earn it equal payoffs. Enumerating those
// subsystems for both players and pairing the vertices finds every
// extreme equilibrium.

// epVertexLimit bounds the subsystems per player (Σ_k C(m,k)·C(m',k)) of
// the games completed this way.
const epVertexLimit = 20000

// epVertex is a candidate mixed strategy of one player with the
// opponent's best responses to it.
type epVertex struct {
	x    []float64 // the probabilities
	best []bool    // the opponent's strategies that are best responses
}

// vertexPairs adds the extreme equilibria of a small two-player game that
// support enumeration did not find. It reports false when the game is too
// large for it.
func (e *epEnum) vertexPairs() (bool, error) {
	g := e.g
	if g.N != 2 || epSubsystems(g.Sizes[0], g.Sizes[1]) > epVertexLimit {
		return false, nil
	}
	var vs [2][]epVertex
	for p := range 2 {
		var err error
		if vs[p], err = e.vertices(p); err != nil {
			return true, err
		}
	}
	prof := make([]float64, g.M)
	for _, a := range vs[0] {
		for _, b := range vs[1] {
			if !epSupported(a.x, b.best) || !epSupported(b.x, a.best) {
				continue
			}
			copy(prof, a.x)
			copy(prof[g.Off[1]:], b.x)
			if m, _, ok := float.Accept(e.n, g, prof, e.opt.Tol); ok {
				if e.found.Add(m) && e.opt.StopAfter > 0 && len(e.found.Eqs) >= e.opt.StopAfter {
					return true, errEPStop
				}
			}
		}
	}
	return true, nil
}

// epSupported reports whether every strategy played in x is marked best.
func epSupported(x []float64, best []bool) bool {
	for i, v := range x {
		if v > 0 && !best[i] {
			return false
		}
	}
	return true
}

// epSubsystems returns Σ_k C(a,k)·C(b,k) (capped above the limit).
func epSubsystems(a, b int) int {
	total, ca, cb := 0, 1, 1
	for k := 1; k <= min(a, b); k++ {
		ca = ca * (a - k + 1) / k
		cb = cb * (b - k + 1) / k
		total += ca * cb
		if total > epVertexLimit {
			return total
		}
	}
	return total
}

// vertices returns the distinct vertices of player p's best-response
// polytope, as strategies of p.
func (e *epEnum) vertices(p int) ([]epVertex, error) {
	g := e.g
	q := 1 - p
	var out []epVertex
	all := func(k int) []int {
		s := make([]int, k)
		for i := range s {
			s[i] = i
		}
		return s
	}
	for k := 1; k <= min(g.Sizes[p], g.Sizes[q]); k++ {
		err := epSubsets(all(g.Sizes[p]), k, func(s []int) error {
			return epSubsets(all(g.Sizes[q]), k, func(t []int) error {
				if err := e.meter.Charge(k * k * k); err != nil {
					return err
				}
				if v, ok := e.vertex(p, s, t); ok && !epHasVertex(out, v.x) {
					out = append(out, v)
				}
				return nil
			})
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// vertex solves for p's strategy on s that makes the opponent's
// strategies t equally good, and checks that it is a probability vector
// against which t are best responses.
func (e *epEnum) vertex(p int, s, t []int) (epVertex, bool) {
	g := e.g
	q := 1 - p
	k := len(s)
	// u(j, i): q's payoff from strategy j against p's strategy i.
	u := func(j, i int) float64 {
		prof := []int{0, 0}
		prof[p], prof[q] = i, j
		return g.Pay[q][g.Cell(prof)]
	}
	a := make([]float64, k*k)
	b := make([]float64, k)
	for r := 1; r < k; r++ {
		for c, i := range s {
			a[(r-1)*k+c] = u(t[r], i) - u(t[0], i)
		}
	}
	for c := range s {
		a[(k-1)*k+c] = 1
	}
	b[k-1] = 1
	if !linalg.Solve(a, k, b) {
		return epVertex{}, false
	}
	x := make([]float64, g.Sizes[p])
	for c, i := range s {
		if b[c] < -1e-9 || math.IsNaN(b[c]) {
			return epVertex{}, false
		}
		x[i] = math.Max(b[c], 0)
	}
	vals := make([]float64, g.Sizes[q])
	best := math.Inf(-1)
	for j := range vals {
		for i, xi := range x {
			if xi != 0 {
				vals[j] += xi * u(j, i)
			}
		}
		best = math.Max(best, vals[j])
	}
	tol := 1e-9 * (1 + math.Abs(best))
	v := epVertex{x: x, best: make([]bool, len(vals))}
	for j, val := range vals {
		v.best[j] = val >= best-tol
	}
	for _, j := range t {
		if !v.best[j] {
			return epVertex{}, false
		}
	}
	return v, true
}

// epHasVertex reports whether x is already among the vertices.
func epHasVertex(vs []epVertex, x []float64) bool {
	for _, v := range vs {
		same := true
		for i := range x {
			if math.Abs(v.x[i]-x[i]) > 1e-12 {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}
