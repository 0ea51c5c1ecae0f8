package logit

import (
	"fmt"
	"math"

	"github.com/tablero-project/tablero/game"
)

// This file holds the agent logit system of an extensive game: a flat copy
// of the tree in float64 and the equations, Jacobian and regret evaluated
// on it.
//
// The unknowns are the logarithms y_a of the probabilities of all players'
// actions, in Gambit's behaviour order (player by player, information sets
// in Game.Infosets order, actions in order), followed by λ. Information set
// I with actions a_0, …, a_k contributes k+1 equations, numbered like its
// actions:
//
//	Σ_j exp(y_{a_j}) − 1 = 0
//	y_{a_j} − y_{a_0} − λ (v_{a_j} − v_{a_0}) = 0   (j = 1…k)
//
// where v_a is the value of action a to the player at I conditional on
// reaching I: Σ_{h∈I} β(h) V(child(h, a)) with beliefs β(h) ∝ reach(h) and
// V(x) the expected sum of the outcomes on plays through x. Information sets
// that chance never reaches get uniform beliefs, as in Gambit.

// logitTree is a flat float64 copy of a game tree with its information
// structure, plus the workspace of one evaluation.
type logitTree struct {
	nPlayers, nVars, nNodes int

	// Per node, in pre-order (index as game.Game.Nodes).
	parent  []int32
	owner   []int32   // player at the node; chanceOwner or terminalOwner
	set     []int32   // global information set of a player node, else -1
	kidOff  []int32   // children of node k: kidOff[k] .. kidOff[k+1]-1 in kids
	kids    []int32   // child node indices
	edgeVar []int32   // variable of the action leading to the node, -1 for chance or root
	edgeP   []float64 // chance probability of the action leading to the node
	logP    []float64 // its logarithm (-Inf for probability 0)
	total   []float64 // terminal nodes: sum of the outcomes on the path, nNodes×nPlayers

	// Per global information set (players' sets, in Gambit order).
	setOwner []int32
	setVar   []int32 // first variable (and equation) of the set
	setLen   []int32 // number of actions
	memOff   []int32 // members of set s: members[memOff[s]:memOff[s+1]]
	members  []int32

	scale float64 // range of the players' payoffs over plays (regret scale)
	// unit is the payoff unit: payoffs are stored divided by it, so the
	// λ of the equations is unit × the game's λ. It is 1 unless the
	// payoffs are so large or small that the path would be badly scaled.
	unit float64

	// Workspace, overwritten by each evaluation.
	p        []float64 // action probabilities exp(y)
	logReach []float64 // log realisation probabilities of nodes
	edgeW    []float64 // probability of the edge into each node
	belief   []float64 // beliefs at player nodes
	nodeVal  []float64 // node values V, nNodes×nPlayers
	actVal   []float64 // conditional action values v_a
	deriv    []float64 // D[a][b] = p_b ∂v_a/∂p_b, nVars×nVars
	linReach []float64 // realisation probabilities (end criterion)
}

const (
	chanceOwner   = -1
	terminalOwner = -2
)

// newLogitTree copies g, which must be validated and of perfect recall.
func newLogitTree(g *game.Game) (*logitTree, error) {
	if len(g.Nodes) == 0 || g.Nodes[0] != g.Root {
		return nil, fmt.Errorf("logit: game is not validated (call Validate)")
	}
	t := &logitTree{nPlayers: len(g.Players), nNodes: len(g.Nodes)}
	t.indexSets(g)
	if err := t.copyNodes(g); err != nil {
		return nil, err
	}
	t.scale = t.playRange()
	if math.IsInf(t.scale, 0) || math.IsNaN(t.scale) {
		// Logit QRE is not invariant to the scale of payoffs (λ multiplies
		// them), so payoffs are not silently rescaled past this point.
		return nil, fmt.Errorf("payoffs out of range: the largest minus the smallest payoff of a play overflows float64 (payoffs must differ by less than %.4g)", math.MaxFloat64)
	}
	t.rescale()
	t.p = make([]float64, t.nVars)
	t.logReach = make([]float64, t.nNodes)
	t.edgeW = make([]float64, t.nNodes)
	t.belief = make([]float64, t.nNodes)
	t.nodeVal = make([]float64, t.nNodes*t.nPlayers)
	t.actVal = make([]float64, t.nVars)
	t.deriv = make([]float64, t.nVars*t.nVars)
	t.linReach = make([]float64, t.nNodes)
	return t, nil
}

