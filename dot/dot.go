// Package dot draws game trees as Graphviz DOT graphs, optionally with the
// probabilities of a behaviour profile on their edges.
package dot

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/tablero-project/tablero/game"
)

// Write draws g. With a non-nil profile b, each player's edge is labelled
// with its action's probability and edges never taken are grey. Members of
// one information set are joined by dashed lines.
func Write(w io.Writer, g *game.Game, b game.Behavior) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "digraph %s {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n", quote(g.Title))
	for _, n := range g.Nodes {
		fmt.Fprintf(bw, "  n%d [%s];\n", n.Index, nodeAttrs(g, n))
		for a, c := range n.Children {
			fmt.Fprintf(bw, "  n%d -> n%d [%s];\n", n.Index, c.Index, edgeAttrs(n, a, b))
		}
	}
	for _, sets := range g.Infosets {
		for _, s := range sets {
			for i := 1; i < len(s.Members); i++ {
				fmt.Fprintf(bw, "  n%d -> n%d [style=dashed, dir=none, constraint=false, color=\"#888888\"];\n", s.Members[i-1].Index, s.Members[i].Index)
			}
		}
	}
	fmt.Fprintf(bw, "}\n")
	return bw.Flush()
}

func nodeAttrs(g *game.Game, n *game.Node) string {
	var label string
	shape := "ellipse"
	switch s := n.Infoset; {
	case s == nil:
		shape = "box"
		label = n.Label
		if o := n.Outcome; o != nil {
			label = strings.TrimSpace(label + "\n" + payoffs(o))
		}
	case s.Player == game.Chance:
		shape = "diamond"
		label = strings.TrimSpace("chance " + s.Label)
	default:
		label = strings.TrimSpace(g.Players[s.Player] + "\n" + s.Label)
	}
	return fmt.Sprintf("label=%s, shape=%s", quote(label), shape)
}

func edgeAttrs(n *game.Node, a int, b game.Behavior) string {
	s := n.Infoset
	act := s.Actions[a]
	label := act.Label
	grey := false
	switch {
	case s.Player == game.Chance:
		label += " " + act.Prob.RatString()
	case b != nil:
		p := b[s.Player][s.Index][a]
		label += fmt.Sprintf(" %.3g", p)
		grey = p < 1e-9
	}
	attrs := "label=" + quote(label)
	if grey {
		attrs += ", color=\"#bbbbbb\", fontcolor=\"#999999\""
	}
	return attrs
}

func payoffs(o *game.Outcome) string {
	parts := make([]string, len(o.Payoffs))
	for i, p := range o.Payoffs {
		parts[i] = p.RatString()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
