package negotiate

import (
	"context"
	"github.com/tablero-project/tablero/repro"
	"math"
	"slices"
	"strings"
)

// IssueOption is the option a package takes on one issue.
type IssueOption struct {
	Issue      string `json:"issue"`
	IssueLabel string `json:"issue_label,omitempty"`
	Option     string `json:"option"`
	Label      string `json:"label,omitempty"`
}

// Package is a negotiated package with its utilities.
type Package struct {
	Options   []IssueOption `json:"options"`
	Utilities []float64     `json:"utilities"`
	// Ties counts the other packages with the same solution value.
	Ties int `json:"ties,omitempty"`
}

// String renders the package as "issue=option, ...".
func (p *Package) String() string {
	if p == nil {
		return "none"
	}
	s := make([]string, len(p.Options))
	for i, o := range p.Options {
		s[i] = o.Issue + "=" + o.Option
	}
	return strings.Join(s, ", ")
}

// AgendaResult is the bargaining range and solutions of one agenda (the
// issues on the table; the others stay at their status quo).
type AgendaResult struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	Issues   []string `json:"issues"`
	Packages int      `json:"packages"`
	// Range counts the packages every party weakly prefers to no deal
	// (uᵢ ≥ rᵢ): the bargaining range, or ZOPA.
	Range      int     `json:"range"`
	RangeShare float64 `json:"range_share"`
	// Frontier counts the Pareto-optimal packages of the range.
	Frontier int      `json:"frontier"`
	Nash     *Package `json:"nash,omitempty"`
	KS       *Package `json:"ks,omitempty"`
	// MaxJointGain is the largest Σ(uᵢ − rᵢ) in the range (nil if empty).
	MaxJointGain *float64 `json:"max_joint_gain,omitempty"`
	// NashShift is this agenda's Nash utilities minus the full package's.
	NashShift []float64 `json:"nash_shift,omitempty"`
	// BestFor[i] is the package of the range best for party i (ties: the
	// one best for the others): the least the others can concede and still
	// keep every party from walking away.
	BestFor []*Package `json:"best_for,omitempty"`
}

// Composite is the result of negotiating every issue separately (each at
// its own Nash point with the others at their status quo) and putting the
// pieces together.
type Composite struct {
	Package *Package `json:"package"`
	// Agreed lists the issues on which a separate negotiation found a
	// range; the others stayed at their status quo.
	Agreed    []string `json:"agreed"`
	InRange   bool     `json:"in_range"`
	JointGain float64  `json:"joint_gain"`
}

// WinSetResult describes one domestic ratification constraint.
type WinSetResult struct {
	Party     string   `json:"party"`
	Label     string   `json:"label"`
	Refs      []string `json:"refs,omitempty"`
	Threshold *float64 `json:"threshold,omitempty"`
	// WinSet counts the packages the audience ratifies; Range the
	// bargaining range with this constraint alone; Removed the packages of
	// the unconstrained range it removes.
	WinSet  int `json:"win_set"`
	Range   int `json:"range"`
	Removed int `json:"removed"`
}

// TypeCase is the range and Nash package under one combination of types.
type TypeCase struct {
	Types         map[string]string `json:"types"`
	Range         int               `json:"range"`
	RatifiedRange int               `json:"ratified_range"`
	Nash          *Package          `json:"nash,omitempty"`
	RatifiedNash  *Package          `json:"ratified_nash,omitempty"`
}

