package logit

import (
	"math"
	"slices"
)

// qreSystem is the agent logit system of a tree in fewer unknowns, the
// homotopy QRE traces. It is the same curve as logitTree's, in two
// changes of coordinates:
//
//   - Log-odds. Each information set keeps only the log-odds
//     z_a = y_a − y_{a_0} of its actions against the first, whose
//     probabilities then sum to 1 by construction; the equations are
//     z_a − λ (v_a − v_{a_0}) = 0.
//   - Last movers. At a set below which no player moves again, the values
//     v_a depend only on the moves above it (through beliefs) and on
//     chance and payoffs below it, never on other last movers, so its
//     equations give z_a explicitly. Those log-odds are computed, not
//     traced: the tracer sees the other sets' log-odds and λ only.
//
// On the flagship scenario this turns 96 unknowns into 34, and the
// tracer's dense factorisations cost (34/96)³ as much. The Jacobian of the
// traced system is the Schur complement of the last movers' block, which
// is the identity, so its determinant, and with it the orientation of the
// tangent, is the full system's.
type qreSystem struct {
	t *logitTree
	// free and last list the log-odds variables (full variable index of a
	// non-first action) that are traced and computed. Traced variable i
	// is x[i]; x[len(free)] is λ in internal units.
	free, last []int32
	rows       []int32   // free then last
	first      []int32   // first action of the set of each full variable
	setOf      []int32   // global set of each full variable
	col        []int32   // column in jz of each non-first full variable
	related    [][]int32 // per global set, the sets its values depend on (relatedSets)
	isLast     []bool    // per global set

	// Nodes and sets by their part of the tree (see split).
	upper, edges, lastEdges, below, lower []int32
	lastSets, freeSets                    []int32

	y        []float64 // full point: log probabilities and λ
	at       []float64 // the x that y and the tree's workspace were computed at
	valid    bool      // whether at is current
	pert     float64   // perturbation of the full system's first equation (see valuePerturbed)
	constant bool      // whether the constants of the trace are computed
	jz       []float64 // rows of the log-odds Jacobian: free then last, each over free, last, λ
}

// newQRESystem splits the sets of t into traced and computed ones.
func newQRESystem(t *logitTree) *qreSystem {
	s := &qreSystem{t: t, first: make([]int32, t.nVars), setOf: make([]int32, t.nVars), isLast: lastMovers(t)}
	for set, base := range t.setVar {
		for j := int32(0); j < t.setLen[set]; j++ {
			s.first[base+j], s.setOf[base+j] = base, int32(set)
			if j == 0 {
				continue
			}
			if s.isLast[set] {
				s.last = append(s.last, base+j)
			} else {
				s.free = append(s.free, base+j)
			}
		}
	}
	s.rows = append(append([]int32(nil), s.free...), s.last...)
	s.col = make([]int32, t.nVars)
	for i, a := range s.rows {
		s.col[a] = int32(i)
	}
	s.related = relatedSets(t)
	s.split()
	s.y = make([]float64, t.nVars+1)
	k := len(s.free) + len(s.last)
	s.jz = make([]float64, k*(k+1))
	return s
}

// lastMovers reports, per global information set, whether no player moves
// below any of its members.
func lastMovers(t *logitTree) []bool {
	below := make([]bool, t.nNodes) // a player moves strictly below the node
	for k := t.nNodes - 1; k >= 1; k-- {
		if t.owner[k] >= 0 || below[k] {
			below[t.parent[k]] = true
		}
	}
	last := make([]bool, len(t.setVar))
	for s := range last {
		last[s] = true
		for _, h := range t.members[t.memOff[s]:t.memOff[s+1]] {
			if below[h] {
				last[s] = false
			}
		}
	}
	return last
}

func (s *qreSystem) dim() int { return len(s.free) }

