package pure

import (
	"context"
	"fmt"
	"math/big"

	"github.com/tablero-project/tablero/game"
)

// TreeMethod computes one equilibrium of a tree: a behaviour profile with
// exact probabilities (methods that compute in floating point convert with
// game.Rat).
type TreeMethod func(ctx context.Context, g *game.Game) (game.BehaviorRat, error)

// SubgameRoots returns the nodes of g that root a subgame: nodes whose
// subtree contains every member of every information set it meets. The
// root of g is always one. Nodes come in pre-order.
func SubgameRoots(g *game.Game) []*game.Node {
	n := len(g.Nodes)
	end := make([]int, n) // last pre-order index in each subtree
	lo := make([]int, n)  // smallest / largest pre-order index of members of
	hi := make([]int, n)  // the information sets met in each subtree
	for k := n - 1; k >= 0; k-- {
		nd := g.Nodes[k]
		end[k], lo[k], hi[k] = k, k, k
		if s := nd.Infoset; s != nil {
			lo[k], hi[k] = s.Members[0].Index, s.Members[len(s.Members)-1].Index
		}
		for _, c := range nd.Children {
			end[k] = max(end[k], end[c.Index])
			lo[k], hi[k] = min(lo[k], lo[c.Index]), max(hi[k], hi[c.Index])
		}
	}
	var roots []*game.Node
	for k, nd := range g.Nodes {
		if !nd.IsTerminal() && lo[k] >= k && hi[k] <= end[k] {
			roots = append(roots, nd)
		}
	}
	return roots
}

// SubgamePerfect computes a subgame-perfect equilibrium of g by solving its
// subgames bottom-up with method: each subgame, with the subgames below it
// replaced by the payoffs of their solutions, is solved, and the solution's
// value replaces it in turn. Where method finds several equilibria of a
// subgame it picks one, so this gives one subgame-perfect equilibrium, not
// all. Information sets no subgame's solution reaches keep the behaviour
// their subgame's method gave them.
func SubgamePerfect(ctx context.Context, g *game.Game, method TreeMethod) (game.BehaviorRat, error) {
	if err := g.PerfectRecall(); err != nil {
		return nil, fmt.Errorf("subgame perfect: %w", err)
	}
	roots := SubgameRoots(g)
	isRoot := map[*game.Node]bool{}
	for _, r := range roots {
		isRoot[r] = true
	}
	out := make(game.BehaviorRat, len(g.Players))
	for p, sets := range g.Infosets {
		out[p] = make([][]*big.Rat, len(sets))
	}
	value := map[*game.Node][]*big.Rat{} // solved subgames: payoffs from the root down
	for i := len(roots) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := roots[i]
		sub, origin := extract(g, r, isRoot, value)
		b, err := method(ctx, sub)
		if err != nil {
			return nil, fmt.Errorf("subgame at %s: %w", r, err)
		}
		for p, sets := range sub.Infosets {
			for j, s := range sets {
				o := origin[s]
				out[o.Player][o.Index] = b[p][j]
			}
		}
		value[r] = payoffsRat(sub, b)
	}
	return out, nil
}

// extract copies the subtree of g at r into a game of its own, replacing
// each solved subgame below r by a terminal node paying its value, and
// returns it with the original of each information set.
func extract(g *game.Game, r *game.Node, isRoot map[*game.Node]bool, value map[*game.Node][]*big.Rat) (*game.Game, map[*game.Infoset]*game.Infoset) {
	sub := &game.Game{Title: g.Title, Players: g.Players}
	sets := map[*game.Infoset]*game.Infoset{}   // original → copy
	origin := map[*game.Infoset]*game.Infoset{} // copy → original
	copyNode := func(n *game.Node) *game.Node {
		if n != r && isRoot[n] {
			return &game.Node{Label: n.Label, Outcome: &game.Outcome{Label: "subgame value", Payoffs: value[n]}}
		}
		m := &game.Node{Label: n.Label, Outcome: n.Outcome}
		if s := n.Infoset; s != nil {
			c, ok := sets[s]
			if !ok {
				c = &game.Infoset{Label: s.Label, Player: s.Player, ID: s.ID, Actions: s.Actions}
				sets[s], origin[c] = c, s
			}
			m.Infoset = c
			m.Children = make([]*game.Node, len(n.Children))
		}
		return m
	}
	type pair struct{ orig, copy *game.Node }
	sub.Root = copyNode(r)
	stack := []pair{{r, sub.Root}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for a := len(e.copy.Children) - 1; a >= 0; a-- {
			e.copy.Children[a] = copyNode(e.orig.Children[a])
			stack = append(stack, pair{e.orig.Children[a], e.copy.Children[a]})
		}
	}
	if err := sub.Validate(); err != nil {
		panic("solve: extracting a subgame of a valid game: " + err.Error())
	}
	return sub, origin
}

// payoffsRat returns each player's exact expected payoff under b, outcomes
// on every node included.
func payoffsRat(g *game.Game, b game.BehaviorRat) []*big.Rat {
	u := make([]*big.Rat, len(g.Players))
	for p := range u {
		u[p] = new(big.Rat)
	}
	type entry struct {
		n *game.Node
		w *big.Rat // probability of reaching n
	}
	stack := []entry{{g.Root, big.NewRat(1, 1)}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e.w.Sign() == 0 {
			continue
		}
		if o := e.n.Outcome; o != nil {
			for p, v := range o.Payoffs {
				u[p].Add(u[p], new(big.Rat).Mul(e.w, v))
			}
		}
		s := e.n.Infoset
		for a, c := range e.n.Children {
			pr := s.Actions[a].Prob
			if s.Player != game.Chance {
				pr = b[s.Player][s.Index][a]
			}
			stack = append(stack, entry{c, new(big.Rat).Mul(e.w, pr)})
		}
	}
	return u
}
