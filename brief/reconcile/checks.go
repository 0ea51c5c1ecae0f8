package reconcile

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/brief/internal/actor"
	"github.com/tablero-project/tablero/brief/internal/num"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
)

// redLines sets each ratification constraint that forbids anchors against
// the game: how likely the forbidden anchors are with the constrained
// party of those types at the equilibrium, and whether, with types known,
// the party's own decision leads into one.
func (r *Table) redLines(in Input, issue int, opts []string) {
	m, s, reach, mi := in.Model, in.Model.Scenario, in.Reach, in.Mapping
	spec := s.Negotiation
	for _, w := range spec.Ratification {
		a := actor.Index(s, w.Party)
		forb := w.Forbid[spec.Issues[issue].ID]
		var anchors []string
		for j, o := range spec.Issues[issue].Options {
			if slices.Contains(forb, o.ID) && opts[j] != "" {
				anchors = append(anchors, opts[j])
			}
		}
		if a < 0 || len(anchors) == 0 {
			continue
		}
		ofType := func(t string) bool { return len(w.Types) == 0 || slices.Contains(w.Types, t) }
		rl := RedLine{Party: w.Party, Types: w.Types, Label: w.Label, Forbidden: anchors, Chosen: []string{}}
		p := map[string]float64{}
		for _, lf := range m.Leaves() {
			if len(s.Actors[a].Types) > 0 && !ofType(s.Actors[a].Types[lf.Types[a]].ID) {
				continue
			}
			if sc := s.Scenarios[lf.Scenario[mi]].ID; slices.Contains(anchors, sc) {
				p[sc] += reach[lf.Node]
			}
		}
		for _, an := range anchors {
			rl.Equilibrium = append(rl.Equilibrium, AnchorProb{Anchor: an, Probability: p[an]})
		}
		for _, k := range in.Known {
			i := slices.IndexFunc(k.Types, func(f equilibrium.Fact) bool { return f.Name == w.Party })
			if (i >= 0 && !ofType(k.Types[i].Value)) || lastDecider(s, k.Path) != w.Party {
				continue
			}
			for _, sp := range k.Scenarios {
				if slices.Contains(anchors, sp.Name) && sp.Probability > 0 {
					rl.Chosen = append(rl.Chosen, fmt.Sprintf("%s: %s → %s %s", factsText(k.Types), strings.Join(k.Path, "; "), sp.Name, num.Format(sp.Probability, 2)))
				}
			}
		}
		rl.Conflict = len(rl.Chosen) > 0
		rl.Text = rl.text()
		r.RedLines = append(r.RedLines, rl)
	}
}

// lastDecider is the actor of the last decision (not chance) on a path of
// play ("move=action" steps), or "".
func lastDecider(s *scenario.Scenario, path []string) string {
	for k := len(path) - 1; k >= 0; k-- {
		id, _, ok := strings.Cut(path[k], "=")
		if !ok {
			continue
		}
		if j := slices.IndexFunc(s.Moves, func(mv scenario.Move) bool { return mv.ID == id }); j >= 0 && s.Moves[j].Actor != "" {
			return s.Moves[j].Actor
		}
	}
	return ""
}

// factsText renders type facts as "US=H, MX=T".
func factsText(fs []equilibrium.Fact) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = f.Name + "=" + f.Value
	}
	return strings.Join(s, ", ")
}

func (rl *RedLine) text() string {
	who := rl.Party
	if len(rl.Types) > 0 {
		who += "=" + strings.Join(rl.Types, "/")
	}
	var eq []string
	for _, p := range rl.Equilibrium {
		eq = append(eq, fmt.Sprintf("%s %s", p.Anchor, num.Format(p.Probability, 2)))
	}
	head := fmt.Sprintf("Red line “%s” (%s): the negotiation forbids %s outright; at the equilibrium they occur together with %s with probability %s.",
		rl.Label, who, strings.Join(rl.Forbidden, ", "), who, strings.Join(eq, ", "))
	if !rl.Conflict {
		return head + fmt.Sprintf(" With types known no path ends there by %s's own decision: where they occur, other actors' moves (or chance) put them there, which no ratification can prevent, so the two engines do not contradict each other.", rl.Party)
	}
	return head + fmt.Sprintf(" With types known, %s: the last decision on that path is %s's own, so in the game %s chooses what its audience would never ratify. The red line is a hard constraint in the negotiation and only a payoff weight in the game; the engines disagree until the game drops that action for this type (or the negotiation prices the red line instead of forbidding it).",
		strings.Join(rl.Chosen, "; "), rl.Party, who)
}