// expand computes the full point y from x and evaluates what the
// equations and the Jacobian need. The last movers' log-odds come from
// their action values, which depend only on the beliefs at their sets and
// on the values of the subtrees below them (chance and payoffs: computed
// once per trace, see constants); beliefs depend only on the moves above
// the last movers. So one pass over the upper part of the tree gives the
// beliefs, the last movers' play, and then the values of the upper part.
// The reach probabilities below the last movers are not computed.
func (s *qreSystem) expand(x []float64) {
	if s.valid && slices.Equal(x, s.at) {
		return // the tracer evaluates the Jacobian and then H at one point
	}
	s.at = append(s.at[:0], x...)
	s.valid = true
	t, y := s.t, s.y
	if !s.constant {
		s.constants()
	}
	lambda := x[len(s.free)]
	for i, a := range s.free {
		y[a] = x[i]
	}
	for _, a := range s.last {
		y[a] = 0
	}
	s.normalize(false)
	t.logReach[0] = 0
	for _, k := range s.edges {
		par := t.parent[k]
		if a := t.edgeVar[k]; a >= 0 {
			t.logReach[k] = t.logReach[par] + y[a]
			t.edgeW[k] = t.p[a]
		} else {
			t.logReach[k] = t.logReach[par] + t.logP[k]
			t.edgeW[k] = t.edgeP[k]
		}
	}
	t.beliefs()
	for _, set := range s.lastSets {
		t.setValues(int(set))
	}
	for _, a := range s.last {
		y[a] = lambda * (t.actVal[a] - t.actVal[s.first[a]])
	}
	s.normalize(true)
	y[t.nVars] = lambda
	for _, k := range s.lastEdges {
		t.edgeW[k] = t.p[t.edgeVar[k]]
	}
	for _, k := range s.upper {
		t.nodeValue(int(k))
	}
	for _, set := range s.freeSets {
		t.setValues(int(set))
	}
}

// constants computes what does not change along a trace: the values of
// the nodes below the last movers and of every terminal node.
func (s *qreSystem) constants() {
	t := s.t
	for _, k := range s.below {
		t.edgeW[k] = t.edgeP[k]
	}
	for _, k := range s.lower {
		t.nodeValue(int(k))
	}
	s.constant = true
}

// split sorts the nodes of t for expand: upper holds the decision and
// chance nodes not below a last mover's node (in reverse pre-order),
// edges the nodes whose parent is upper (pre-order), lastEdges those
// reached by a last mover's action, below the nodes strictly below a
// last mover's node, and lower those of them and all terminal nodes whose
// values are constant along a trace (reverse pre-order).
func (s *qreSystem) split() {
	t := s.t
	under := make([]bool, t.nNodes) // strictly below a last mover's node
	for k := 1; k < t.nNodes; k++ {
		par := t.parent[k]
		under[k] = under[par] || (t.set[par] >= 0 && s.isLast[t.set[par]])
	}
	for k := 1; k < t.nNodes; k++ {
		par := t.parent[k]
		switch {
		case under[k]:
			s.below = append(s.below, int32(k))
			if under[par] {
				break
			}
			fallthrough
		default:
			s.edges = append(s.edges, int32(k))
			if a := t.edgeVar[k]; a >= 0 && s.isLast[s.setOf[a]] {
				s.lastEdges = append(s.lastEdges, int32(k))
			}
		}
	}
	for k := t.nNodes - 1; k >= 0; k-- {
		switch {
		case t.owner[k] == terminalOwner || under[k]:
			s.lower = append(s.lower, int32(k))
		default:
			s.upper = append(s.upper, int32(k))
		}
	}
	for set := range t.setVar {
		if s.isLast[set] {
			s.lastSets = append(s.lastSets, int32(set))
		} else {
			s.freeSets = append(s.freeSets, int32(set))
		}
	}
}

// normalize turns the log-odds held in y (0 at first actions) into log
// probabilities and probabilities (in t.p), at every set or only at the
// last movers'.
func (s *qreSystem) normalize(last bool) {
	t, y := s.t, s.y
	for set, base := range t.setVar {
		if last && !s.isLast[set] {
			continue
		}
		acts := y[base : base+t.setLen[set]]
		p := t.p[base : base+t.setLen[set]]
		acts[0] = 0
		hi := 0.0
		for _, z := range acts {
			if z > hi {
				hi = z
			}
		}
		sum := 0.0
		for j, z := range acts {
			p[j] = math.Exp(z - hi)
			sum += p[j]
		}
		if set == 0 && s.pert != 0 {
			// The full system's first equation, Σ p − 1, perturbed.
			sum /= 1 - s.pert
		}
		l := hi + math.Log(sum)
		for j := range acts {
			acts[j] -= l
			p[j] /= sum
		}
	}
}

// valuePerturbed writes the traced equations' values at x into h with the
// full system's first equation perturbed by pert, as the path tracer does
// near a bifurcation: the probabilities of the first information set sum
// to 1 − pert.
func (s *qreSystem) valuePerturbed(x, h []float64, pert float64) {
	s.setPert(pert)
	s.equations(x, h)
}

// setPert sets the perturbation of the evaluations to come.
func (s *qreSystem) setPert(pert float64) {
	if pert != s.pert {
		s.pert, s.valid = pert, false
	}
}

