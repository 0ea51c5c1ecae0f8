package schema

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/estimate"
	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/forecast"
	"github.com/tablero-project/tablero/negotiate"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/score"
	"github.com/tablero-project/tablero/solve/methods"
	"github.com/tablero-project/tablero/uncertain"
)

// IDPrefix prefixes the $id of the published document schemas, as
// scenario.SchemaID does.
const IDPrefix = "https://tablero.dev/schema/"

// documents are the JSON documents tablero writes, by name.
var documents = map[string]struct {
	typ   reflect.Type
	title string
}{
	"brief":                  {reflect.TypeFor[analysis.Result](), "tablero brief: the analysis of a scenario, with its run record (tablero analyze --format json, GET /v1/runs/{id}/result)"},
	"solve":                  {reflect.TypeFor[methods.Solution](), "tablero solve: the equilibria a method found (tablero solve --format json)"},
	"estimate":               {reflect.TypeFor[estimate.Report](), "tablero estimate: utilities estimated from data by a statistical strategic model (tablero estimate --format json)"},
	"events-observations":    {reflect.TypeFor[events.ObservationsDoc](), "tablero events observe: observations a CAMEO → signpost mapping proposes, with their source events (tablero events observe --format json)"},
	"events-series":          {reflect.TypeFor[events.SeriesDoc](), "tablero events series: daily or weekly series per directed dyad (tablero events series --format json)"},
	"events-spikes":          {reflect.TypeFor[events.SpikesDoc](), "tablero events spikes: spikes of dyad series and the events behind them (tablero events spikes --format json)"},
	"events-summary":         {reflect.TypeFor[events.SummaryDoc](), "tablero events summary: what event files hold (tablero events summary --format json)"},
	"forecast":               {reflect.TypeFor[forecast.Report](), "tablero forecast: one model's forecast of a stakeholder table (tablero forecast --format json)"},
	"negotiation-analysis":   {reflect.TypeFor[negotiate.DomainAnalysis](), "tablero negotiation analysis: Pareto frontier and bargaining solutions (tablero negotiate analyze DOMAIN PROFILE... --format json)"},
	"negotiation-linkage":    {reflect.TypeFor[negotiate.LinkageReport](), "tablero linkage report: bargaining ranges with and without linkage, win-sets (tablero negotiate analyze SCENARIO --format json)"},
	"negotiation-run":        {reflect.TypeFor[negotiate.RunView](), "tablero negotiation: one simulated negotiation (tablero negotiate run --format json)"},
	"negotiation-tournament": {reflect.TypeFor[negotiate.TournamentResult](), "tablero tournament: negotiations and agent scores (tablero negotiate tournament --format json)"},
	"sweep":                  {reflect.TypeFor[uncertain.Partial](), "tablero sweep: an exactly mergeable partial result, one shard's or merged (tablero sweep, tablero merge --out)"},
	"questions":              {reflect.TypeFor[score.Set](), "tablero questions: forecast questions with their resolutions and forecasts (tablero questions export, import)"},
	"scores":                 {reflect.TypeFor[score.Report](), "tablero scores: Brier, log and time-averaged Brier scores and calibration of resolved questions (tablero questions scores --format json, GET /v1/scores)"},
	"summary":                {reflect.TypeFor[brief.Summary](), "tablero summary: the executive summary of a brief in plain sentences, with its numbers (GET /v1/runs/{id}/summary)"},
}

// Documents returns the types of the JSON documents tablero writes, by
// name: brief, solve, estimate, events-observations, events-series,
// events-spikes, events-summary, forecast, negotiation-analysis,
// negotiation-linkage, negotiation-run, negotiation-tournament, questions,
// scores, summary and sweep.
// Scenario files, an input, have their own schema (scenario.Schema, also
// DocumentSchema("scenario")).
func Documents() map[string]reflect.Type {
	out := make(map[string]reflect.Type, len(documents))
	for name, d := range documents {
		out[name] = d.typ
	}
	return out
}

// DocumentNames lists the names DocumentSchema accepts, sorted.
func DocumentNames() []string {
	names := []string{"scenario"}
	for name := range documents {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// DocumentSchema returns the standalone JSON Schema of the named document
// (see DocumentNames), with $id IDPrefix+name+".json".
func DocumentSchema(name string) ([]byte, error) {
	if name == "scenario" {
		return scenario.Schema()
	}
	d, ok := documents[name]
	if !ok {
		return nil, fmt.Errorf("schema: unknown document %q (want one of %v)", name, DocumentNames())
	}
	return new(Generator).Document(d.typ, IDPrefix+name+".json", d.title)
}
