package equilibrium

import (
	"cmp"
	"fmt"
	"github.com/tablero-project/tablero/brief/internal/num"
	"math"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
)

// ResultPaths decomposes one result's probability into the paths of play
// that produce it: the analyst's "sustained escalation ≈ P(US resolved) ×
// P(covert action leaks)".
type ResultPaths struct {
	Name        string  `json:"name"`
	Label       string  `json:"label"`
	Probability float64 `json:"probability"`
	// Paths are the largest paths, by decreasing probability.
	Paths []Path `json:"paths"`
	// Other is the probability of the result's paths not listed.
	Other float64 `json:"other"`
}

// Path is a set of terminal histories that share every step but those that
// do not matter (histories that differ only in a type or chance draw whose
// every value leads to the same play are merged, and that draw drops out).
// Probability is the product of the probabilities of Factors; Certain lists
// the steps taken with probability one, the equilibrium's own choices.
type Path struct {
	Probability float64    `json:"probability"`
	Factors     []PathStep `json:"factors"`
	Certain     []PathStep `json:"certain"`
	Outcomes    []string   `json:"outcomes"`
	// Hidden is true when the path ends in a hidden outcome.
	Hidden bool `json:"hidden"`
}

// PathStep is one step of a path: an actor's type ("type"), a chance event
// ("chance") or an actor's choice ("choice"), with its probability given
// the steps before it.
type PathStep struct {
	Kind        string   `json:"kind"`
	Actor       string   `json:"actor,omitempty"`
	Move        string   `json:"move,omitempty"`
	Values      []string `json:"values"`
	Label       string   `json:"label"`
	Probability float64  `json:"probability"`
}

const (
	// MaxPaths caps the paths listed per result.
	MaxPaths = 5
	// pathCover stops listing once the listed paths hold this share of
	// the result.
	pathCover = 0.95
	// maxLeaves caps the terminal histories examined per result (the most
	// likely ones); the rest count as Other.
	maxLeaves = 4000
	// Certain is the probability from which a step or a choice counts as
	// certain.
	Certain = 0.9995
)

// Paths decomposes every result's probability under profile prof of
// instance in of m (mapping mi) into paths.
func Paths(m *scenario.Model, in *scenario.Instance, prof game.Behavior, mi int) []ResultPaths {
	g := in.Game
	reach := g.Realization(prof)
	s := m.Scenario
	byResult := make([][]scenario.Leaf, len(s.Results))
	for _, lf := range m.Leaves() {
		if reach[lf.Node] > 1e-12 {
			byResult[lf.Result[mi]] = append(byResult[lf.Result[mi]], lf)
		}
	}
	out := make([]ResultPaths, len(s.Results))
	for r, l := range s.Results {
		leaves := byResult[r]
		slices.SortFunc(leaves, func(a, b scenario.Leaf) int { return cmp.Compare(reach[b.Node], reach[a.Node]) })
		rp := ResultPaths{Name: l.ID, Label: l.Label, Paths: []Path{}}
		var paths []Path
		for i, lf := range leaves {
			rp.Probability += reach[lf.Node]
			if i < maxLeaves {
				paths = append(paths, leafPath(m, g, prof, lf, reach[lf.Node]))
			}
		}
		paths = mergePaths(paths)
		slices.SortStableFunc(paths, func(a, b Path) int { return cmp.Compare(b.Probability, a.Probability) })
		listed := 0.0
		for _, p := range paths {
			if len(rp.Paths) == MaxPaths || listed >= pathCover*rp.Probability || p.Probability < 1e-4 {
				break
			}
			rp.Paths = append(rp.Paths, p.split())
			listed += p.Probability
		}
		rp.Other = num.Clean(math.Max(0, rp.Probability-listed))
		rp.Probability = num.Clean(rp.Probability)
		out[r] = rp
	}
	return out
}

// leafPath lists the steps from the root to leaf lf, every one as a factor
// (split sorts out the certain ones once paths are merged).
func leafPath(m *scenario.Model, g *game.Game, prof game.Behavior, lf scenario.Leaf, p float64) Path {
	s := m.Scenario
	var steps []PathStep
	for n := g.Nodes[lf.Node]; n.Parent != nil; n = n.Parent {
		steps = append(steps, edgeStep(m, prof, g, n.Parent, n.Action))
	}
	slices.Reverse(steps)
	o := s.Outcomes[lf.Outcome]
	return Path{Probability: p, Factors: steps, Outcomes: []string{o.ID}, Hidden: o.Hidden}
}

