package brief

import (
	"context"
	"fmt"
	"github.com/tablero-project/tablero/brief/internal/actor"
	inum "github.com/tablero-project/tablero/brief/internal/num"
	"math"

	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
)

// Forecast is where the stakeholder table says the policy settles, by
// several models, with the spread under the table's own shocks.
type Forecast struct {
	Title  string                    `json:"title"`
	Models []ForecastModel           `json:"models"`
	Shocks *forecast.Sensitivity     `json:"-"`
	Spread []forecast.DimSensitivity `json:"spread,omitempty"`
}

// ForecastModel is one model's forecast per dimension.
type ForecastModel struct {
	Model     string                 `json:"model"`
	Forecasts []forecast.DimForecast `json:"forecasts"`
	Rounds    int                    `json:"rounds"`
	Notes     []string               `json:"notes,omitempty"`
}

// forecastModels are the models the brief runs, simplest first.
var forecastModels = []string{forecast.ModelCompromise, forecast.ModelMedian, forecast.ModelEUM, forecast.ModelSMP}

func stakeholderForecast(ctx context.Context, sp *forecast.Spec) (*Forecast, error) {
	t, err := sp.Table()
	if err != nil {
		return nil, fmt.Errorf("brief: stakeholder table: %w", err)
	}
	f := &Forecast{Title: sp.Title}
	for _, model := range forecastModels {
		r, err := forecast.Run(ctx, t, forecast.Options{Model: model})
		if err != nil {
			return nil, fmt.Errorf("brief: forecast with %s: %w", model, err)
		}
		f.Models = append(f.Models, ForecastModel{Model: model, Forecasts: r.Forecasts, Rounds: r.Rounds, Notes: r.Notes})
	}
	if sp.Shocks != nil {
		if f.Shocks, err = forecast.RunSensitivity(ctx, t, forecast.Options{Model: forecast.ModelSMP}, *sp.Shocks); err != nil {
			return nil, fmt.Errorf("brief: forecast shocks: %w", err)
		}
		f.Spread = f.Shocks.Dims
		for i := range f.Spread {
			f.Spread[i].Samples = nil // summaries only
		}
	}
	return f, nil
}

// Negotiation is the package negotiation linked to the crisis: the
// analysis at the specification's reservation values, and the bargaining
// range when reservation values come from the crisis game instead.
type Negotiation struct {
	*negotiate.LinkageReport
	// FromGame is the analysis with each party's reservation value set to
	// its expected payoff in the crisis equilibrium, rescaled by the range
	// of its payoffs over terminal histories.
	FromGame *negotiate.LinkageReport `json:"from_game"`
}

// negotiation analyses the scenario's package negotiation at the modal
// types.
func negotiation(ctx context.Context, m *scenario.Model, nums *scenario.Numbers, b *Brief, budget int) (*Negotiation, error) {
	s := m.Scenario
	types := map[string]string{}
	for a, actor := range s.Actors {
		if len(actor.Types) > 1 {
			types[actor.ID] = actor.Types[inum.Argmax(nums.Prior[a])].ID
		}
	}
	opt := negotiate.ReportOptions{BuildOptions: negotiate.BuildOptions{Types: types, Values: nums.Env}, Budget: int64(budget)}
	r, err := negotiate.LinkageAnalysis(ctx, s.Negotiation, opt)
	if err != nil {
		return nil, fmt.Errorf("brief: negotiation: %w", err)
	}
	opt.GameValues, opt.NoTypeTable = gameValues(m, nums, b), true
	g, err := negotiate.LinkageAnalysis(ctx, s.Negotiation, opt)
	if err != nil {
		return nil, fmt.Errorf("brief: negotiation with reservation values from the game: %w", err)
	}
	return &Negotiation{LinkageReport: r, FromGame: g}, nil
}

// gameValues gives each actor-type's expected payoff in the crisis game —
// what it gets if no package is agreed — with the range of its payoffs over
// terminal histories, to rescale it onto the negotiation's 0–1 utilities.
func gameValues(m *scenario.Model, nums *scenario.Numbers, b *Brief) map[string]negotiate.GameValue {
	out := map[string]negotiate.GameValue{}
	for _, ac := range b.Costs.Actors {
		a := actor.Index(m.Scenario, ac.Actor)
		lo, hi := math.Inf(1), math.Inf(-1)
		for i, lf := range m.Leaves() {
			if ac.Type != "" && m.Scenario.Actors[a].Types[lf.Types[a]].ID != ac.Type {
				continue
			}
			lo, hi = math.Min(lo, nums.Payoffs[i][a]), math.Max(hi, nums.Payoffs[i][a])
		}
		key := ac.Actor
		if ac.Type != "" {
			key += "/" + ac.Type
		}
		out[key] = negotiate.GameValue{Value: ac.Total, Min: lo, Max: hi}
	}
	return out
}
