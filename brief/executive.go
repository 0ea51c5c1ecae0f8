package brief

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/evidence"
)

// Section is one part of the executive summary, with its sentences.
type Section struct {
	// Name is a stable key: "headline", "mechanism", "drivers",
	// "changes", "off_path".
	Name      string   `json:"name"`
	Title     string   `json:"title"`
	Sentences []string `json:"sentences"`
}

// sectionTitles are the executive summary's parts, in reading order.
var sectionTitles = []struct{ name, title string }{
	{"headline", "Headline"},
	{"mechanism", "Mechanism"},
	{"drivers", "What drives it"},
	{"changes", "What would change it"},
	{"off_path", "Off the equilibrium path"},
}

// sections groups sentences by section name, in sectionTitles order,
// leaving out empty sections.
func sections(by map[string][]string) []Section {
	var out []Section
	for _, t := range sectionTitles {
		if len(by[t.name]) > 0 {
			out = append(out, Section{Name: t.name, Title: t.title, Sentences: by[t.name]})
		}
	}
	return out
}

// mechanism says, in two sentences, how the refined equilibrium plays and
// which factors each result's probability is the product of.
func mechanism(b *Brief) []string {
	r := b.Refined
	if r == nil {
		return nil
	}
	var out []string
	if play := playText(b); play != "" {
		out = append(out, "In the refined equilibrium (the limit of the model as choices become precise), play runs: "+play+".")
	}
	var parts []string
	for _, rp := range ranked(r.Results) {
		if rp.Probability < 0.005 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (%s) = %s", quote(rp.Label), pct(rp.Probability), decomposition(pathsOf(r.Paths, rp.Name))))
	}
	if len(parts) > 0 {
		out = append(out, "Each result is the product of the chances along the paths that produce it: "+strings.Join(parts, "; ")+
			fmt.Sprintf(". At the headline's precision (λ = %g) the same choices are made with noise, so these are tendencies rather than certainties.", b.Solution.Lambda))
	}
	return out
}

func pathsOf(rps []equilibrium.ResultPaths, name string) *equilibrium.ResultPaths {
	for i := range rps {
		if rps[i].Name == name {
			return &rps[i]
		}
	}
	return nil
}

// decomposition writes a result as the sum of its paths' products.
func decomposition(rp *equilibrium.ResultPaths) string {
	if rp == nil || len(rp.Paths) == 0 {
		return "no single path"
	}
	var terms []string
	for _, p := range rp.Paths {
		t := productText(p)
		if len(p.Factors) != 1 || p.Hidden {
			t = fmt.Sprintf("%s [%s%s]", t, pct(p.Probability), hiddenMark(p))
		}
		terms = append(terms, t)
	}
	s := strings.Join(terms, " + ")
	if rp.Other >= 0.005 {
		s += fmt.Sprintf(" + other paths (%s)", pct(rp.Other))
	}
	return s
}

func hiddenMark(p equilibrium.Path) string {
	if p.Hidden {
		return ", hidden: " + strings.Join(p.Outcomes, ", ")
	}
	return ""
}

// playText describes the refined equilibrium's on-path choices, decision
// by decision: "US demand — both US types: ask for more cooperation; …".
func playText(b *Brief) string {
	type group struct {
		label  string
		depth  int // what the mover knows grows along the tree
		byType []equilibrium.Move
	}
	var groups []*group
	idx := map[string]*group{}
	for _, mv := range b.Refined.Behaviour {
		if mv.Reach < equilibrium.OnPathReach {
			continue
		}
		key := mv.Key()
		g, ok := idx[key]
		if !ok {
			g = &group{label: equilibrium.ShortLabel(mv.MoveLabel), depth: len(mv.Knows)}
			if len(mv.Knows) > 0 {
				g.label += " (after " + facts(mv.Knows) + ")"
			}
			idx[key] = g
			groups = append(groups, g)
		}
		g.byType = append(g.byType, mv)
	}
	slices.SortStableFunc(groups, func(x, y *group) int { return x.depth - y.depth })
	var parts []string
	for _, g := range groups {
		parts = append(parts, g.label+" — "+choicesText(g.byType))
	}
	return strings.Join(parts, "; ")
}

// choicesText says what each type does at one decision, pooling the types
// that do the same.
func choicesText(byType []equilibrium.Move) string {
	played := func(mv equilibrium.Move) string {
		best := mv.Actions[0]
		var mix []string
		for _, a := range mv.Actions {
			if a.Probability > best.Probability {
				best = a
			}
			if a.Probability >= 0.005 {
				mix = append(mix, fmt.Sprintf("%s (%s)", equilibrium.ShortLabel(a.Label), pct(a.Probability)))
			}
		}
		if best.Probability < equilibrium.Certain {
			return "mixes " + strings.Join(mix, " and ")
		}
		return equilibrium.ShortLabel(best.Label)
	}
	first := played(byType[0])
	same := true
	for _, mv := range byType[1:] {
		same = same && played(mv) == first
	}
	actor := byType[0].Actor
	switch {
	case byType[0].Type == "":
		return actor + ": " + first
	case len(byType) == 1:
		return fmt.Sprintf("%s %s (%s): %s", equilibrium.ShortLabel(byType[0].TypeLabel), actor, byType[0].Type, first)
	case same && len(byType) == 2:
		return "both " + actor + " types: " + first
	case same:
		return fmt.Sprintf("all %d %s types: %s", len(byType), actor, first)
	}
	var parts []string
	for _, mv := range byType {
		parts = append(parts, fmt.Sprintf("%s %s (%s): %s", equilibrium.ShortLabel(mv.TypeLabel), actor, mv.Type, played(mv)))
	}
	return strings.Join(parts, ", ")
}