// LinkageReport compares negotiating issue by issue with negotiating the
// package, shows how domestic win-sets cut the bargaining range, and gives
// the Nash and Kalai–Smorodinsky packages.
type LinkageReport struct {
	// Run says how the document was computed (set by front ends).
	Run          *repro.Record     `json:"run,omitempty"`
	Title        string            `json:"title"`
	Convention   Convention        `json:"convention"`
	Parties      []string          `json:"parties"`
	Types        map[string]string `json:"types"`
	Reservations []Reservation     `json:"reservations"`
	Packages     int               `json:"packages"`
	// Linked is the full package ("everything for everything") without
	// win-sets; Ratified the full package inside every win-set.
	Linked   AgendaResult `json:"linked"`
	Ratified AgendaResult `json:"ratified"`
	// Agendas are the named partial agendas, without and with win-sets.
	Agendas         []AgendaResult `json:"agendas"`
	RatifiedAgendas []AgendaResult `json:"ratified_agendas"`
	// Issues are the single-issue negotiations (others at status quo).
	Issues       []AgendaResult `json:"issues"`
	IssueByIssue Composite      `json:"issue_by_issue"`
	WinSets      []WinSetResult `json:"win_sets"`
	ByType       []TypeCase     `json:"by_type,omitempty"`
}

// ReportOptions tune LinkageAnalysis.
type ReportOptions struct {
	BuildOptions
	// Convention of the solutions (default NegMAS: dᵢ = max(rᵢ, min uᵢ)).
	Convention Convention
	// Budget caps the number of packages enumerated (0: DefaultBudget).
	Budget int64
	// NoTypeTable skips the table over every combination of types.
	NoTypeTable bool
}

// LinkageAnalysis analyses specification s for the chosen types and
// parameter values: the bargaining range with and without linkage, the
// Nash and KS packages, the issue-by-issue composite, and the effect of
// each win-set.
func LinkageAnalysis(ctx context.Context, s *Spec, opt ReportOptions) (*LinkageReport, error) {
	if opt.Convention == "" {
		opt.Convention = NegMAS
	}
	d, profiles, res, err := s.Build(opt.BuildOptions)
	if err != nil {
		return nil, err
	}
	space, err := Evaluate(ctx, d, profiles, opt.Budget)
	if err != nil {
		return nil, err
	}
	ws, err := s.winSets(opt.BuildOptions)
	if err != nil {
		return nil, err
	}
	r := &LinkageReport{Title: s.Title, Convention: opt.Convention, Reservations: res, Packages: space.N, Types: map[string]string{}}
	for i := range s.Parties {
		r.Parties = append(r.Parties, s.Parties[i].ID)
		if ty, _ := s.partyType(&s.Parties[i], opt.Types); ty != nil {
			r.Types[s.Parties[i].ID] = ty.ID
		}
	}
	la := &linkage{s: s, space: space, conv: opt.Convention}
	all := make([]string, len(s.Issues))
	for i, is := range s.Issues {
		all[i] = is.ID
	}
	if r.Linked, err = la.agenda(ctx, "linked", "Full package (all issues linked)", all, nil); err != nil {
		return nil, err
	}
	if r.Ratified, err = la.agenda(ctx, "linked-ratified", "Full package within every win-set", all, ws); err != nil {
		return nil, err
	}
	r.Ratified.NashShift = shift(r.Ratified.Nash, r.Linked.Nash)
	for _, a := range s.Agendas {
		ar, err := la.agenda(ctx, a.ID, a.Label, a.Issues, nil)
		if err != nil {
			return nil, err
		}
		ar.NashShift = shift(ar.Nash, r.Linked.Nash)
		r.Agendas = append(r.Agendas, ar)
		ar, err = la.agenda(ctx, a.ID+"-ratified", a.Label+" (within every win-set)", a.Issues, ws)
		if err != nil {
			return nil, err
		}
		ar.NashShift = shift(ar.Nash, r.Ratified.Nash)
		r.RatifiedAgendas = append(r.RatifiedAgendas, ar)
	}
	if err := r.issueByIssue(ctx, la, s, profiles); err != nil {
		return nil, err
	}
	r.winSetEffects(s, space, ws)
	if !opt.NoTypeTable && len(s.TypeProfiles()) > 1 {
		for _, tp := range s.TypeProfiles() {
			bo := opt.BuildOptions
			bo.Types = tp
			d2, prof2, _, err := s.Build(bo)
			if err != nil {
				return nil, err
			}
			sp2, err := Evaluate(ctx, d2, prof2, opt.Budget)
			if err != nil {
				return nil, err
			}
			ws2, err := s.winSets(bo)
			if err != nil {
				return nil, err
			}
			la2 := &linkage{s: s, space: sp2, conv: opt.Convention}
			a, err := la2.agenda(ctx, "linked", "", all, nil)
			if err != nil {
				return nil, err
			}
			b, err := la2.agenda(ctx, "linked-ratified", "", all, ws2)
			if err != nil {
				return nil, err
			}
			r.ByType = append(r.ByType, TypeCase{Types: tp, Range: a.Range, RatifiedRange: b.Range, Nash: a.Nash, RatifiedNash: b.Nash})
		}
	}
	return r, nil
}

