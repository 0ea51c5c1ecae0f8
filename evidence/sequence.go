package evidence

import (
	"context"
	"fmt"

	"github.com/tablero-project/tablero/scenario"
)

// Solver solves a model's game at the point estimate and returns the
// realisation probabilities of its nodes.
type Solver func(ctx context.Context, m *scenario.Model) ([]float64, error)

// Sequence returns the forecast after each observation in turn, at the
// declared likelihoods: reach is the play of the evidence's model, solve
// re-solves the measured model after each parameter measurement. A move or
// a signpost costs one pass over the histories; a measurement, a
// compilation and a solve.
func (e *Evidence) Sequence(ctx context.Context, mi int, reach []float64, solve Solver) ([]*Update, error) {
	w := make([]float64, len(e.m.Leaves()))
	none := build(e.m, nil)
	none.Weights(reach, nil, w)
	out := make([]*Update, len(e.Observations))
	seen := map[int]bool{} // signposts observed so far
	for i, o := range e.Observations {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch o.Kind() {
		case scenario.KindParameter:
			pm, err := Model(e.m, e.Observations[:i+1])
			if err != nil {
				return nil, err
			}
			r, err := solve(ctx, pm)
			if err != nil {
				return nil, err
			}
			p := e.Prefix(i + 1).On(pm)
			p.Weights(r, p.Declared(), w)
		case scenario.KindMove:
			steps, _ := o.Steps()
			for k, lf := range e.m.Leaves() {
				if !holds(lf, steps) {
					w[k] = 0
				}
			}
		case scenario.KindSignpost:
			s := e.m.Signpost(o.Signpost)
			if seen[s] {
				break // reported again: the same event
			}
			seen[s] = true
			for k := range w {
				l := e.m.Scenario.Signposts[s].Likelihoods[e.m.SignpostCase(s, k)].P
				if !o.Happened() {
					l = 1 - l
				}
				w[k] *= l
			}
		}
		total := 0.0
		for _, x := range w {
			total += x
		}
		if !(total > 0) {
			return nil, fmt.Errorf("evidence: after observation %s: %w", o.ID, ErrImpossible)
		}
		u := e.tally(mi, w)
		u.Evidence = total
		u.scale(1 / total)
		out[i] = u
	}
	return out, nil
}

func holds(lf scenario.Leaf, steps []scenario.Step) bool {
	for _, st := range steps {
		if a, ok := lf.History[st.Move]; !ok || a != st.Action {
			return false
		}
	}
	return true
}