// offPathSentences say what the equilibrium rests on off its path.
func offPathSentences(b *Brief) []string {
	if b.Refined == nil || len(b.Refined.OffPath) == 0 {
		return nil
	}
	var parts []string
	for _, d := range b.Refined.OffPath {
		after := ""
		if len(d.Knows) > 0 {
			after = " after " + facts(d.Knows)
		}
		who := d.Actor
		if !d.AllTypes && len(d.Types) > 0 {
			who = fmt.Sprintf("%s (type %s)", d.Actor, strings.Join(d.Types, ", "))
		}
		parts = append(parts, fmt.Sprintf("had %s chosen %s instead of %s at “%s”%s, play would end in %s", who, quote(equilibrium.ShortLabel(d.ActionLabel)),
			quote(equilibrium.ShortLabel(d.PlaysLabel)), equilibrium.ShortLabel(d.MoveLabel), after, resultsText(b, d.Results)))
	}
	return []string{"Everyone else keeping to the equilibrium: " + strings.Join(parts, "; ") + "."}
}

// resultsText lists results with their probabilities: "“Deal” 70%, “War” 30%".
func resultsText(b *Brief, ps []Prob) string {
	var out []string
	for _, p := range ranked(ps) {
		out = append(out, quote(label(b.Results, p.Name))+" "+pct(p.Probability))
	}
	return strings.Join(out, ", ")
}

// nearTieSentences name the closest call on the path and the closest near
// tie off it, with where each flips.
func nearTieSentences(b *Brief) []string {
	var out []string
	var onPath, off *equilibrium.Margin
	for i := range b.Margins {
		mg := &b.Margins[i]
		if mg.Mixed {
			continue
		}
		if mg.OnPath && onPath == nil {
			onPath = mg
		}
		if !mg.OnPath && mg.NearTie && off == nil {
			off = mg
		}
	}
	if onPath != nil {
		out = append(out, fmt.Sprintf("The closest call on the path: %s; it %s.", marginText(*onPath), flipText(*onPath)))
	}
	if off != nil {
		out = append(out, fmt.Sprintf("Off the path, a near tie holds the equilibrium up: %s; it %s.", marginText(*off), flipText(*off)))
	}
	return out
}

// marginText describes a decision's margin: "MX (T) at Mexico's answer
// (after d=Soft) prefers package to firm by 0.14 (payoff range 39)".
func marginText(mg equilibrium.Margin) string {
	who := mg.Actor
	if mg.Type != "" {
		who = fmt.Sprintf("%s %s (%s)", equilibrium.ShortLabel(mg.TypeLabel), mg.Actor, mg.Type)
	}
	after := ""
	if len(mg.Knows) > 0 {
		after = " (after " + facts(mg.Knows) + ")"
	}
	return fmt.Sprintf("%s at “%s”%s prefers %s to %s by %s utility (its payoffs span %s)", who, equilibrium.ShortLabel(mg.MoveLabel), after,
		quote(equilibrium.ShortLabel(mg.Plays.Label)), quote(equilibrium.ShortLabel(mg.Next.Label)), num(mg.Margin, 2), num(mg.Scale, 1))
}

// signpostSentence names the signpost that would move the results most.
func signpostSentence(ws []evidence.Watch) []string {
	if len(ws) == 0 {
		return nil
	}
	w := ws[0]
	for _, r := range w.Results {
		if r.Name == w.Mover {
			return []string{fmt.Sprintf("The news that would tell most: %s (%s likely now) would take %s from %s to %s (to %s if it does not happen).",
				quote(w.Label), pct(w.Probability), quote(r.Label), pct(r.Now), pct(r.IfOccurs), pct(r.IfNot))}
		}
	}
	return nil
}

// hiddenSentence says how much of the results is hidden.
func hiddenSentence(b *Brief) []string {
	if b.Hidden == nil {
		return nil
	}
	var parts []string
	for i, r := range b.Results {
		h := b.Hidden.Results[i]
		if h.Probability < 0.0005 {
			continue
		}
		t := fmt.Sprintf("%s of %s", pct(h.Share), quote(r.Label))
		if h.P05 != nil && h.P95 != nil {
			t += fmt.Sprintf(" (%s of all worlds; spread %s)", pct(h.Probability), spread(*h.P05, *h.P95))
		} else {
			t += fmt.Sprintf(" (%s of all worlds)", pct(h.Probability))
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("Part of what looks calm is hidden (%s): %s.", strings.Join(b.Hidden.Outcomes, ", "), strings.Join(parts, "; "))}
}

// executiveMD writes the executive summary: its sections as short
// paragraphs, for pasting into a note.
func (b *Brief) executiveMD(p *printer) {
	s := Summarize(b)
	p.f("## Executive summary\n\n")
	for _, sec := range s.Sections {
		p.f("**%s.** %s\n\n", sec.Title, strings.Join(sec.Sentences, " "))
	}
}

// spread formats a 5th–95th percentile range: "0%–42%".
func spread(lo, hi float64) string {
	f := func(x float64) string {
		if x < 0.0005 {
			return "0%"
		}
		return pct(x)
	}
	return f(lo) + "–" + f(hi)
}
