package brief

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/internal/english"
	"github.com/tablero-project/tablero/scenario"
)

// literalsMD says plainly which declared uncertainty of literal numbers
// the draws include and which they leave out.
func (b *Brief) literalsMD(p *printer) {
	u := b.Uncertainty
	if u == nil || u.Literals == nil {
		return
	}
	l := u.Literals
	scores, weights := l.Count()
	if scores+weights > 0 {
		var parts []string
		if scores > 0 {
			parts = append(parts, fmt.Sprintf("the outcome scores (%d %s)", scores, groupWord(l.Scores, "score")))
		}
		if weights > 0 {
			parts = append(parts, fmt.Sprintf("the literal weights (%d %s)", weights, groupWord(l.Weights, "weight")))
		}
		p.f("Besides the parameters, the uncertainty analysis scales %s, each multiplier drawn %s.", strings.Join(parts, " and "), drawnFrom(l.Multipliers, u.Replaced))
		p.f(" Multipliers are named `scores:ATTRIBUTE` and `weights:ACTOR:ATTRIBUTE` in the tables below.\n\n")
	}
	if len(l.Fixed) > 0 {
		p.f("**Held fixed:** %s declared uncertain in the assumptions, but the scenario samples them as fixed (`uncertainty: {scores: %s, weights: %s}`): the intervals leave that uncertainty out.\n\n", fixedWords(l.Fixed), l.Scores, l.Weights)
	}
}

// groupWord says how literal numbers were grouped.
func groupWord(mode, what string) string {
	per := map[string]string{"score": "attribute", "weight": "actor and attribute"}[what]
	if mode == scenario.Independent {
		return "multipliers, one per listed " + what
	}
	return "multipliers, one per " + per
}

// drawnFrom says what the multipliers are drawn from: uniformly over
// their declared relative range, from the distribution the scenario
// declares, or from the replacement the brief lists at the top.
func drawnFrom(gs []scenario.Multiplier, replaced []draws.Replacement) string {
	var uniform []scenario.Multiplier
	var dists []string
	repl := 0
	ids := map[string][]string{} // declared distribution: its multipliers
	for _, g := range gs {
		switch {
		case slices.ContainsFunc(replaced, func(r draws.Replacement) bool { return r.Name == g.ID }):
			repl++
		case g.Distribution == nil && g.Range == nil:
			uniform = append(uniform, g)
		default:
			d, err := g.Dist()
			if err != nil {
				continue // not from a compiled model
			}
			k := fmt.Sprint(d)
			if ids[k] == nil {
				dists = append(dists, k)
			}
			ids[k] = append(ids[k], "`"+g.ID+"`")
		}
	}
	var parts []string
	if len(uniform) > 0 {
		parts = append(parts, fmt.Sprintf("uniformly over the declared relative range (±%s), as the assumptions list them", halfWidths(uniform)))
	}
	if len(dists) > 0 {
		var each []string
		for _, k := range dists {
			each = append(each, strings.Join(ids[k], ", ")+" ~ "+k)
		}
		parts = append(parts, "from the distribution the scenario declares ("+strings.Join(each, "; ")+")")
	}
	if repl > 0 {
		parts = append(parts, "from the replacement listed above ("+english.Count(repl, "multiplier")+")")
	}
	return strings.Join(parts, ", or ")
}

// halfWidths lists the distinct declared half-widths as percentages.
func halfWidths(gs []scenario.Multiplier) string {
	var out []string
	seen := map[float64]bool{}
	for _, g := range gs {
		if !seen[g.Half] {
			seen[g.Half] = true
			out = append(out, fmt.Sprintf("%g %%", g.Half*100))
		}
	}
	return strings.Join(out, " or ±")
}

// fixedWords names the groups held fixed.
func fixedWords(ids []string) string {
	var scores, weights []string
	for _, id := range ids {
		kind, what, _ := strings.Cut(id, ":")
		if kind == "scores" {
			scores = append(scores, what)
		} else {
			weights = append(weights, what)
		}
	}
	var parts []string
	if len(scores) > 0 {
		parts = append(parts, "the outcome scores on "+strings.Join(scores, ", "))
	}
	if len(weights) > 0 {
		parts = append(parts, "the literal weights of "+strings.Join(weights, ", "))
	}
	return strings.Join(parts, " and ") + " are"
}

// replacedMD lists the replaced uncertainties at the top of the brief.
func (b *Brief) replacedMD(p *printer) {
	if b.Uncertainty == nil || len(b.Uncertainty.Replaced) == 0 {
		return
	}
	names := make([]string, len(b.Uncertainty.Replaced))
	for i, r := range b.Uncertainty.Replaced {
		names[i] = r.Name
	}
	p.f("**Uncertainty replaced.** This run draws %s from another distribution than the scenario declares:\n\n", countInputs(names))
	for _, r := range b.Uncertainty.Replaced {
		p.f("- `%s` ~ %s (declared: %s)\n", r.Name, r.Dist, r.Declared)
	}
	p.f("\n")
}