// edgeStep describes taking action a at node n.
func edgeStep(m *scenario.Model, prof game.Behavior, g *game.Game, n *game.Node, a int) PathStep {
	s := m.Scenario
	set := n.Infoset
	p := g.ActionProb(prof, n, a)
	if set.Player != game.Chance {
		info := m.Infosets()[set.Player][set.Index]
		act := s.Moves[moveIndex(s, info.Move)].Actions[a]
		return PathStep{Kind: "choice", Actor: info.Actor, Move: info.Move, Values: []string{act.ID}, Label: info.Actor + ": " + ShortLabel(act.Label), Probability: p}
	}
	if mi := moveIndex(s, set.Label); mi >= 0 {
		act := s.Moves[mi].Actions[a]
		return PathStep{Kind: "chance", Move: set.Label, Values: []string{act.ID}, Label: act.Label, Probability: p}
	}
	actor := strings.TrimSuffix(set.Label, " type")
	typ := set.Actions[a].Label
	for i, ac := range s.Actors {
		if ac.ID == actor {
			return PathStep{Kind: "type", Actor: actor, Values: []string{typ}, Label: actor + " " + ShortLabel(typeLabel(s, i, typ)), Probability: p}
		}
	}
	return PathStep{Kind: "chance", Values: []string{typ}, Label: set.Label + ": " + typ, Probability: p}
}

// ShortLabel is a label up to its first colon: "resolved" for "resolved:
// the military option is real".
func ShortLabel(l string) string {
	if i := strings.Index(l, ":"); i > 0 {
		return l[:i]
	}
	return l
}

// variable names what a step decides: an actor's type or a move.
func (st PathStep) variable() string {
	if st.Kind == "type" {
		return "type:" + st.Actor
	}
	return "move:" + st.Move
}

// key identifies a step with its values and (rounded) probability.
func (st PathStep) key() string {
	return fmt.Sprintf("%s=%s@%.4f", st.variable(), strings.Join(st.Values, "|"), st.Probability)
}

// mergePaths merges paths that agree on every step but one variable, whose
// values differ: their probabilities add, and so do the variable's; a
// variable whose merged values have probability one drops out. It repeats
// until nothing merges.
func mergePaths(paths []Path) []Path {
	for changed := true; changed; {
		changed = false
		vars := map[string]bool{}
		var order []string
		for _, p := range paths {
			for _, st := range p.Factors {
				if v := st.variable(); !vars[v] {
					vars[v] = true
					order = append(order, v)
				}
			}
		}
		for _, v := range order {
			merged, ok := mergeOn(paths, v)
			if ok {
				paths, changed = merged, true
			}
		}
	}
	return paths
}

// mergeOn merges the paths that differ only in variable v.
func mergeOn(paths []Path, v string) ([]Path, bool) {
	groups := map[string][]int{}
	var keys []string
	for i, p := range paths {
		k, ok := keyWithout(p, v)
		if !ok {
			continue
		}
		if _, seen := groups[k]; !seen {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	drop := map[int]bool{}
	var add []Path
	for _, k := range keys {
		idx := groups[k]
		if len(idx) < 2 {
			continue
		}
		add = append(add, mergeGroup(paths, idx, v))
		for _, i := range idx {
			drop[i] = true
		}
	}
	if len(add) == 0 {
		return paths, false
	}
	var out []Path
	for i, p := range paths {
		if !drop[i] {
			out = append(out, p)
		}
	}
	return append(out, add...), true
}

// keyWithout is the key of path p's steps other than variable v (false
// when p has no step on v).
func keyWithout(p Path, v string) (string, bool) {
	var parts []string
	has := false
	for _, st := range p.Factors {
		if st.variable() == v {
			has = true
			continue
		}
		parts = append(parts, st.key())
	}
	parts = append(parts, strings.Join(p.Outcomes, ","))
	return strings.Join(parts, ";"), has
}

// mergeGroup merges the paths idx of paths, which differ only in v.
func mergeGroup(paths []Path, idx []int, v string) Path {
	first := paths[idx[0]]
	out := Path{Outcomes: first.Outcomes, Hidden: first.Hidden}
	var at int
	var merged PathStep
	for _, i := range idx {
		out.Probability += paths[i].Probability
		for j, st := range paths[i].Factors {
			if st.variable() != v {
				continue
			}
			if i == idx[0] {
				at, merged = j, st
				merged.Values = slices.Clone(st.Values)
				continue
			}
			merged.Values = append(merged.Values, st.Values...)
			merged.Probability += st.Probability
			merged.Label += " or " + st.Label
		}
	}
	out.Factors = slices.Clone(first.Factors)
	if merged.Probability >= 1-1e-9 {
		out.Factors = slices.Delete(out.Factors, at, at+1)
	} else {
		out.Factors[at] = merged
	}
	return out
}

// split moves the certain steps of p out of its factors.
func (p Path) split() Path {
	out := Path{Probability: num.Clean(p.Probability), Factors: []PathStep{}, Certain: []PathStep{}, Outcomes: p.Outcomes, Hidden: p.Hidden}
	for _, st := range p.Factors {
		if st.Probability >= Certain {
			out.Certain = append(out.Certain, st)
		} else {
			out.Factors = append(out.Factors, st)
		}
	}
	return out
}
