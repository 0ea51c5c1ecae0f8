package equilibrium

import (
	"cmp"
	"context"
	"github.com/tablero-project/tablero/brief/internal/num"
	"math"
	"slices"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/solve/logit"
)

// Margin is how firmly the refined equilibrium's choice at one decision is
// held: the mover's expected utility of the action it plays there minus
// that of the next-best action, given its beliefs and everyone's play after
// it. A near tie (a margin under NearTieShare of the mover's payoff range)
// carries the parameter values at which the choice flips.
type Margin struct {
	Decision
	// OnPath is true when play reaches the decision in the refined
	// equilibrium.
	OnPath bool   `json:"on_path"`
	Plays  Choice `json:"plays"`
	Next   Choice `json:"next"`
	// Margin is Plays.Value minus Next.Value, in utility.
	Margin float64 `json:"margin"`
	// Scale is the mover's payoff range over all outcomes, for reading
	// Margin.
	Scale   float64 `json:"scale"`
	NearTie bool    `json:"near_tie"`
	// Mixed is true when the mover mixes there: it is indifferent between
	// the actions it mixes (margin zero by construction) and nothing flips.
	Mixed bool `json:"mixed"`
	// Flips are the parameters whose declared range holds a value where
	// the choice changes, nearest (relative to the range) first.
	Flips []Flip `json:"flips"`

	player, set int // the information set in the game
	played      int // the action played there
	moveInfo    Move
}

// Choice is an action with the mover's expected utility of taking it.
type Choice struct {
	Action string  `json:"action"`
	Label  string  `json:"label"`
	Value  float64 `json:"value"`
}

// Flip is a parameter value at which a decision's choice changes, the
// other parameters at their base values and everyone else's play held
// fixed (found by bisection). Confirmed says whether the refined
// equilibrium re-solved just past Value makes the same change (nil: not
// re-solved, for budget).
type Flip struct {
	Param string  `json:"param"`
	Label string  `json:"label"`
	Base  float64 `json:"base"`
	Value float64 `json:"value"`
	// Above is true when the choice changes for values above Value.
	Above     bool   `json:"above"`
	To        Choice `json:"to"`
	Confirmed *bool  `json:"confirmed,omitempty"`
}

const (
	// NearTieShare: a margin under this share of the mover's payoff range
	// is a near tie.
	NearTieShare = 0.03
	// maxFlips caps the flips reported per decision.
	maxFlips = 3
	// OnPathReach is the probability from which a decision counts as on
	// the path of the refined equilibrium (which is a limit of QRE, where
	// every decision has some tiny probability).
	OnPathReach = 1e-3
	// maxConfirmNodes is the largest game whose flips are confirmed by
	// re-solving (each re-solve costs as much as the refined equilibrium).
	maxConfirmNodes = 1000
	// confirmTol is the relative regret at which a confirming re-solve
	// stops: enough to tell which action is played, far cheaper than the
	// refined equilibrium's own tolerance.
	confirmTol = 1e-3
	// bisections is the number of halvings of a flip's bracket.
	bisections = 24
)

// valuer computes the mover's action values at every information set of a
// scenario's game for a fixed profile, at any parameter values.
type valuer struct {
	m      *scenario.Model
	g      *game.Game
	leaf   map[int]int // node index → leaf index
	chance map[*game.Infoset]int
}

func newValuer(m *scenario.Model, g *game.Game) *valuer {
	v := &valuer{m: m, g: g, leaf: map[int]int{}, chance: map[*game.Infoset]int{}}
	for i, lf := range m.Leaves() {
		v.leaf[lf.Node] = i
	}
	for i, set := range g.ChanceInfosets {
		v.chance[set] = i
	}
	return v
}