// reservations compares the bargaining range under the assumed
// reservation values, the equilibrium's expected payoffs, and the
// expected payoffs of the equilibrium paths that end in the no-deal
// result (the scenario's focus result, by default its last: escalation).
func (r *Table) reservations(ctx context.Context, in Input) error {
	m, s, nums, reach, mi, n := in.Model, in.Model.Scenario, in.Numbers, in.Reach, in.Mapping, in.Negotiation
	fi := slices.IndexFunc(s.Results, func(l scenario.Label) bool { return l.ID == s.Solution.Focus })
	if fi < 0 {
		fi = len(s.Results) - 1
	}
	gv := map[string]negotiate.GameValue{}
	for _, ac := range in.Costs.Actors {
		a := actor.Index(s, ac.Actor)
		lo, hi, sum, den := math.Inf(1), math.Inf(-1), 0.0, 0.0
		for i, lf := range m.Leaves() {
			if ac.Type != "" && s.Actors[a].Types[lf.Types[a]].ID != ac.Type {
				continue
			}
			u := nums.Payoffs[i][a]
			lo, hi = math.Min(lo, u), math.Max(hi, u)
			if lf.Result[mi] == fi {
				sum += reach[lf.Node] * u
				den += reach[lf.Node]
			}
		}
		if den == 0 {
			continue
		}
		key := ac.Actor
		if ac.Type != "" {
			key += "/" + ac.Type
		}
		gv[key] = negotiate.GameValue{Value: sum / den, Min: lo, Max: hi}
	}
	rep, err := negotiate.LinkageAnalysis(ctx, s.Negotiation, negotiate.ReportOptions{
		BuildOptions: negotiate.BuildOptions{Types: n.Types, Values: nums.Env, GameValues: gv}, Budget: int64(in.Budget), NoTypeTable: true})
	if err != nil {
		return fmt.Errorf("reconcile: negotiation with no-deal values from the game: %w", err)
	}
	view := func(l *negotiate.LinkageReport) RangeView {
		return RangeView{Reservations: l.Reservations, Range: l.Linked.Range, Share: l.Linked.RangeShare}
	}
	rc := &ReservationCheck{Packages: n.Packages, Assumed: view(n), Equilibrium: view(in.FromGame), NoDeal: view(rep),
		NoDealResult: s.Results[fi].ID, NoDealProb: in.Results[fi].Probability, noDealResultLbl: s.Results[fi].Label}
	rc.Holds = "equilibrium"
	if rc.NoDeal.Range > 0 {
		rc.Holds = "assumed"
	}
	rc.Text = rc.text()
	r.Reservations = rc
	return nil
}

func resText(rs []negotiate.Reservation) string {
	var s []string
	for _, r := range rs {
		s = append(s, fmt.Sprintf("%s %s", r.Party, num.Format(r.Value, 3)))
	}
	return strings.Join(s, ", ")
}

func (rc *ReservationCheck) text() string {
	rangeOf := func(v RangeView) string {
		return fmt.Sprintf("%d of %d packages (%s %%)", v.Range, rc.Packages, num.Format(100*v.Share, 1))
	}
	var w strings.Builder
	fmt.Fprintf(&w, "Which bargaining range holds: with the assumed reservation values (%s) linkage opens %s; with the crisis equilibrium's expected payoffs (%s) it opens %s. ",
		resText(rc.Assumed.Reservations), rangeOf(rc.Assumed), resText(rc.Equilibrium.Reservations), rangeOf(rc.Equilibrium))
	fmt.Fprintf(&w, "The equilibrium payoff is not the value of no deal: it averages every path of the crisis, %s of whose probability ends in results other than %s (%s) — paths that already contain the cooperation a package would sign — so it counts the deal on both sides of the comparison. ",
		num.Format(1-rc.NoDealProb, 2), rc.NoDealResult, rc.noDealResultLbl)
	rare := ""
	if rc.NoDealProb < 0.01 {
		rare = ", paths the equilibrium hardly plays, so read these values with care"
	}
	fmt.Fprintf(&w, "Valued on the paths that end in %s (probability %s%s), no deal is worth %s, and the range holds %s: ",
		rc.NoDealResult, num.Format(rc.NoDealProb, 2), rare, resText(rc.NoDeal.Reservations), rangeOf(rc.NoDeal))
	if rc.Holds == "assumed" {
		w.WriteString("a package beats escalation for every party, so the non-empty range of the assumed reading holds (its size depends on the values: compare the two counts).")
	} else {
		w.WriteString("even against escalation no package is worth signing for every party, so the empty range holds.")
	}
	return w.String()
}
