package negotiate

import (
	"fmt"
	"sort"
	"strings"
)

// Markdown renders the linkage report as a section of a brief.
func (r *LinkageReport) Markdown() string {
	var b strings.Builder
	title := r.Title
	if title == "" {
		title = "package negotiation"
	}
	fmt.Fprintf(&b, "### Negotiation: %s\n\n", title)
	var ty []string
	for _, p := range r.Parties {
		if t, ok := r.Types[p]; ok {
			ty = append(ty, p+"="+t)
		}
	}
	if len(ty) > 0 {
		fmt.Fprintf(&b, "Types: %s. ", strings.Join(ty, ", "))
	}
	fmt.Fprintf(&b, "%d packages; solutions in the %s convention; utilities are (%s).\n\n", r.Packages, r.Convention, strings.Join(r.Parties, ", "))
	b.WriteString("Reservation values (utility of no deal):\n\n")
	for _, rv := range r.Reservations {
		rng := ""
		if len(rv.Range) == 2 {
			rng = fmt.Sprintf(", range %.2f–%.2f", rv.Range[0], rv.Range[1])
		}
		fmt.Fprintf(&b, "- %s: %.3f (%s%s)%s\n", rv.Party, rv.Value, rv.Source, rng, refList(rv.Refs))
	}
	b.WriteString("\n| agenda | packages | bargaining range | share | Nash package | Nash U | KS U |\n|---|---|---|---|---|---|---|\n")
	row := func(a AgendaResult) {
		fmt.Fprintf(&b, "| %s | %d | %d | %.1f%% | %s | %s | %s |\n", a.Label, a.Packages, a.Range, 100*a.RangeShare, pkgShort(a.Nash), pkgU(a.Nash), pkgU(a.KS))
	}
	row(r.Linked)
	for _, a := range r.Agendas {
		row(a)
	}
	for _, a := range r.Issues {
		row(a)
	}
	row(r.Ratified)
	for _, a := range r.RatifiedAgendas {
		row(a)
	}
	if c := r.IssueByIssue; c.Package != nil {
		in := "inside"
		if !c.InRange {
			in = "outside"
		}
		fmt.Fprintf(&b, "\nIssue by issue (each issue at its own Nash point, the rest at status quo): %s, U = %s, joint gain %.3f, %s the bargaining range; the linked Nash package gives %s.\n",
			c.Package, fmtU(c.Package.Utilities), c.JointGain, in, pkgU(r.Linked.Nash))
	}
	if len(r.WinSets) > 0 {
		b.WriteString("\n| win-set | party | ratifiable packages | range with it alone | removed from the range |\n|---|---|---|---|---|\n")
		for _, w := range r.WinSets {
			th := ""
			if w.Threshold != nil {
				th = fmt.Sprintf(" (threshold %.3f)", *w.Threshold)
			}
			fmt.Fprintf(&b, "| %s%s%s | %s | %d | %d | %d |\n", w.Label, th, refList(w.Refs), w.Party, w.WinSet, w.Range, w.Removed)
		}
	}
	if len(r.ByType) > 0 {
		b.WriteString("\n| types | range | range within win-sets | Nash U | Nash U within win-sets |\n|---|---|---|---|---|\n")
		for _, c := range r.ByType {
			ks := make([]string, 0, len(c.Types))
			for k := range c.Types {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			t := make([]string, len(ks))
			for i, k := range ks {
				t[i] = k + "=" + c.Types[k]
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %s | %s |\n", strings.Join(t, ", "), c.Range, c.RatifiedRange, pkgU(c.Nash), pkgU(c.RatifiedNash))
		}
	}
	return b.String()
}

func refList(r []string) string {
	if len(r) == 0 {
		return ""
	}
	return " [" + strings.Join(r, ", ") + "]"
}

func fmtU(u []float64) string {
	s := make([]string, len(u))
	for i, v := range u {
		s[i] = fmt.Sprintf("%.3f", v)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

func pkgU(p *Package) string {
	if p == nil {
		return "–"
	}
	return fmtU(p.Utilities)
}

func pkgShort(p *Package) string {
	if p == nil {
		return "none (empty range)"
	}
	return p.String()
}