// issueByIssue negotiates each issue alone and combines the pieces.
func (r *LinkageReport) issueByIssue(ctx context.Context, la *linkage, s *Spec, profiles []*Profile) error {
	comp := make([]int, len(s.Issues))
	for i, is := range s.Issues {
		comp[i] = s.statusQuo(i)
		ar, err := la.agenda(ctx, "issue:"+is.ID, is.Label+" alone", []string{is.ID}, nil)
		if err != nil {
			return err
		}
		ar.NashShift = shift(ar.Nash, r.Linked.Nash)
		r.Issues = append(r.Issues, ar)
		if ar.Nash == nil {
			continue
		}
		for _, o := range ar.Nash.Options {
			if o.Issue == is.ID {
				comp[i] = slices.IndexFunc(is.Options, func(x SpecOption) bool { return x.ID == o.Option })
			}
		}
		r.IssueByIssue.Agreed = append(r.IssueByIssue.Agreed, is.ID)
	}
	cu := make([]float64, len(profiles))
	r.IssueByIssue.InRange = true
	for p, u := range la.space.Ufuns {
		cu[p] = u.Eval(comp)
		if cu[p] < profiles[p].Reservation {
			r.IssueByIssue.InRange = false
		}
		r.IssueByIssue.JointGain += cu[p] - profiles[p].Reservation
	}
	r.IssueByIssue.Package = s.pkg(comp, cu, 0)
	return nil
}

// winSetEffects measures each win-set on its own.
func (r *LinkageReport) winSetEffects(s *Spec, space *Space, ws []*winSet) {
	o := make([]int, len(s.Issues))
	for _, w := range ws {
		wr := WinSetResult{Party: s.Parties[w.party].ID, Label: w.label, Refs: w.spec.Refs}
		if !math.IsInf(w.threshold, -1) {
			th := w.threshold
			wr.Threshold = &th
		}
		for i := 0; i < space.N; i++ {
			space.Domain.Decode(space.ID(i), o)
			in := w.admits(o, space.U[w.party][i])
			rational := space.rational(i)
			switch {
			case in && rational:
				wr.WinSet++
				wr.Range++
			case in:
				wr.WinSet++
			case rational:
				wr.Removed++
			}
		}
		r.WinSets = append(r.WinSets, wr)
	}
}

func shift(a, b *Package) []float64 {
	if a == nil || b == nil {
		return nil
	}
	out := make([]float64, len(a.Utilities))
	for i := range out {
		out[i] = a.Utilities[i] - b.Utilities[i]
	}
	return out
}

// rational reports whether outcome index i is worth at least the
// reservation value to every party.
func (s *Space) rational(i int) bool {
	for p, u := range s.U {
		if u[i] < s.Profiles[p].Reservation {
			return false
		}
	}
	return true
}

func (s *Spec) statusQuo(i int) int {
	is := &s.Issues[i]
	if is.StatusQuo == "" {
		return 0
	}
	return max(0, slices.IndexFunc(is.Options, func(o SpecOption) bool { return o.ID == is.StatusQuo }))
}

func (s *Spec) pkg(o []int, u []float64, ties int) *Package {
	p := &Package{Utilities: append([]float64(nil), u...), Ties: ties}
	for i, k := range o {
		is := &s.Issues[i]
		p.Options = append(p.Options, IssueOption{Issue: is.ID, IssueLabel: is.Label, Option: is.Options[k].ID, Label: is.Options[k].Label})
	}
	return p
}

