package scenario

import (
	"fmt"
	"math"
	"strings"

	"github.com/expr-lang/expr/vm"
)

// Signpost is an observable event that is not a move of the game: a
// statement, a leak report, a poll. Its likelihoods say how probable the
// event is under each terminal history (per actor type, action or
// outcome), so observing it (or its absence) updates the forecast by
// Bayes' rule. The actors of the game do not see it: it informs the
// analyst, not the equilibrium.
type Signpost struct {
	ID          string       `json:"id" yaml:"id" doc:"Identifier, used by observations."`
	Label       string       `json:"label" yaml:"label" doc:"What is observed, e.g. an agreement on intelligence exchange is announced."`
	Description string       `json:"description,omitempty" yaml:"description,omitempty"`
	Provenance  string       `json:"provenance" yaml:"provenance" doc:"Provenance of the likelihoods: assumption, claim or literature."`
	Refs        []string     `json:"refs,omitempty" yaml:"refs,omitempty" doc:"Claims that motivate the signpost."`
	Likelihoods []Likelihood `json:"likelihoods" yaml:"likelihoods" doc:"Probability of the event under the histories each case selects; the first case whose condition holds applies, a case without condition applies to all remaining histories."`
}

// Likelihood is the probability that a signpost's event occurs given the
// histories its condition selects, with its plausible range (which the
// Monte Carlo samples uniformly).
type Likelihood struct {
	When  Expr      `json:"when,omitempty" yaml:"when,omitempty" doc:"Condition over the history (types, moves, outcome); empty: every remaining history."`
	P     float64   `json:"p" yaml:"p" doc:"Probability that the event occurs given the condition."`
	Range []float64 `json:"range,omitempty" yaml:"range,omitempty" doc:"Plausible [low, high] interval of p, within [0, 1]; required for assumptions."`
	Refs  []string  `json:"refs,omitempty" yaml:"refs,omitempty"`
	Note  string    `json:"note,omitempty" yaml:"note,omitempty" doc:"Why this value and range."`
}

// Uncertain reports whether the likelihood varies in Monte Carlo.
func (l Likelihood) Uncertain() bool { return len(l.Range) == 2 && l.Range[0] < l.Range[1] }

// signpost is a compiled Signpost: the likelihood case of every leaf.
type signpost struct {
	when []*vm.Program
	leaf []int // case index per leaf (Model.Leaves order)
}

// SignpostCase returns the index of the likelihood case of signpost s (an
// index into Scenario.Signposts) that applies at the i-th leaf.
func (m *Model) SignpostCase(s, leaf int) int { return m.signposts[s].leaf[leaf] }

// Signpost returns the index of the signpost with the given id, or -1.
func (m *Model) Signpost(id string) int {
	for i, sp := range m.Scenario.Signposts {
		if sp.ID == id {
			return i
		}
	}
	return -1
}

func (c *compiler) signpostSpecs() {
	all := c.historyNames(false)
	all["outcome"] = true
	seen := map[string]bool{}
	for i, sp := range c.s.Signposts {
		path := fmt.Sprintf("$.signposts[%d]", i)
		switch {
		case sp.ID == "":
			c.errorf(path, "signpost needs an id")
		case !identRE().MatchString(sp.ID):
			c.errorf(path+".id", "signpost id %q must be an identifier (letters, digits, _; not starting with a digit)", sp.ID)
		case seen[sp.ID]:
			c.errorf(path+".id", "duplicate signpost id %q", sp.ID)
		}
		seen[sp.ID] = true
		if sp.Label == "" {
			c.errorf(path, "signpost %q needs a label saying what is observed", sp.ID)
		}
		c.provenance(sp.Provenance, 0, path, "the likelihoods of signpost "+sp.ID)
		c.refs(sp.Refs, path)
		if len(sp.Likelihoods) == 0 {
			c.errorf(path, "signpost %q needs likelihoods: the probability of the event under each history", sp.ID)
		}
		var cs signpost
		for j, l := range sp.Likelihoods {
			lp := fmt.Sprintf("%s.likelihoods[%d]", path, j)
			c.likelihood(sp, l, lp)
			cs.when = append(cs.when, c.cond(l.When, lp+".when", all, "a signpost likelihood"))
			if strings.TrimSpace(l.When.Src) == "" && j < len(sp.Likelihoods)-1 {
				c.errorf(lp, "only the last likelihood of signpost %q may omit its condition (later cases would never apply)", sp.ID)
			}
		}
		c.m.signposts = append(c.m.signposts, cs)
	}
}

func (c *compiler) likelihood(sp Signpost, l Likelihood, path string) {
	c.refs(l.Refs, path)
	if math.IsNaN(l.P) || l.P < 0 || l.P > 1 {
		c.errorf(path+".p", "likelihood %v of signpost %q is not a probability in [0, 1]", l.P, sp.ID)
	}
	if l.Range != nil {
		switch {
		case len(l.Range) != 2 || !(l.Range[0] <= l.Range[1]):
			c.errorf(path+".range", "range must be [low, high] with low <= high")
		case l.Range[0] < 0 || l.Range[1] > 1:
			c.errorf(path+".range", "range [%v, %v] of a likelihood must lie within [0, 1]", l.Range[0], l.Range[1])
		case l.P < l.Range[0] || l.P > l.Range[1]:
			c.errorf(path+".p", "likelihood %v lies outside its range [%v, %v]", l.P, l.Range[0], l.Range[1])
		}
	} else if sp.Provenance == "assumption" {
		c.errorf(path, "likelihood of signpost %q is an assumption and needs a range expressing its uncertainty", sp.ID)
	}
}

// signpostLeaves assigns every leaf its likelihood case of each signpost.
func (c *compiler) signpostLeaves() {
	for i, sp := range c.s.Signposts {
		cs := &c.m.signposts[i]
		cs.leaf = make([]int, len(c.m.leaves))
		for k, lf := range c.m.leaves {
			env := c.condEnv(lf.History, c.s.Outcomes[lf.Outcome].ID, "")
			cs.leaf[k] = -1
			for j, prog := range cs.when {
				ok, err := runCond(prog, env)
				if err != nil {
					c.errorf(fmt.Sprintf("$.signposts[%d].likelihoods[%d].when", i, j), "at history %s: %v", history(lf.History).String(c.s), err)
					return
				}
				if ok {
					cs.leaf[k] = j
					break
				}
			}
			if cs.leaf[k] < 0 {
				c.errorf(fmt.Sprintf("$.signposts[%d].likelihoods", i), "signpost %q gives no likelihood for terminal history %s: add a last case without a condition", sp.ID, history(lf.History).String(c.s))
				return
			}
		}
	}
}