// actionValues returns, per player and information set, the expected
// utility of each action; beliefs weigh the members of sets play does not
// reach (on the path, Bayes' rule on the profile does).
func (v *valuer) actionValues(nums *scenario.Numbers, prof game.Behavior, beliefs [][][]float64) [][][]float64 {
	g := v.g
	prob := func(n *game.Node, a int) float64 {
		if n.Infoset.Player == game.Chance {
			return nums.Chance[v.chance[n.Infoset]][a]
		}
		return prof[n.Infoset.Player][n.Infoset.Index][a]
	}
	val := make([][]float64, len(g.Nodes))
	for k := len(g.Nodes) - 1; k >= 0; k-- {
		n := g.Nodes[k]
		val[k] = make([]float64, len(g.Players))
		if i, ok := v.leaf[k]; ok {
			copy(val[k], nums.Payoffs[i])
			continue
		}
		for a, c := range n.Children {
			pa := prob(n, a)
			for p := range val[k] {
				val[k][p] += pa * val[c.Index][p]
			}
		}
	}
	reach := make([]float64, len(g.Nodes))
	reach[0] = 1
	for _, n := range g.Nodes {
		for a, c := range n.Children {
			reach[c.Index] = reach[n.Index] * prob(n, a)
		}
	}
	out := make([][][]float64, len(g.Infosets))
	for p, sets := range g.Infosets {
		out[p] = make([][]float64, len(sets))
		for i, set := range sets {
			w := make([]float64, len(set.Members))
			total := 0.0
			for k, n := range set.Members {
				w[k] = reach[n.Index]
				total += w[k]
			}
			if total <= 1e-12 {
				copy(w, beliefs[p][i])
				total = 0
				for _, x := range w {
					total += x
				}
			}
			q := make([]float64, len(set.Actions))
			for k, n := range set.Members {
				if total > 0 {
					for a, c := range n.Children {
						q[a] += w[k] / total * val[c.Index][p]
					}
				}
			}
			out[p][i] = q
		}
	}
	return out
}

// Margins computes the margin of every decision of the refined
// equilibrium r of instance in of m, and the flips of the near ties and of
// the decisions on its path. Parameters pinned in values do not flip (the
// others' base values are their defaults); budget caps the work of each
// confirming re-solve.
func Margins(ctx context.Context, m *scenario.Model, in *scenario.Instance, r *Refined, values scenario.Values, budget int) ([]Margin, error) {
	a, moves := r.assess, r.Behaviour
	v := newValuer(m, in.Game)
	q := v.actionValues(in.Numbers, a.Profile, a.Beliefs)
	scale := payoffRange(in.Numbers)
	var out []Margin
	k := 0
	for p, sets := range in.Game.Infosets {
		for i := range sets {
			mv := moves[k]
			k++
			played := num.Argmax(a.Profile[p][i])
			next := -1
			for b := range q[p][i] {
				if b != played && (next < 0 || q[p][i][b] > q[p][i][next]) {
					next = b
				}
			}
			if next < 0 {
				continue
			}
			d := mv.Decision
			d.Knows = nonNil(d.Knows)
			mg := Margin{Decision: d, OnPath: mv.Reach >= OnPathReach, Plays: choice(mv, played, q[p][i]), Next: choice(mv, next, q[p][i]),
				Scale: scale[p], Flips: []Flip{}, player: p, set: i}
			mg.Margin = num.Clean(mg.Plays.Value - mg.Next.Value)
			mg.Mixed = a.Profile[p][i][played] < Certain
			mg.NearTie = !mg.Mixed && mg.Margin < NearTieShare*scale[p]
			if !mg.OnPath && !mg.NearTie {
				continue
			}
			mg.played, mg.moveInfo = played, mv
			out = append(out, mg)
		}
	}
	slices.SortStableFunc(out, func(x, y Margin) int {
		return cmp.Compare(x.Margin/math.Max(x.Scale, 1e-12), y.Margin/math.Max(y.Scale, 1e-12))
	})
	if err := searchFlips(ctx, m, v, a, out, values); err != nil {
		return nil, err
	}
	return out, confirm(ctx, m, len(in.Game.Nodes), out, values, budget)
}

func choice(mv Move, a int, q []float64) Choice {
	return Choice{Action: mv.Actions[a].Name, Label: mv.Actions[a].Label, Value: q[a]}
}

// payoffRange is each actor's payoff range over the leaves.
func payoffRange(nums *scenario.Numbers) []float64 {
	if len(nums.Payoffs) == 0 {
		return nil
	}
	lo := slices.Clone(nums.Payoffs[0])
	hi := slices.Clone(nums.Payoffs[0])
	for _, row := range nums.Payoffs {
		for p, x := range row {
			lo[p], hi[p] = math.Min(lo[p], x), math.Max(hi[p], x)
		}
	}
	for p := range hi {
		hi[p] -= lo[p]
	}
	return hi
}

