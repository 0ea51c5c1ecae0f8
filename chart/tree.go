package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Tree draws a game tree left to right as Gambit does: a marker per node
// (coloured and shaped by who moves), each branch labelled with its
// action and probability, and the nodes of one information set joined by
// a dashed line in the mover's colour.
type Tree struct {
	Meta
	// Players name the movers; a node's Player indexes it.
	Players []string
	// Nodes[0] is the root; every node's parent comes before it.
	Nodes []TreeNode
}

// Mover values of TreeNode.Player besides player indices.
const (
	ChanceNode   = -1
	TerminalNode = -2
)

// TreeNode is a node with the branch that leads to it.
type TreeNode struct {
	Parent int    // -1 for the root
	Action string // the branch's label
	Prob   float64
	Player int // a player index, ChanceNode or TerminalNode
	// Label is shown right of a terminal node (its outcome, or what was
	// left out below it).
	Label string
	// Infoset groups decision nodes: nodes with the same non-empty
	// Infoset are joined.
	Infoset string
}

// Layout of the tree, in pixels.
const (
	treeCol  = 150.0
	treeRow  = 18.0
	treeLeaf = 260.0 // room for terminal labels
)

// layout places the nodes: leaves on consecutive rows, a parent midway
// between its first and last child, one column per depth.
func (c *Tree) layout() (xs, ys []float64, depth int) {
	n := len(c.Nodes)
	kids := make([][]int, n)
	for i, nd := range c.Nodes {
		if i > 0 && nd.Parent >= 0 && nd.Parent < i {
			kids[nd.Parent] = append(kids[nd.Parent], i)
		}
	}
	xs, ys = make([]float64, n), make([]float64, n)
	row := 0
	var place func(i, d int)
	place = func(i, d int) {
		xs[i] = float64(d)
		depth = max(depth, d)
		if len(kids[i]) == 0 {
			ys[i] = float64(row)
			row++
			return
		}
		for _, k := range kids[i] {
			place(k, d+1)
		}
		ys[i] = (ys[kids[i][0]] + ys[kids[i][len(kids[i])-1]]) / 2
	}
	if n > 0 {
		place(0, 0)
	}
	return xs, ys, depth
}

func (c *Tree) colour(p int) string {
	if p < 0 {
		return Black
	}
	return Palette[p%len(Palette)]
}

// WriteSVG draws the tree.
func (c *Tree) WriteSVG(w io.Writer) error {
	xs, ys, depth := c.layout()
	rows := 0.0
	for _, y := range ys {
		rows = math.Max(rows, y+1)
	}
	left, top := 20.0, 64.0
	px := func(i int) (float64, float64) { return left + xs[i]*treeCol, top + ys[i]*treeRow }
	wd := math.Max(left+float64(depth)*treeCol+treeLeaf, 480)
	var cv canvas
	cv.open(c.Meta, wd, top+rows*treeRow+20, c.describe())
	c.key(&cv, left)
	c.infosets(&cv, px)
	for i, nd := range c.Nodes {
		if i == 0 || nd.Parent < 0 {
			continue
		}
		x0, y0 := px(nd.Parent)
		x1, y1 := px(i)
		bend := x1 - treeCol*0.55
		cv.f(`<path class="branch" d="M%s %sL%s %sH%s" fill="none" stroke="%s" stroke-width="%s"/>`+"\n",
			num(x0), num(y0), num(bend), num(y1), num(x1), grey, num(1+3*nd.Prob))
		cv.text(bend+2, y1-3, "start", `font-size="10"`, clip(nd.Action, treeCol*0.55-30, 10)+" "+Number(nd.Prob, 2))
	}
	for i, nd := range c.Nodes {
		x, y := px(i)
		switch nd.Player {
		case TerminalNode:
			cv.rect(x-2.5, y-2.5, 5, 5, Black, `class="leaf"`, nd.Label)
			cv.text(x+6, y+4, "start", `font-size="10"`, clip(nd.Label, treeLeaf-12, 10))
		case ChanceNode:
			cv.f(`<path class="node" d="M%s %sl5 5l-5 5l-5 -5z" fill="#FFFFFF" stroke="%s" stroke-width="1.5"><title>chance</title></path>`+"\n", num(x), num(y-5), Black)
		default:
			cv.f(`<circle class="node" cx="%s" cy="%s" r="4.5" fill="%s"><title>%s moves</title></circle>`+"\n", num(x), num(y), c.colour(nd.Player), esc(c.player(nd.Player)))
		}
	}
	cv.close()
	return cv.writeTo(w)
}

func (c *Tree) player(p int) string {
	if p >= 0 && p < len(c.Players) {
		return c.Players[p]
	}
	return fmt.Sprint("player ", p+1)
}

// key names the movers' colours.
func (c *Tree) key(cv *canvas, x float64) {
	labels := []string{"chance ◇"}
	colours := []string{"#FFFFFF"}
	for p, name := range c.Players {
		labels = append(labels, name)
		colours = append(colours, c.colour(p))
	}
	cv.legend(x, 44, colours, labels)
	cv.text(x, 58, "start", `font-size="10" fill="#333333"`, "branch: action and its equilibrium (or chance) probability · dashed: nodes a player cannot tell apart (one information set)")
}

// infosets joins the members of each information set with more than one
// node, in order.
func (c *Tree) infosets(cv *canvas, at func(int) (float64, float64)) {
	var order []string
	members := map[string][]int{}
	for i, nd := range c.Nodes {
		if nd.Infoset == "" || nd.Player < 0 {
			continue
		}
		if _, ok := members[nd.Infoset]; !ok {
			order = append(order, nd.Infoset)
		}
		members[nd.Infoset] = append(members[nd.Infoset], i)
	}
	for _, id := range order {
		m := members[id]
		if len(m) < 2 {
			continue
		}
		var pts []string
		for _, i := range m {
			x, y := at(i)
			pts = append(pts, num(x)+","+num(y))
		}
		cv.f(`<polyline class="infoset" points="%s" fill="none" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3"><title>information set %s</title></polyline>`+"\n",
			strings.Join(pts, " "), c.colour(c.Nodes[m[0]].Player), esc(id))
	}
}

func (c *Tree) describe() string {
	leaves, sets := 0, map[string]int{}
	for _, nd := range c.Nodes {
		if nd.Player == TerminalNode {
			leaves++
		}
		if nd.Infoset != "" {
			sets[nd.Infoset]++
		}
	}
	joined := 0
	for _, k := range sets {
		if k > 1 {
			joined++
		}
	}
	return fmt.Sprintf("A game tree of %d nodes and %d terminal nodes drawn left to right; %d information sets join several nodes. The data table lists every branch with its probability.",
		len(c.Nodes), leaves, joined)
}

// Data returns one line per branch: its path from the root and its
// probability.
func (c *Tree) Data() Table {
	t := Table{Header: []string{"path", "mover", "probability", "leads to"}}
	path := make([]string, len(c.Nodes))
	for i, nd := range c.Nodes {
		if i == 0 || nd.Parent < 0 || nd.Parent >= i {
			continue
		}
		path[i] = strings.TrimPrefix(path[nd.Parent]+" → "+nd.Action, " → ")
		mover := "chance"
		if p := c.Nodes[nd.Parent].Player; p >= 0 {
			mover = c.player(p)
		}
		t.Rows = append(t.Rows, []string{path[i], mover, Number(nd.Prob, 3), nd.Label})
	}
	return t
}
