package brief

import (
	"context"

	"github.com/tablero-project/tablero/brief/draws"
	"github.com/tablero-project/tablero/scenario"
)

// Analyse runs the uncertainty analysis of the brief's scenario and adds
// intervals to the brief's scenario and result probabilities.
func (b *Brief) Analyse(ctx context.Context, m *scenario.Model, opt Options, s draws.Sampling) error {
	u, err := draws.Analyse(ctx, m, opt.solver(), s, len(opt.Observations) > 0)
	if err != nil {
		return err
	}
	b.Uncertainty = u
	if len(u.Outputs) > 0 {
		n := len(b.Scenarios)
		b.Scenarios = draws.WithIntervals(b.Scenarios, u.Outputs[:n])
		b.Results = draws.WithIntervals(b.Results, u.Outputs[n:n+len(b.Results)])
		b.hiddenDraws(u.Outputs)
	}
	if b.Reconciliation != nil {
		b.Reconciliation.Refresh(b.sections())
	}
	return b.evidenceDraws(ctx, m, opt, s)
}