// searchFlips finds, for each uncertain parameter with a declared range,
// which decisions' choices change when it moves within the range (the
// others at their base values, the profile fixed), and where, by bisection
// between the base value and the end of the range. One evaluation of the
// action values serves every decision, so the ends of each range cost two.
func searchFlips(ctx context.Context, m *scenario.Model, v *valuer, a *logit.Assessment, ms []Margin, base scenario.Values) error {
	values := func(id string, x float64) ([][][]float64, error) {
		vals := scenario.Values{}
		for k, y := range base {
			vals[k] = y
		}
		vals[id] = x
		nums, err := m.Numbers(vals)
		if err != nil {
			return nil, err
		}
		return v.actionValues(nums, a.Profile, a.Beliefs), nil
	}
	for _, prm := range m.Scenario.Parameters {
		if _, pinned := base[prm.ID]; pinned || !prm.Uncertain() || len(prm.Range) != 2 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, end := range prm.Range {
			q, err := values(prm.ID, end)
			if err != nil {
				continue // an end the model rejects
			}
			for k := range ms {
				mg := &ms[k]
				if mg.Mixed || num.Argmax(q[mg.player][mg.set]) == mg.played {
					continue
				}
				keeps, flips := prm.Default, end
				for range bisections {
					mid := (keeps + flips) / 2
					if qm, err := values(prm.ID, mid); err == nil && num.Argmax(qm[mg.player][mg.set]) == mg.played {
						keeps = mid
					} else {
						flips = mid
					}
				}
				qf, err := values(prm.ID, flips)
				if err != nil {
					continue
				}
				to := qf[mg.player][mg.set]
				mg.Flips = append(mg.Flips, Flip{Param: prm.ID, Label: prm.Label, Base: prm.Default, Value: (keeps + flips) / 2, Above: end > prm.Default,
					To: choice(mg.moveInfo, num.Argmax(to), to)})
			}
		}
	}
	width := func(f Flip) float64 {
		for _, prm := range m.Scenario.Parameters {
			if prm.ID == f.Param {
				return math.Abs(f.Value-f.Base) / (prm.Range[1] - prm.Range[0])
			}
		}
		return math.Inf(1)
	}
	for k := range ms {
		slices.SortStableFunc(ms[k].Flips, func(x, y Flip) int { return cmp.Compare(width(x), width(y)) })
		ms[k].Flips = ms[k].Flips[:min(maxFlips, len(ms[k].Flips))]
	}
	return nil
}

// confirm re-solves the refined equilibrium just past the first flip of
// the two closest calls the summary names (the closest on the path and the
// closest near tie off it), and records whether the choice there changes
// as the fixed-profile bisection says. Games with more than
// maxConfirmNodes nodes are not re-solved: their flips stay unconfirmed.
func confirm(ctx context.Context, m *scenario.Model, nodes int, ms []Margin, base scenario.Values, budget int) error {
	if nodes > maxConfirmNodes {
		return nil
	}
	onPath, offPath := false, false
	for k := range ms {
		if onPath && offPath {
			break
		}
		if ms[k].Mixed {
			continue
		}
		if ms[k].OnPath && !onPath {
			onPath = true
		} else if !ms[k].OnPath && ms[k].NearTie && !offPath {
			offPath = true
		} else {
			continue
		}
		if len(ms[k].Flips) == 0 {
			continue
		}
		f := &ms[k].Flips[0]
		prm := m.Scenario.Parameters[slices.IndexFunc(m.Scenario.Parameters, func(p scenario.Param) bool { return p.ID == f.Param })]
		step := 0.01 * (prm.Range[1] - prm.Range[0])
		x := f.Value + step
		if !f.Above {
			x = f.Value - step
		}
		x = math.Min(math.Max(x, prm.Range[0]), prm.Range[1])
		vals := scenario.Values{}
		for k, y := range base {
			vals[k] = y
		}
		vals[f.Param] = x
		g, err := m.Game(vals)
		if err != nil {
			continue
		}
		a, err := logit.Sequential(ctx, g.Game, logit.LogitOptions{Budget: budget, Tol: confirmTol})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue
		}
		ok := a.Profile[ms[k].player][ms[k].set][actionIndex(m, ms[k].Move, f.To.Action)] > 0.5
		f.Confirmed = &ok
	}
	return nil
}

func actionIndex(m *scenario.Model, move, action string) int {
	mv := m.Scenario.Moves[moveIndex(m.Scenario, move)]
	for i, a := range mv.Actions {
		if a.ID == action {
			return i
		}
	}
	return 0
}