type linkage struct {
	s      *Spec
	space  *Space
	conv   Convention
	ranges [][2]float64
}

// agenda analyses the packages that keep off-agenda issues at their status
// quo (and, with win-sets, that every applicable audience ratifies).
func (l *linkage) agenda(ctx context.Context, id, label string, issues []string, ws []*winSet) (AgendaResult, error) {
	s := l.s
	on := make([]bool, len(s.Issues))
	for _, is := range issues {
		if k := slices.IndexFunc(s.Issues, func(x SpecIssue) bool { return x.ID == is }); k >= 0 {
			on[k] = true
		}
	}
	sq := make([]int, len(s.Issues))
	for i := range sq {
		sq[i] = s.statusQuo(i)
	}
	full := l.space
	sub, err := full.Restrict(ctx, func(id int64, o []int) bool {
		for i, k := range o {
			if !on[i] && k != sq[i] {
				return false
			}
		}
		for _, w := range ws {
			if !w.admits(o, full.U[w.party][id]) { // full space: index = id
				return false
			}
		}
		return true
	})
	if err != nil {
		return AgendaResult{}, err
	}
	ar := AgendaResult{ID: id, Label: label, Issues: append([]string(nil), issues...), Packages: 1}
	for i, is := range s.Issues {
		if on[i] {
			ar.Packages *= len(is.Options)
		}
	}
	best := make([]int, len(sub.U))
	for i := range best {
		best[i] = -1
	}
	for i := 0; i < sub.N; i++ {
		if !sub.rational(i) {
			continue
		}
		for p := range best {
			if b := best[p]; b < 0 || sub.U[p][i] > sub.U[p][b] || (sub.U[p][i] == sub.U[p][b] && others(sub, p, i) > others(sub, p, b)) {
				best[p] = i
			}
		}
		ar.Range++
		g := 0.0
		for p, u := range sub.U {
			g += u[i] - sub.Profiles[p].Reservation
		}
		if ar.MaxJointGain == nil || g > *ar.MaxJointGain {
			ar.MaxJointGain = &g
		}
	}
	if ar.Packages > 0 {
		ar.RangeShare = float64(ar.Range) / float64(ar.Packages)
	}
	d := s.Domain()
	if ar.Range > 0 {
		for _, b := range best {
			ar.BestFor = append(ar.BestFor, s.pkg(d.Decode(sub.ID(b), nil), sub.Utilities(b), 0))
		}
	}
	if sub.N == 0 {
		return ar, nil
	}
	// The disagreement point stays that of the whole package space (no deal
	// means escalation, whatever the agenda or the win-sets): solutions are
	// computed with the full space's utility ranges.
	front, err := Pareto(ctx, sub, l.conv.ParetoOptions(0))
	if err != nil {
		return ar, err
	}
	if l.ranges == nil {
		l.ranges = full.Ranges()
	}
	a := Solutions(front, l.ranges, full.Reservations(), l.conv, AnalysisOptions{})
	for _, p := range a.Frontier {
		if full.rational(int(p.Outcomes[0])) {
			ar.Frontier++
		}
	}
	pick := func(pts []Point) *Package {
		var best *Point
		ties := -1
		for i := range pts {
			if !full.rational(int(pts[i].Outcomes[0])) {
				continue
			}
			ties++
			if best == nil {
				best = &pts[i]
			}
		}
		if best == nil {
			return nil
		}
		return s.pkg(d.Decode(best.Outcomes[0], nil), best.U, ties)
	}
	ar.Nash = pick(a.Nash)
	ar.KS = pick(a.KS)
	return ar, nil
}

// others is the sum of the other parties' utilities of outcome i.
func others(s *Space, p, i int) float64 {
	t := 0.0
	for q, u := range s.U {
		if q != p {
			t += u[i]
		}
	}
	return t
}
