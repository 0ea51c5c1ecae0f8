package enummixed

import (
	"slices"

	"github.com/tablero-project/tablero/solve/internal/pivot"
)

// biclique is a complete bipartite subgraph: every vertex of left is
// joined to every vertex of right.
type biclique struct {
	left, right []int
}

// bicliqueScan is how many vertices the search looks at, or words of a
// neighbour set it reads, per step of the budget: a step of the exact
// methods costs a few hundred nanoseconds, a look about one.
const bicliqueScan = 256

// maximalBicliques returns the maximal bicliques, with both sides
// nonempty, of the bipartite graph on nLeft and nRight vertices with the
// given edges (left, right). Each maximal convex set of Nash equilibria of
// a two-player game is such a biclique of the graph joining the players'
// extreme equilibrium strategies (Winkels 1979; Avis, Rosenberg, Savani
// and von Stengel 2010).
//
// The search is Bron–Kerbosch's, on the right side: it grows the right
// set R one candidate at a time, keeping the left set L = the common
// neighbours of R, and reports (L, R) when no vertex outside R is joined
// to all of L (the "MBEA" form of Zhang et al. 2014). Each maximal
// biclique is reported once. Only right vertices that share a left
// neighbour with L can extend R or spoil its maximality, so each node of
// the search marks them first and passes over the others at the cost of
// one comparison.
//
// charge is given the work of the search in budget steps (the vertices
// looked at and the bicliques reported, left plus right), so that the
// search, whose output can grow exponentially with the equilibria, runs
// within the step budget; its first error stops the search and is
// returned.
func maximalBicliques(nLeft, nRight int, edges [][2]int, charge func(int) error) ([]biclique, error) {
	adj := make([]pivot.LabelSet, nRight) // right vertex → its left neighbours
	for j := range adj {
		adj[j] = pivot.NewLabelSet(nLeft)
	}
	radj := make([][]int, nLeft) // left vertex → its right neighbours
	for _, e := range edges {
		adj[e[1]].Add(e[0])
		radj[e[0]] = append(radj[e[0]], e[1])
	}
	all := pivot.NewLabelSet(nLeft)
	for i := range nLeft {
		all.Add(i)
	}
	var cand []int
	for j := range nRight {
		if !adj[j].IsEmpty() {
			cand = append(cand, j)
		}
	}
	s := &bicliqueSearch{adj: adj, radj: radj, mark: make([]int, nRight), charge: charge}
	s.extend(all, nil, cand, nil)
	return s.out, s.err
}

type bicliqueSearch struct {
	adj    []pivot.LabelSet
	radj   [][]int
	mark   []int // mark[v] == stamp: v shares a left neighbour with the current L
	stamp  int
	work   int // looks not yet charged
	out    []biclique
	charge func(int) error
	err    error
}

// extend reports the maximal bicliques whose right side contains right
// and some of cand, and none of excl; left is the common neighbourhood of
// right.
func (s *bicliqueSearch) extend(left pivot.LabelSet, right, cand, excl []int) {
	for len(cand) > 0 && s.err == nil {
		x := cand[0]
		cand = cand[1:]
		l2 := left.And(s.adj[x])
		stamp := s.neighbours(l2)
		r2 := append(slices.Clone(right), x)
		maximal := true
		var excl2 []int
		s.work += len(excl) + len(cand)
		for _, v := range excl {
			if s.mark[v] != stamp {
				continue // no common neighbour
			}
			if subset(l2, s.adj[v]) {
				maximal = false
				break
			}
			excl2 = append(excl2, v)
		}
		if maximal {
			var cand2 []int
			for _, v := range cand {
				switch {
				case s.mark[v] != stamp:
				case subset(l2, s.adj[v]):
					r2 = append(r2, v)
				default:
					cand2 = append(cand2, v)
				}
			}
			b := biclique{left: l2.Elems(), right: slices.Sorted(slices.Values(r2))}
			if s.err = s.charge(len(b.left) + len(b.right) + s.work/bicliqueScan); s.err != nil {
				return
			}
			s.work %= bicliqueScan
			s.out = append(s.out, b)
			if len(cand2) > 0 {
				s.extend(l2, r2, cand2, excl2)
			}
		} else if s.err = s.charge(s.work / bicliqueScan); s.err != nil {
			return
		} else {
			s.work %= bicliqueScan
		}
		excl = append(excl, x)
	}
}

// neighbours marks the right vertices joined to some vertex of l with a
// new stamp, and returns it. The marks of an enclosing call are not
// needed again: each call marks afresh before it reads them.
func (s *bicliqueSearch) neighbours(l pivot.LabelSet) int {
	s.stamp++
	s.work += len(l)
	for _, u := range l.Elems() {
		s.work += len(s.radj[u])
		for _, v := range s.radj[u] {
			s.mark[v] = s.stamp
		}
	}
	return s.stamp
}

// subset reports whether a ⊆ b.
func subset(a, b pivot.LabelSet) bool {
	for i := range a {
		if a[i]&^b[i] != 0 {
			return false
		}
	}
	return true
}