// indexSets numbers the players' information sets and actions in Gambit's
// behaviour order.
func (t *logitTree) indexSets(g *game.Game) {
	for p, sets := range g.Infosets {
		for _, s := range sets {
			t.setOwner = append(t.setOwner, int32(p))
			t.setVar = append(t.setVar, int32(t.nVars))
			t.setLen = append(t.setLen, int32(len(s.Actions)))
			t.memOff = append(t.memOff, int32(len(t.members)))
			for _, m := range s.Members {
				t.members = append(t.members, int32(m.Index))
			}
			t.nVars += len(s.Actions)
		}
	}
	t.memOff = append(t.memOff, int32(len(t.members)))
}

// globalSet returns the global index of a player's information set.
func globalSet(g *game.Game, s *game.Infoset) int {
	k := s.Index
	for p := 0; p < s.Player; p++ {
		k += len(g.Infosets[p])
	}
	return k
}

// copyNodes fills the per-node arrays.
func (t *logitTree) copyNodes(g *game.Game) error {
	n, np := t.nNodes, t.nPlayers
	t.parent = make([]int32, n)
	t.owner = make([]int32, n)
	t.set = make([]int32, n)
	t.kidOff = make([]int32, n+1)
	t.edgeVar = make([]int32, n)
	t.edgeP = make([]float64, n)
	t.logP = make([]float64, n)
	t.total = make([]float64, n*np)
	path := make([]float64, n*np) // outcomes on the path, inclusive
	for k, nd := range g.Nodes {
		t.parent[k], t.edgeVar[k], t.edgeP[k] = -1, -1, 1
		if nd.Parent != nil {
			par := nd.Parent.Index
			t.parent[k] = int32(par)
			copy(path[k*np:(k+1)*np], path[par*np:(par+1)*np])
			if s := nd.Parent.Infoset; s.Player == game.Chance {
				f, _ := s.Actions[nd.Action].Prob.Float64()
				t.edgeP[k], t.logP[k] = f, math.Log(f)
			} else {
				t.edgeVar[k] = t.setVar[globalSet(g, s)] + int32(nd.Action)
			}
		}
		if o := nd.Outcome; o != nil {
			for i, v := range o.Payoffs {
				f, _ := v.Float64()
				path[k*np+i] += f
			}
		}
		t.kidOff[k] = int32(len(t.kids))
		for _, c := range nd.Children {
			t.kids = append(t.kids, int32(c.Index))
		}
		switch s := nd.Infoset; {
		case s == nil:
			t.owner[k], t.set[k] = terminalOwner, -1
			copy(t.total[k*np:(k+1)*np], path[k*np:(k+1)*np])
		case s.Player == game.Chance:
			t.owner[k], t.set[k] = chanceOwner, -1
		default:
			t.owner[k], t.set[k] = int32(s.Player), int32(globalSet(g, s))
		}
	}
	t.kidOff[n] = int32(len(t.kids))
	for k := range t.total {
		if math.IsInf(t.total[k], 0) || math.IsNaN(t.total[k]) {
			return fmt.Errorf("payoffs out of range: player %d's payoff from the play ending at node %d is %g: it (or an outcome on its path) does not fit in a float64",
				k%np+1, k/np+1, t.total[k])
		}
	}
	return nil
}

