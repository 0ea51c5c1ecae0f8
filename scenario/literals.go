package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// A condition compares history variables with string literals: a move with
// one of its actions, an actor with one of its types, outcome with an
// outcome id. A misspelled literal compiles (it is just a string) and
// silently never matches, so the compiler checks every literal against the
// ids the variable can take.

// comparison is one literal compared with a history variable in a
// condition.
type comparison struct {
	name, value string
}

// comparisons lists the literals compared with identifiers in src by ==,
// != and in [...].
func comparisons(src string) []comparison {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil
	}
	v := &compareVisitor{}
	ast.Walk(&tree.Node, v)
	return v.found
}

type compareVisitor struct{ found []comparison }

func (v *compareVisitor) Visit(n *ast.Node) {
	b, ok := (*n).(*ast.BinaryNode)
	if !ok {
		return
	}
	switch b.Operator {
	case "==", "!=":
		v.pair(b.Left, b.Right)
		v.pair(b.Right, b.Left)
	case "in", "not in":
		id, ok := b.Left.(*ast.IdentifierNode)
		arr, isArr := b.Right.(*ast.ArrayNode)
		if !ok || !isArr {
			return
		}
		for _, e := range arr.Nodes {
			if s, ok := e.(*ast.StringNode); ok {
				v.found = append(v.found, comparison{id.Value, s.Value})
			}
		}
	}
}

func (v *compareVisitor) pair(a, b ast.Node) {
	id, ok := a.(*ast.IdentifierNode)
	s, isStr := b.(*ast.StringNode)
	if ok && isStr {
		v.found = append(v.found, comparison{id.Value, s.Value})
	}
}

// checkLiterals reports every literal of condition x that the variable it
// is compared with can never take. self is the actor whose type `type`
// stands for (nil where `type` is not visible).
func (c *compiler) checkLiterals(x Expr, path string, self *Actor) {
	for _, cmp := range comparisons(x.Src) {
		ids, missing := c.domain(cmp.name, self)
		if missing == "" || slices.Contains(ids, cmp.value) {
			continue
		}
		var shown []string
		for _, id := range ids {
			if id != "" {
				shown = append(shown, id)
			}
		}
		list := strings.Join(shown, ", ")
		if list == "" {
			list = "it has none"
		}
		c.exprErrorf(x, path, "condition %q: %s %q (%s)", x.Src, missing, cmp.value, list)
	}
}

// domain returns the values a history variable can take and the start of
// the message for a value it cannot take; missing is empty for names that
// are not history variables.
func (c *compiler) domain(name string, self *Actor) (ids []string, missing string) {
	if i, ok := c.moves[name]; ok {
		ids = []string{""} // not played
		for _, a := range c.s.Moves[i].Actions {
			ids = append(ids, a.ID)
		}
		return ids, fmt.Sprintf("move %s has no action", name)
	}
	if i, ok := c.actors[name]; ok {
		return typeIDs(c.s.Actors[i]), fmt.Sprintf("actor %s has no type", name)
	}
	switch name {
	case "outcome":
		for _, o := range c.s.Outcomes {
			ids = append(ids, o.ID)
		}
		return ids, "there is no outcome"
	case "type":
		if self != nil {
			return typeIDs(*self), fmt.Sprintf("actor %s (whose term this is) has no type", self.ID)
		}
	}
	return nil, ""
}

// typeIDs lists the values an actor's variable takes: its type ids, or the
// empty string for an actor without types.
func typeIDs(a Actor) []string {
	if len(a.Types) == 0 {
		return []string{""}
	}
	ids := make([]string, len(a.Types))
	for i, t := range a.Types {
		ids[i] = t.ID
	}
	return ids
}

// derivedOrder explains why derived value i cannot read the derived values
// its formula names: a cycle among them, or one defined later. It reports
// and returns true when it found either.
func (c *compiler) derivedOrder(i int, path string) bool {
	index := map[string]int{}
	for j, d := range c.s.Derived {
		index[d.ID] = j
	}
	reads := func(j int) []int {
		var out []int
		for _, name := range names(c.s.Derived[j].Formula.Src) {
			if k, ok := index[name]; ok {
				out = append(out, k)
			}
		}
		return out
	}
	if cycle := findCycle(i, reads); cycle != nil {
		ids := make([]string, len(cycle))
		for k, j := range cycle {
			ids[k] = c.s.Derived[j].ID
		}
		c.exprErrorf(c.s.Derived[i].Formula, path, "derived values form a cycle: %s", strings.Join(ids, " → "))
		return true
	}
	for _, j := range reads(i) {
		if j >= i {
			d := c.s.Derived[i]
			c.exprErrorf(d.Formula, path, "derived value %s reads %s, which is defined after it: a formula sees parameters and earlier derived values (move %s above %s)", d.ID, c.s.Derived[j].ID, c.s.Derived[j].ID, d.ID)
			return true
		}
	}
	return false
}

// findCycle returns a cycle through start in the graph of next, as the
// list of nodes from start back to start, or nil.
func findCycle(start int, next func(int) []int) []int {
	seen := map[int]bool{}
	var path []int
	var walk func(n int) bool
	walk = func(n int) bool {
		path = append(path, n)
		for _, m := range next(n) {
			if m == start {
				path = append(path, m)
				return true
			}
			if !seen[m] {
				seen[m] = true
				if walk(m) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if walk(start) {
		return path
	}
	return nil
}

// names returns the identifiers an expression reads, in order of
// appearance (nil when it does not parse).
func names(src string) []string {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil
	}
	v := &nameVisitor{}
	ast.Walk(&tree.Node, v)
	return v.names
}

type nameVisitor struct{ names []string }

func (v *nameVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok && !slices.Contains(v.names, id.Value) {
		v.names = append(v.names, id.Value)
	}
}
