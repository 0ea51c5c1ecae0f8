package solve

import (
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/solve/internal/payoff"

	"github.com/tablero-project/tablero/game"
)

// RegretBehaviorRat returns, exactly, the largest gain any player of the
// tree g gets by switching from its part of b to a best reply (a Nash,
// not agent, regret): 0 at a Nash equilibrium. It is RegretBehavior in
// exact arithmetic: the best reply is found over the player's own
// information sets bottom-up, which needs perfect recall.
func RegretBehaviorRat(g *game.Game, b game.BehaviorRat) (*big.Rat, error) {
	if err := g.PerfectRecall(); err != nil {
		return nil, fmt.Errorf("regret: %w", err)
	}
	worst := new(big.Rat)
	for p := range g.Players {
		cur, best := new(big.Rat), new(big.Rat)
		q := make([][]*big.Rat, len(g.Infosets[p])) // value of each action of p's sets
		for i, s := range g.Infosets[p] {
			q[i] = make([]*big.Rat, len(s.Actions))
			for a := range q[i] {
				q[i][a] = new(big.Rat)
			}
		}
		var t big.Rat
		ratPlays(g, p, b, func(other *big.Rat, own *payoff.Seq, ownProb *big.Rat, pay []*big.Rat) {
			v := new(big.Rat).Mul(other, pay[p])
			cur.Add(cur, t.Mul(v, ownProb))
			if own == nil {
				best.Add(best, v)
			} else {
				q[own.Set.Index][own.Action].Add(q[own.Set.Index][own.Action], v)
			}
		})
		best.Add(best, ratBestReply(g, p, q))
		if gain := new(big.Rat).Sub(best, cur); gain.Cmp(worst) > 0 {
			worst = gain
		}
	}
	return worst, nil
}

// ratBestReply folds action values bottom-up: each information set's
// best action value is added to the action of p that precedes it.
func ratBestReply(g *game.Game, p int, q [][]*big.Rat) *big.Rat {
	parents := payoff.OwnParents(g, p)
	total := new(big.Rat)
	for i := len(g.Infosets[p]) - 1; i >= 0; i-- {
		best := q[i][0]
		for _, v := range q[i] {
			if v.Cmp(best) > 0 {
				best = v
			}
		}
		if par := parents[i]; par != nil {
			q[par.Set.Index][par.Action].Add(q[par.Set.Index][par.Action], best)
		} else {
			total.Add(total, best)
		}
	}
	return total
}

// ratPlays calls f for every terminal node with the probability of the
// others' (under b) and chance's moves on its path, p's last move there
// and the probability that b plays p's moves on the path, and the play's
// total payoffs. Branches of probability zero (chance's and the others')
// are skipped.
func ratPlays(g *game.Game, p int, b game.BehaviorRat, f func(other *big.Rat, own *payoff.Seq, ownProb *big.Rat, pay []*big.Rat)) {
	zero := make([]*big.Rat, len(g.Players))
	for i := range zero {
		zero[i] = new(big.Rat)
	}
	type entry struct {
		n       *game.Node
		other   *big.Rat
		own     *payoff.Seq
		ownProb *big.Rat   // the probability that b plays own
		pay     []*big.Rat // paid on the way to n
	}
	one := big.NewRat(1, 1)
	stack := []entry{{g.Root, one, nil, one, zero}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n, pay := e.n, e.pay
		if n.Outcome != nil {
			sum := make([]*big.Rat, len(pay))
			for i, v := range n.Outcome.Payoffs {
				sum[i] = new(big.Rat).Add(pay[i], v)
			}
			pay = sum
		}
		s := n.Infoset
		if s == nil {
			f(e.other, e.own, e.ownProb, pay)
			continue
		}
		for a := len(n.Children) - 1; a >= 0; a-- {
			c := n.Children[a]
			switch s.Player {
			case p:
				own := &payoff.Seq{Set: s, Action: a}
				stack = append(stack, entry{c, e.other, own, new(big.Rat).Mul(e.ownProb, b[p][s.Index][a]), pay})
			case game.Chance:
				if pr := s.Actions[a].Prob; pr.Sign() > 0 {
					stack = append(stack, entry{c, new(big.Rat).Mul(e.other, pr), e.own, e.ownProb, pay})
				}
			default:
				if pr := b[s.Player][s.Index][a]; pr.Sign() > 0 {
					stack = append(stack, entry{c, new(big.Rat).Mul(e.other, pr), e.own, e.ownProb, pay})
				}
			}
		}
	}
}
