package brief

import (
	"fmt"
	"strings"

	"github.com/tablero-project/tablero/brief/equilibrium"
)

// flipText says where a margin's first flip lies: "flips to Retaliate
// when gT > 2.13".
func flipText(mg equilibrium.Margin) string {
	if len(mg.Flips) == 0 {
		return "no parameter flips it within its declared range"
	}
	f := mg.Flips[0]
	op := "<"
	if f.Above {
		op = ">"
	}
	t := fmt.Sprintf("flips to %s when %s %s %s (now %s)", equilibrium.ShortLabel(f.To.Label), f.Param, op, short(f.Value), short(f.Base))
	switch {
	case f.Confirmed == nil:
		t += ", holding the others' play fixed"
	case *f.Confirmed:
		t += ", confirmed by re-solving"
	default:
		t += ", though re-solving there moves the others' play too and the choice holds"
	}
	return t
}

// marginsMD writes how firmly the refined equilibrium's choices are held.
func (b *Brief) marginsMD(p *printer) {
	if len(b.Margins) == 0 {
		return
	}
	p.f("## Decision margins\n\n")
	p.f("At each decision on the refined equilibrium's path, and at every near tie off it (a margin under %.0f%% of the mover's payoff range), the mover's expected utility of its choice minus that of the next-best action. A flip is where a parameter, within its declared range and the others at their base values, changes the choice with everyone else's play held fixed (by bisection); the closest calls are re-solved there to confirm.\n\n", 100*equilibrium.NearTieShare)
	p.f("| Actor | Type | Decision | Knows | On path | Plays | Next best | Margin | Flips |\n|---|---|---|---|---|---|---|---:|---|\n")
	for _, mg := range b.Margins {
		var fl []string
		for _, f := range mg.Flips {
			op := "<"
			if f.Above {
				op = ">"
			}
			t := fmt.Sprintf("%s when %s %s %s", f.To.Action, f.Param, op, short(f.Value))
			if f.Confirmed != nil {
				t += map[bool]string{true: " (confirmed)", false: " (not when re-solved)"}[*f.Confirmed]
			}
			fl = append(fl, t)
		}
		on := ""
		if mg.OnPath {
			on = "yes"
		}
		if mg.Mixed {
			fl = []string{"mixes: indifferent by construction"}
		}
		p.f("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", mg.Actor, mg.Type, mg.Move, facts(mg.Knows), on, mg.Plays.Action, mg.Next.Action, num(mg.Margin, 3), strings.Join(fl, "; "))
	}
	p.f("\n")
}