// value writes the traced equations' values at x into h.
func (s *qreSystem) value(x, h []float64) {
	s.setPert(0)
	s.equations(x, h)
}

// equations writes the traced equations' values at x, under the current
// perturbation, into h.
func (s *qreSystem) equations(x, h []float64) {
	s.expand(x)
	t := s.t
	lambda := x[len(s.free)]
	for i, a := range s.free {
		h[i] = x[i] - lambda*(t.actVal[a]-t.actVal[s.first[a]])
	}
}

// jacobian writes the Jacobian of the traced system at x: the log-odds
// Jacobian with the last movers eliminated, S = J_FF − J_FL J_LF for the
// free columns and the same for the λ column.
func (s *qreSystem) jacobian(x, jac []float64) {
	s.setPert(0)
	s.expand(x)
	s.t.derivatives()
	s.logOdds(x[len(s.free)])
	nf, nl := len(s.free), len(s.last)
	w := nf + nl + 1
	for i := 0; i < nf; i++ {
		row := jac[i*(nf+1) : (i+1)*(nf+1)]
		src := s.jz[i*w : (i+1)*w]
		copy(row[:nf], src[:nf])
		row[nf] = src[nf+nl]
		for l := 0; l < nl; l++ {
			c := src[nf+l]
			if c == 0 {
				continue
			}
			lr := s.jz[(nf+l)*w : (nf+l+1)*w]
			for j := 0; j < nf; j++ {
				row[j] -= c * lr[j]
			}
			row[nf] -= c * lr[nf+nl]
		}
	}
}

// logOdds fills jz with the Jacobian of z_a − λ (v_a − v_{a_0}) in the
// log-odds coordinates, for rows free then last (the last movers' own
// block, the identity, is not used). With D[a][c] = ∂v_a/∂y_c and
// ∂y_c/∂z_b = [c ∈ set of b] (δ_cb − p_b), the entry for row a, column b
// is δ_ab − λ (E_a[b] − p_b Σ_{c ∈ set of b} E_a[c]), E_a = D_a − D_{a_0}.
func (s *qreSystem) logOdds(lambda float64) {
	t := s.t
	n := t.nVars
	nf, nl := len(s.free), len(s.last)
	w := nf + nl + 1
	for i, a := range s.rows {
		da := t.deriv[int(a)*n : (int(a)+1)*n]
		d0 := t.deriv[int(s.first[a])*n : (int(s.first[a])+1)*n]
		row := s.jz[i*w : (i+1)*w]
		clear(row)
		row[i] = 1
		ncols := nf + nl
		if i >= nf {
			ncols = nf // the last movers' block is the identity
		}
		for _, set := range s.related[s.setOf[a]] {
			base, size := t.setVar[set], t.setLen[set]
			sum := 0.0
			for c := base; c < base+size; c++ {
				sum += da[c] - d0[c]
			}
			for b := base + 1; b < base+size; b++ {
				if col := int(s.col[b]); col < ncols {
					row[col] = -lambda * (da[b] - d0[b] - t.p[b]*sum)
				}
			}
		}
		row[nf+nl] = -(t.actVal[a] - t.actVal[s.first[a]])
	}
}

// relatedSets lists, for each information set I, the sets whose actions
// the values at I depend on: other players' sets on the paths to I's
// members (through beliefs) and every set below them (through
// continuation values). These are the only nonzero columns of the rows
// of I in logitTree.derivatives, whatever the numbers.
func relatedSets(t *logitTree) [][]int32 {
	end := make([]int32, t.nNodes) // subtree of k: nodes k … end[k]-1
	for k := t.nNodes - 1; k >= 0; k-- {
		end[k] = max(end[k], int32(k+1))
		if par := t.parent[k]; par >= 0 {
			end[par] = max(end[par], end[k])
		}
	}
	rel := make([][]int32, len(t.setVar))
	for set := range rel {
		seen := map[int32]bool{}
		for _, h := range t.members[t.memOff[set]:t.memOff[set+1]] {
			for cur := int32(h); t.parent[cur] >= 0; cur = t.parent[cur] {
				if par := t.parent[cur]; t.set[par] >= 0 && t.owner[par] != t.owner[h] {
					seen[t.set[par]] = true
				}
			}
			for k := h + 1; k < end[h]; k++ {
				if t.set[k] >= 0 {
					seen[t.set[k]] = true
				}
			}
		}
		for j := range seen {
			rel[set] = append(rel[set], j)
		}
		slices.Sort(rel[set])
	}
	return rel
}
