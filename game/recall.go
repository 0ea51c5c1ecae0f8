package game

import (
	"context"
	"fmt"
)

// ctxCheckEvery is about how many nodes a traversal visits between two
// looks at its context.
const ctxCheckEvery = 1 << 12

// PerfectRecall returns nil when every player remembers, at each of its
// information sets, all its own earlier information sets and actions; it
// also rejects absent-mindedness (a path that crosses one information set
// twice). Otherwise the error names the information set and node at fault.
// The game must have been validated.
func (g *Game) PerfectRecall() error {
	return g.PerfectRecallContext(context.Background())
}

// PerfectRecallContext is PerfectRecall, returning an error wrapping
// ctx.Err() if ctx is cancelled during the check.
//
// The walk is iterative and its memory linear in the number of nodes:
// each player's own moves on the path (its history) are interned, one
// number per distinct history, so two histories are equal exactly when
// their numbers are, and each information set keeps only the number of
// the history at its first member.
func (g *Game) PerfectRecallContext(ctx context.Context) error {
	r := &recallCheck{
		cur:    make([]int32, len(g.Players)),
		ids:    map[historyKey]int32{},
		first:  map[*Infoset]int32{},
		onPath: map[*Infoset]bool{},
	}
	if g.Root == nil {
		return nil
	}
	if err := r.enter(g.Root); err != nil {
		return err
	}
	stack := []recallFrame{r.frame(g.Root)}
	for steps := 1; len(stack) > 0; steps++ {
		if steps%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("game: checking perfect recall: %w", err)
			}
		}
		f := &stack[len(stack)-1]
		if f.next == len(f.n.Children) {
			r.leave(f)
			stack = stack[:len(stack)-1]
			continue
		}
		c := f.n.Children[f.next]
		r.move(f)
		f.next++
		if err := r.enter(c); err != nil {
			return err
		}
		stack = append(stack, r.frame(c))
	}
	return nil
}

// historyKey identifies a history: the history before the last move (by
// its number) and that move.
type historyKey struct {
	prev   int32
	set    *Infoset
	action int
}

// recallFrame is a node on the path of the walk: the next child to visit
// and the mover's history on entering the node.
type recallFrame struct {
	n     *Node
	next  int
	saved int32
}

// recallCheck holds the state of a perfect-recall walk.
type recallCheck struct {
	cur    []int32 // cur[p]: the number of player p's history on the path
	ids    map[historyKey]int32
	first  map[*Infoset]int32 // the history at a set's first member
	onPath map[*Infoset]bool
}

// personal returns the information set of n if a player moves there.
func personal(n *Node) *Infoset {
	if s := n.Infoset; s != nil && s.Player != Chance {
		return s
	}
	return nil
}

func (r *recallCheck) frame(n *Node) recallFrame {
	f := recallFrame{n: n}
	if s := personal(n); s != nil {
		f.saved = r.cur[s.Player]
	}
	return f
}

// enter checks the node n the walk has just reached.
func (r *recallCheck) enter(n *Node) error {
	s := personal(n)
	if s == nil {
		return nil
	}
	p := s.Player
	if p < 0 || p >= len(r.cur) {
		return fmt.Errorf("game: %s: player %d does not exist (the game has %d)", n, p+1, len(r.cur))
	}
	if r.onPath[s] {
		return fmt.Errorf("game: %s: information set %q of player %d is crossed twice on one path (absent-minded)", n, s.Label, p+1)
	}
	if h, ok := r.first[s]; !ok {
		r.first[s] = r.cur[p]
	} else if h != r.cur[p] {
		return fmt.Errorf("game: %s: player %d forgets at information set %q: its members follow different own earlier moves (imperfect recall)", n, p+1, s.Label)
	}
	r.onPath[s] = true
	return nil
}

// move sets the mover's history to the one after action f.next at f.n.
func (r *recallCheck) move(f *recallFrame) {
	s := personal(f.n)
	if s == nil {
		return
	}
	k := historyKey{f.saved, s, f.next}
	id, ok := r.ids[k]
	if !ok {
		id = int32(len(r.ids) + 1) // 0 is the empty history
		r.ids[k] = id
	}
	r.cur[s.Player] = id
}

// leave restores the state the walk had before entering f.n.
func (r *recallCheck) leave(f *recallFrame) {
	if s := personal(f.n); s != nil {
		r.cur[s.Player] = f.saved
		delete(r.onPath, s)
	}
}
