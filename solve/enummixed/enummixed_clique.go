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
// biclique is reported once.
//
// charge is given the size of each biclique reported (left plus right),
// so that the search, whose output can grow exponentially with the
// equilibria, runs within the step budget; its first error stops the
// search and is returned.
func maximalBicliques(nLeft, nRight int, edges [][2]int, charge func(int) error) ([]biclique, error) {
	// A biclique is connected, so each connected component of the graph
	// is searched alone: with many equilibria in small components (a
	// coordination game has 2^n − 1, all isolated) the search would
	// otherwise compare every pair of vertices.
	parent := make([]int, nLeft+nRight)
	for v := range parent {
		parent[v] = v
	}
	var find func(v int) int
	find = func(v int) int {
		for parent[v] != v {
			parent[v] = parent[parent[v]]
			v = parent[v]
		}
		return v
	}
	for _, e := range edges {
		parent[find(e[0])] = find(nLeft + e[1])
	}
	byRoot := map[int][][2]int{}
	var roots []int
	for _, e := range edges {
		r := find(e[0])
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], e)
	}
	var out []biclique
	for _, r := range roots {
		bcs, err := componentBicliques(byRoot[r], charge)
		out = append(out, bcs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// componentBicliques is maximalBicliques on the vertices of edges only.
func componentBicliques(edges [][2]int, charge func(int) error) ([]biclique, error) {
	var lefts, rights []int // local index → vertex
	localL, localR := map[int]int{}, map[int]int{}
	for _, e := range edges {
		if _, ok := localL[e[0]]; !ok {
			localL[e[0]] = len(lefts)
			lefts = append(lefts, e[0])
		}
		if _, ok := localR[e[1]]; !ok {
			localR[e[1]] = len(rights)
			rights = append(rights, e[1])
		}
	}
	adj := make([]pivot.LabelSet, len(rights)) // right vertex → its left neighbours
	for j := range adj {
		adj[j] = pivot.NewLabelSet(len(lefts))
	}
	for _, e := range edges {
		adj[localR[e[1]]].Add(localL[e[0]])
	}
	all := pivot.NewLabelSet(len(lefts))
	for i := range lefts {
		all.Add(i)
	}
	cand := make([]int, len(rights))
	for j := range cand {
		cand[j] = j
	}
	s := &bicliqueSearch{adj: adj, charge: charge}
	s.extend(all, nil, cand, nil)
	for k, b := range s.out {
		for i, u := range b.left {
			b.left[i] = lefts[u]
		}
		for i, w := range b.right {
			b.right[i] = rights[w]
		}
		slices.Sort(b.left)
		slices.Sort(b.right)
		s.out[k] = b
	}
	return s.out, s.err
}

type bicliqueSearch struct {
	adj    []pivot.LabelSet
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
		r2 := append(append([]int(nil), right...), x)
		maximal := true
		var excl2 []int
		for _, v := range excl {
			common := l2.And(s.adj[v])
			if common.Equal(l2) {
				maximal = false
				break
			}
			if !common.IsEmpty() {
				excl2 = append(excl2, v)
			}
		}
		if maximal {
			var cand2 []int
			for _, v := range cand {
				common := l2.And(s.adj[v])
				switch {
				case common.Equal(l2):
					r2 = append(r2, v)
				case !common.IsEmpty():
					cand2 = append(cand2, v)
				}
			}
			b := biclique{left: l2.Elems(), right: sortedCopy(r2)}
			if s.err = s.charge(len(b.left) + len(b.right)); s.err != nil {
				return
			}
			s.out = append(s.out, b)
			if len(cand2) > 0 {
				s.extend(l2, r2, cand2, excl2)
			}
		}
		excl = append(excl, x)
	}
}

func sortedCopy(v []int) []int {
	out := append([]int(nil), v...)
	for i := 1; i < len(out); i++ {
		for k := i; k > 0 && out[k] < out[k-1]; k-- {
			out[k], out[k-1] = out[k-1], out[k]
		}
	}
	return out
}