// playRange returns the largest minus the smallest payoff of any play
// (the sum of the outcomes along a path to a terminal node) to any player:
// Gambit's scale for regrets.
func (t *logitTree) playRange() float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for k := 0; k < t.nNodes; k++ {
		if t.owner[k] != terminalOwner {
			continue
		}
		for _, v := range t.total[k*t.nPlayers : (k+1)*t.nPlayers] {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if hi < lo {
		return 0
	}
	return hi - lo
}

// Payoff ranges outside [1/maxUnit, maxUnit] are rescaled to 1.
const maxUnit = 1e8

// rescale divides payoffs by their range when it is extreme. (Gambit does
// not, and stalls on tests/test_games/large_payoff_game.efg, whose payoffs
// are 10^19.)
func (t *logitTree) rescale() {
	t.unit = 1
	if t.scale == 0 || (t.scale <= maxUnit && t.scale >= 1/maxUnit) {
		return
	}
	t.unit = t.scale
	for k := range t.total {
		t.total[k] /= t.unit
	}
	t.scale = 1
}

// dim returns the number of equations (and of action variables).
func (t *logitTree) dim() int { return t.nVars }

// evaluate computes probabilities, beliefs, node values and action values
// at the point x = (y, λ).
func (t *logitTree) evaluate(x []float64) {
	for a := range t.p {
		t.p[a] = math.Exp(x[a])
	}
	t.reach(x)
	t.beliefs()
	t.nodeValues()
	t.actionValues()
}

// reach computes log realisation probabilities in pre-order, and the
// probability of the edge into each node from t.p.
func (t *logitTree) reach(x []float64) {
	t.logReach[0] = 0
	for k := 1; k < t.nNodes; k++ {
		l := t.logReach[t.parent[k]]
		if a := t.edgeVar[k]; a >= 0 {
			l += x[a]
			t.edgeW[k] = t.p[a]
		} else {
			l += t.logP[k]
			t.edgeW[k] = t.edgeP[k]
		}
		t.logReach[k] = l
	}
}

// beliefs normalises the realisation probabilities within each
// information set, in log space so that tiny probabilities do not
// underflow; sets chance never reaches get uniform beliefs.
func (t *logitTree) beliefs() {
	for s := range t.setVar {
		mem := t.members[t.memOff[s]:t.memOff[s+1]]
		hi := math.Inf(-1)
		for _, h := range mem {
			hi = math.Max(hi, t.logReach[h])
		}
		if math.IsInf(hi, -1) {
			for _, h := range mem {
				t.belief[h] = 1 / float64(len(mem))
			}
			continue
		}
		sum := 0.0
		for _, h := range mem {
			t.belief[h] = math.Exp(t.logReach[h] - hi)
			sum += t.belief[h]
		}
		for _, h := range mem {
			t.belief[h] /= sum
		}
	}
}

// actionProb returns the probability of the action leading to node k.
func (t *logitTree) actionProb(k int32) float64 {
	if a := t.edgeVar[k]; a >= 0 {
		return t.p[a]
	}
	return t.edgeP[k]
}

// nodeValues computes V bottom-up (reverse pre-order), after reach.
func (t *logitTree) nodeValues() {
	for k := t.nNodes - 1; k >= 0; k-- {
		t.nodeValue(k)
	}
}

// nodeValue computes V at node k from its children's values.
func (t *logitTree) nodeValue(k int) {
	np := t.nPlayers
	v := t.nodeVal[k*np : (k+1)*np]
	if t.owner[k] == terminalOwner {
		copy(v, t.total[k*np:(k+1)*np])
		return
	}
	for i := range v {
		v[i] = 0
	}
	for _, c := range t.kids[t.kidOff[k]:t.kidOff[k+1]] {
		w := t.edgeW[c]
		if w == 0 {
			continue
		}
		cv := t.nodeVal[int(c)*np : (int(c)+1)*np]
		for i := range v {
			v[i] += w * cv[i]
		}
	}
}

// actionValues computes the conditional action values v_a.
func (t *logitTree) actionValues() {
	for s := range t.setVar {
		t.setValues(s)
	}
}

// setValues computes the conditional values of the actions of set s.
func (t *logitTree) setValues(s int) {
	np := t.nPlayers
	base := int(t.setVar[s])
	vals := t.actVal[base : base+int(t.setLen[s])]
	for j := range vals {
		vals[j] = 0
	}
	pl := int(t.setOwner[s])
	for _, h := range t.members[t.memOff[s]:t.memOff[s+1]] {
		b := t.belief[h]
		for j, c := range t.kids[t.kidOff[h]:t.kidOff[h+1]] {
			vals[j] += b * t.nodeVal[int(c)*np+pl]
		}
	}
}

// value writes the equations' values at x into h.
func (t *logitTree) value(x, h []float64) {
	t.evaluate(x)
	lambda := x[t.nVars]
	for s, base := range t.setVar {
		sum := -1.0
		for j := 0; j < int(t.setLen[s]); j++ {
			a := int(base) + j
			sum += t.p[a]
			if j > 0 {
				h[a] = x[a] - x[base] - lambda*(t.actVal[a]-t.actVal[base])
			}
		}
		h[base] = sum
	}
}

// jacobian writes the n×(n+1) Jacobian at x into jac, row-major.
func (t *logitTree) jacobian(x, jac []float64) {
	t.evaluate(x)
	t.derivatives()
	n := t.nVars
	lambda := x[n]
	for i := range jac {
		jac[i] = 0
	}
	for s, base := range t.setVar {
		b0 := int(base)
		rowS := jac[b0*(n+1) : (b0+1)*(n+1)]
		d0 := t.deriv[b0*n : (b0+1)*n]
		for j := 0; j < int(t.setLen[s]); j++ {
			a := b0 + j
			rowS[a] = t.p[a]
			if j == 0 {
				continue
			}
			row := jac[a*(n+1) : (a+1)*(n+1)]
			da := t.deriv[a*n : (a+1)*n]
			for b := 0; b < n; b++ {
				row[b] = -lambda * (da[b] - d0[b])
			}
			row[a], row[b0] = 1, -1
			row[n] = -(t.actVal[a] - t.actVal[b0])
		}
	}
}

// derivatives fills deriv[a][b] = p_b ∂v_a/∂p_b for actions a and b of
// different information sets (the probabilities taken as independent
// variables), after evaluate. Under perfect recall an information set J
// of b relates to a member h of a's set I in one of two ways:
//
//   - b leads to h: v_a moves through the belief in h,
//     contributing β(h) (V(child(h, a)) − v_a);
//   - J lies below child(h, a): v_a moves through the value of that
//     child, contributing β(h) π(child(h, a) → child(m, b)) V(child(m, b))
//     for every member m of J below it, π being the probability of the
//     path between the two nodes.
//
// Both are sums over pairs of a node and one of its ancestors, so the
// whole matrix costs O(nodes × depth × actions).
func (t *logitTree) derivatives() {
	for i := range t.deriv {
		t.deriv[i] = 0
	}
	t.beliefTerms()
	t.valueTerms()
}

// beliefTerms adds the contributions through beliefs: for every player
// node h, action a at h and action b of another player on the path to h.
// (b of h's own player leads to every member of h's set or to none, and
// the contributions cancel.)
func (t *logitTree) beliefTerms() {
	n, np := t.nVars, t.nPlayers
	for h := 0; h < t.nNodes; h++ {
		s := t.set[h]
		if s < 0 || t.belief[h] == 0 {
			continue
		}
		pl := t.owner[h]
		base := int(t.setVar[s])
		for j, c := range t.kids[t.kidOff[h]:t.kidOff[h+1]] {
			a := base + j
			w := t.belief[h] * (t.nodeVal[int(c)*np+int(pl)] - t.actVal[a])
			if w == 0 {
				continue
			}
			row := t.deriv[a*n : (a+1)*n]
			for cur := int32(h); t.parent[cur] >= 0; cur = t.parent[cur] {
				if b := t.edgeVar[cur]; b >= 0 && t.owner[t.parent[cur]] != pl {
					row[b] += w
				}
			}
		}
	}
}

// valueTerms adds the contributions through continuation values: for
// every action b at a player node m (reaching node c = child(m, b)) and
// every player node h above m, with a the action of h towards m.
func (t *logitTree) valueTerms() {
	n, np := t.nVars, t.nPlayers
	for c := 1; c < t.nNodes; c++ {
		b := t.edgeVar[c]
		if b < 0 {
			continue
		}
		pi := t.p[b]
		vc := t.nodeVal[c*np : (c+1)*np]
		for cur := t.parent[c]; pi != 0; {
			par := t.parent[cur]
			if par < 0 {
				break
			}
			if s := t.set[par]; s >= 0 && t.belief[par] != 0 {
				a := t.edgeVar[cur]
				t.deriv[int(a)*n+int(b)] += t.belief[par] * pi * vc[t.owner[par]]
			}
			pi *= t.actionProb(cur)
			cur = par
		}
	}
}

// maxRegret returns the largest agent regret of the profile of the last
// evaluation: over information sets that play reaches with nonzero
// floating-point probability, the gain from switching to the best action,
// values conditional on reaching the set. This is gambit-logit's end
// criterion; information sets whose reach underflows to 0 are ignored as
// there. (Conditional values make it stricter than the Nash regret: play
// must be nearly optimal off the equilibrium path too, as in a sequential
// equilibrium, the limit of the agent QRE.)
func (t *logitTree) maxRegret() float64 {
	t.linReach[0] = 1 // linear realisation probabilities, as Gambit's profile
	for k := 1; k < t.nNodes; k++ {
		t.linReach[k] = t.linReach[t.parent[k]] * t.actionProb(int32(k))
	}
	worst := 0.0
	for s, base := range t.setVar {
		reach := 0.0
		for _, h := range t.members[t.memOff[s]:t.memOff[s+1]] {
			reach += t.linReach[h]
		}
		if reach == 0 {
			continue
		}
		best, avg := math.Inf(-1), 0.0
		for a := int(base); a < int(base)+int(t.setLen[s]); a++ {
			best = math.Max(best, t.actVal[a])
			avg += t.p[a] * t.actVal[a]
		}
		worst = math.Max(worst, best-avg)
	}
	return worst
}
