package game

import "fmt"

// move is one decision of a player on a path: an information set and the
// action taken there.
type move struct {
	set    *Infoset
	action int
}

// PerfectRecall returns nil when every player remembers, at each of its
// information sets, all its own earlier information sets and actions; it
// also rejects absent-mindedness (a path that crosses one information set
// twice). Otherwise the error names the information set and node at fault.
// The game must have been validated.
func (g *Game) PerfectRecall() error {
	// history[p] is player p's own moves on the path to the current node.
	history := make([][]move, len(g.Players))
	first := map[*Infoset][]move{}
	var visit func(n *Node) error
	visit = func(n *Node) error {
		s := n.Infoset
		if s == nil {
			return nil
		}
		p := s.Player
		if p != Chance {
			for _, m := range history[p] {
				if m.set == s {
					return fmt.Errorf("game: %s: information set %q of player %d is crossed twice on one path (absent-minded)", n, s.Label, p+1)
				}
			}
			if h, ok := first[s]; !ok {
				first[s] = append([]move(nil), history[p]...)
			} else if !sameMoves(h, history[p]) {
				return fmt.Errorf("game: %s: player %d forgets at information set %q: its members follow different own earlier moves (imperfect recall)", n, p+1, s.Label)
			}
		}
		for i, c := range n.Children {
			if p != Chance {
				history[p] = append(history[p], move{s, i})
			}
			err := visit(c)
			if p != Chance {
				history[p] = history[p][:len(history[p])-1]
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return visit(g.Root)
}

func sameMoves(a, b []move) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
