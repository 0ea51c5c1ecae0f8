package seqform

import (
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
)

// Form is the sequence form (Koller, Megiddo and von Stengel 1996) of a
// two-player tree with perfect recall. A player's sequences are the empty
// sequence, numbered 0, and one per action of each of its information
// sets, numbered in Game.Infosets order and action order from 1 (Gambit's
// order, which is also the order of behaviour profiles).
type Form struct {
	G      *game.Game
	NS     [2]int   // sequences per player, the empty one included
	Base   [2][]int // base[p][h]: the sequence of action 0 at p's set h
	Parent [2][]int // parent[p][h]: p's sequence leading to set h
	Cells  []Cell
	index  map[[2]int]int // sequence pair → position in cells
}

// Cell is one nonzero entry of the sequence-form payoff matrices.
type Cell struct {
	S [2]int
	// pay[p] sums chance probability × player p's payoff over the plays
	// (terminal nodes) whose last sequences are s, the payoff of a play
	// being the sum of the outcomes on its path. Outcomes on interior
	// nodes are thus carried down to the plays through them, so that
	// shifting every play's payoff by a constant (as the LCP needs) is
	// one shift per play.
	Pay [2]*big.Rat
	// Leaf sums the chance probabilities of the terminal nodes whose last
	// sequences are s.
	Leaf *big.Rat
}

// Check returns an error unless g is a validated two-player tree
// with perfect recall.
func Check(g *game.Game, method string) error {
	if len(g.Players) != 2 {
		return fmt.Errorf("solve: %s: method only valid for two-player games (the game has %d players)", method, len(g.Players))
	}
	if len(g.Nodes) == 0 {
		return fmt.Errorf("solve: %s: the game has not been validated", method)
	}
	if err := g.PerfectRecall(); err != nil {
		return fmt.Errorf("solve: %s: computing equilibria of games with imperfect recall is not supported: %w", method, err)
	}
	return nil
}

func New(g *game.Game) *Form {
	sf := &Form{G: g, index: map[[2]int]int{}}
	for p := range 2 {
		sets := g.Infosets[p]
		sf.Base[p] = make([]int, len(sets))
		sf.Parent[p] = make([]int, len(sets))
		next := 1
		for h, s := range sets {
			sf.Base[p][h] = next
			next += len(s.Actions)
		}
		sf.NS[p] = next
	}
	sf.walk()
	return sf
}

// walk fills the parents and the payoff cells, depth first with an
// explicit stack whose entries carry the last sequences (cur), the chance
// probability (prob) and the payoffs paid on the way to their node.
func (sf *Form) walk() {
	type entry struct {
		n    *game.Node
		cur  [2]int
		prob *big.Rat
		paid [2]*big.Rat
	}
	stack := []entry{{sf.G.Root, [2]int{}, big.NewRat(1, 1), [2]*big.Rat{new(big.Rat), new(big.Rat)}}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n, paid := e.n, e.paid
		if n.Outcome != nil {
			paid = [2]*big.Rat{new(big.Rat).Add(paid[0], n.Outcome.Payoffs[0]), new(big.Rat).Add(paid[1], n.Outcome.Payoffs[1])}
		}
		s := n.Infoset
		switch {
		case s == nil:
			if e.prob.Sign() == 0 {
				continue
			}
			c := sf.CellAt(e.cur)
			c.Leaf.Add(c.Leaf, e.prob)
			for p := range 2 {
				c.Pay[p].Add(c.Pay[p], new(big.Rat).Mul(e.prob, paid[p]))
			}
		case s.Player == game.Chance:
			for a := len(n.Children) - 1; a >= 0; a-- {
				stack = append(stack, entry{n.Children[a], e.cur, new(big.Rat).Mul(e.prob, s.Actions[a].Prob), paid})
			}
		default:
			p := s.Player
			sf.Parent[p][s.Index] = e.cur[p]
			for a := len(n.Children) - 1; a >= 0; a-- {
				next := e.cur
				next[p] = sf.Base[p][s.Index] + a
				stack = append(stack, entry{n.Children[a], next, e.prob, paid})
			}
		}
	}
}

func (sf *Form) CellAt(s [2]int) *Cell {
	i, ok := sf.index[s]
	if !ok {
		i = len(sf.Cells)
		sf.index[s] = i
		sf.Cells = append(sf.Cells, Cell{S: s, Pay: [2]*big.Rat{new(big.Rat), new(big.Rat)}, Leaf: new(big.Rat)})
	}
	return &sf.Cells[i]
}

// Behavior turns realization plans (x[p][s]: the probability that p plays
// sequence s) into a behaviour profile. At an information set whose own
// sequence has probability zero (more than one deviation off the path)
// the behaviour is the centroid, as Gambit returns it; elsewhere it is
// each action's share of the set's realization.
func (sf *Form) Behavior(x [2][]*big.Rat) game.BehaviorRat {
	b := make(game.BehaviorRat, 2)
	for p := range 2 {
		sets := sf.G.Infosets[p]
		b[p] = make([][]*big.Rat, len(sets))
		for h, s := range sets {
			probs := make([]*big.Rat, len(s.Actions))
			sum := new(big.Rat)
			for a := range probs {
				sum.Add(sum, x[p][sf.Base[p][h]+a])
			}
			for a := range probs {
				if x[p][sf.Parent[p][h]].Sign() > 0 && sum.Sign() > 0 {
					probs[a] = new(big.Rat).Quo(x[p][sf.Base[p][h]+a], sum)
				} else {
					probs[a] = big.NewRat(1, int64(len(probs)))
				}
			}
			b[p][h] = probs
		}
	}
	return b
}

// MaxPayoff returns the largest payoff of any outcome to any player, and
// the largest total payoff of a play (outcomes summed along its path).
func MaxPayoff(g *game.Game) (outcome, play *big.Rat) {
	for _, o := range g.Outcomes {
		for _, v := range o.Payoffs {
			if outcome == nil || v.Cmp(outcome) > 0 {
				outcome = v
			}
		}
	}
	type entry struct {
		n   *game.Node
		sum [2]*big.Rat // paid on the way to n
	}
	stack := []entry{{g.Root, [2]*big.Rat{new(big.Rat), new(big.Rat)}}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n, sum := e.n, e.sum
		if n.Outcome != nil {
			sum = [2]*big.Rat{new(big.Rat).Add(sum[0], n.Outcome.Payoffs[0]), new(big.Rat).Add(sum[1], n.Outcome.Payoffs[1])}
		}
		if n.Infoset == nil {
			for _, v := range sum {
				if play == nil || v.Cmp(play) > 0 {
					play = v
				}
			}
		}
		for _, c := range n.Children {
			stack = append(stack, entry{c, sum})
		}
	}
	if outcome == nil {
		outcome = new(big.Rat)
	}
	return outcome, play
}
