package forecast

import (
	"encoding/json"
	"fmt"
	"github.com/tablero-project/tablero/repro"
	"io"
	"strconv"
)

// Report is the JSON document of a forecast (tablero forecast --format
// json, and the server's forecast responses): one model's result on one
// table, with the sensitivity analysis when one ran. Keys are snake_case;
// actors and dimensions are named, not numbered. A number that is
// undefined — the position of an actor absent from a dimension, a missing
// Condorcet winner, NaN or ±Inf — is null: nullable numbers are pointers,
// nil for null.
type Report struct {
	// Run says how the document was computed (set by front ends).
	Run    *repro.Record `json:"run,omitempty"`
	Model  string        `json:"model"`
	Preset string        `json:"preset,omitempty"`
	// Table is the input table's shape.
	Table     ReportTable      `json:"table"`
	Forecasts []DimForecast    `json:"forecasts"`
	Baselines []ReportBaseline `json:"baselines"`
	// Rounds is the number of EUM rounds or SMP turns (0 for baselines);
	// Positions[r][i][d] is actor i's position on dimension d after round
	// r (row 0 is the input); Probabilities[r][i] the SMP's probability
	// that actor i's position wins after round r.
	Rounds        int            `json:"rounds"`
	Positions     [][][]*float64 `json:"positions"`
	Probabilities [][]*float64   `json:"probabilities,omitempty"`
	Explanation   []ReportEvent  `json:"explanation"`
	Quad          []ReportQuad   `json:"quad"`
	Notes         []string       `json:"notes"`
	// Cycles are the limit cycles the run ends in (EUM), one per
	// dimension that has one.
	Cycles      []ReportCycle `json:"cycles"`
	Sensitivity *ReportShocks `json:"sensitivity,omitempty"`
	// Parameters are the model's settings by their own names (KTAB's for
	// the SMP, e.g. "VotingRule"; the switches for the EUM): data, not
	// field names.
	Parameters map[string]string `json:"parameters,omitempty"`
}

// ReportCycle is a limit cycle of a run: from round Start every position
// repeats with period Period (within Tolerance scale units; Exact: a
// position vector repeated to rounding).
// Forecast is the headline over the last period observed, and Stable says
// it does not move over the cycle; Actors are the actors that do.
type ReportCycle struct {
	Dimension string             `json:"dimension"`
	Start     int                `json:"start"`
	Period    int                `json:"period"`
	Tolerance float64            `json:"tolerance"`
	Exact     bool               `json:"exact"`
	Stable    bool               `json:"stable"`
	Forecast  []float64          `json:"forecast"`
	Actors    []ReportCycleActor `json:"actors"`
	Text      string             `json:"text"`
}

// ReportCycleActor is an actor's positions over one period of a cycle.
type ReportCycleActor struct {
	Actor  string    `json:"actor"`
	Values []float64 `json:"values"`
}

// reportCycles converts r's cycles.
func reportCycles(r *Result) []ReportCycle {
	out := []ReportCycle{}
	for _, c := range r.Cycles {
		rc := ReportCycle{Dimension: c.Name, Start: c.Start, Period: c.Period, Tolerance: c.Tolerance, Exact: c.Exact, Stable: c.Stable(),
			Forecast: c.Forecast, Actors: []ReportCycleActor{}, Text: c.Text()}
		for _, a := range c.Actors {
			rc.Actors = append(rc.Actors, ReportCycleActor{Actor: a.Name, Values: a.Values})
		}
		out = append(out, rc)
	}
	return out
}

// ReportTable is the shape of a table: its actors and dimensions.
type ReportTable struct {
	Name       string            `json:"name"`
	Actors     []string          `json:"actors"`
	Dimensions []ReportDimension `json:"dimensions"`
}

// ReportDimension is an issue scale.
type ReportDimension struct {
	Name    string         `json:"name"`
	Min     *float64       `json:"min"`
	Max     *float64       `json:"max"`
	Anchors []ReportAnchor `json:"anchors,omitempty"`
}

// ReportAnchor is a labelled point of a scale.
type ReportAnchor struct {
	Value *float64 `json:"value"`
	Label string   `json:"label"`
}

// ReportBaseline is a dimension's baselines over the input positions.
type ReportBaseline struct {
	Dimension  string   `json:"dimension"`
	Actors     int      `json:"actors"` // actors present
	Compromise *float64 `json:"compromise"`
	Median     *float64 `json:"weighted_median"`
	MedianTie  bool     `json:"median_tie"`
	// Condorcet is the Condorcet winner (null if none); CondorcetTies the
	// positions that beat or tie every other when no strict winner exists.
	Condorcet     *float64   `json:"condorcet_winner"`
	CondorcetTies []*float64 `json:"condorcet_ties,omitempty"`
}

// ReportEvent is one entry of a model's explanation.
type ReportEvent struct {
	Round int `json:"round"`
	// Dimension names the dimension of a one-dimensional move; empty for
	// the SMP's multi-dimensional moves.
	Dimension string `json:"dimension,omitempty"`
	Kind      string `json:"kind"`
	Actor     string `json:"actor"`
	Other     string `json:"other"`
	Text      string `json:"text"`
}

// ReportQuad is a point of the first round's quad map.
type ReportQuad struct {
	Actor string `json:"actor"`
	Rival string `json:"rival"`
	// Dimension is empty for the SMP (all dimensions at once).
	Dimension string   `json:"dimension"`
	EUActor   *float64 `json:"eu_actor"`
	EURival   *float64 `json:"eu_rival"`
	Region    string   `json:"region"`
}

// ReportShocks is a sensitivity analysis: the shocks, the draws that
// failed or dropped actors, and the distribution of each dimension's
// forecast (without the samples).
type ReportShocks struct {
	Shocks     Shocks           `json:"shocks"`
	Failed     int              `json:"failed"`
	Dropped    map[string]int   `json:"dropped,omitempty"` // draws without each actor, by name
	Dimensions []DimSensitivity `json:"dimensions"`
}

// finitePtr returns x, or nil when x is NaN or infinite.
func finitePtr(x float64) *float64 {
	if !finite(x) {
		return nil
	}
	return &x
}

func finitePtrs(x []float64) []*float64 {
	if x == nil {
		return nil
	}
	out := make([]*float64, len(x))
	for k, v := range x {
		out[k] = finitePtr(v)
	}
	return out
}

// WriteJSON writes the Report of r (and s, if not nil) as indented JSON.
func WriteJSON(w io.Writer, r *Result, s *Sensitivity) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewReport(r, s))
}

// NewReport builds the JSON document of result r and, if s is not nil,
// of its sensitivity analysis.
func NewReport(r *Result, s *Sensitivity) *Report {
	t := r.Table
	j := &Report{Model: r.Model, Preset: r.Preset, Rounds: r.Rounds, Notes: r.Notes,
		Forecasts: r.Forecasts, Table: reportTable(t), Baselines: []ReportBaseline{},
		Positions: [][][]*float64{}, Explanation: []ReportEvent{}, Quad: []ReportQuad{}, Cycles: reportCycles(r)}
	if j.Notes == nil {
		j.Notes = []string{}
	}
	if j.Forecasts == nil {
		j.Forecasts = []DimForecast{}
	}
	for _, b := range r.Baselines {
		j.Baselines = append(j.Baselines, ReportBaseline{Dimension: t.Dims[b.Dim].Name, Actors: b.N,
			Compromise: finitePtr(b.Compromise), Median: finitePtr(b.Median), MedianTie: b.MedianTie,
			Condorcet: finitePtr(b.Condorcet.Winner), CondorcetTies: finitePtrs(b.Condorcet.Weak)})
	}
	for _, round := range r.Positions {
		rows := make([][]*float64, 0, len(round))
		for _, p := range round {
			rows = append(rows, finitePtrs(p))
		}
		j.Positions = append(j.Positions, rows)
	}
	j.Parameters = parameters(r)
	if r.SMP != nil {
		for _, p := range r.SMP.Probs {
			j.Probabilities = append(j.Probabilities, finitePtrs(p))
		}
	}
	for _, e := range r.Explanation {
		je := ReportEvent{Round: e.Round, Kind: e.Kind, Actor: t.Actors[e.Actor].Name, Other: t.Actors[e.Other].Name, Text: e.Text}
		if e.Dim >= 0 {
			je.Dimension = t.Dims[e.Dim].Name
		}
		j.Explanation = append(j.Explanation, je)
	}
	for _, q := range r.Quad {
		jq := ReportQuad{Actor: q.ActorName, Rival: q.RivalName, EUActor: finitePtr(q.EUActor), EURival: finitePtr(q.EURival), Region: q.Region}
		if q.Dim >= 0 {
			jq.Dimension = t.Dims[q.Dim].Name
		}
		j.Quad = append(j.Quad, jq)
	}
	if s != nil {
		j.Sensitivity = reportShocks(t, s)
	}
	return j
}

func reportTable(t *Table) ReportTable {
	jt := ReportTable{Name: t.Name, Actors: []string{}, Dimensions: []ReportDimension{}}
	for _, a := range t.Actors {
		jt.Actors = append(jt.Actors, a.Name)
	}
	for _, d := range t.Dims {
		jd := ReportDimension{Name: d.Name, Min: finitePtr(d.Min), Max: finitePtr(d.Max)}
		for _, a := range d.Anchors {
			jd.Anchors = append(jd.Anchors, ReportAnchor{finitePtr(a.Value), a.Label})
		}
		jt.Dimensions = append(jt.Dimensions, jd)
	}
	return jt
}

// parameters lists the model's settings by their own names.
func parameters(r *Result) map[string]string {
	switch {
	case r.SMP != nil:
		p := map[string]string{}
		for _, kv := range r.SMP.Options.Params() {
			p[kv[0]] = kv[1]
		}
		p["Seed"] = strconv.FormatUint(r.SMP.Options.Seed, 10)
		return p
	case r.EUM != nil:
		o := r.EUM.Options
		return map[string]string{"probability": o.Probability, "votes": o.Votes, "capitulation": o.Capitulation,
			"selection": o.Selection, "Q": fmt.Sprint(o.Q), "T": fmt.Sprint(o.T), "mu": o.Mu}
	}
	return nil
}

func reportShocks(t *Table, s *Sensitivity) *ReportShocks {
	js := &ReportShocks{Shocks: s.Shocks, Failed: s.Failed, Dimensions: []DimSensitivity{}}
	for i, n := range s.Dropped {
		if n > 0 {
			if js.Dropped == nil {
				js.Dropped = map[string]int{}
			}
			js.Dropped[t.Actors[i].Name] = n
		}
	}
	for _, d := range s.Dims {
		d.Samples = nil // summaries only
		js.Dimensions = append(js.Dimensions, d)
	}
	return js
}

// dimForecastJSON is the JSON form of a DimForecast.
type dimForecastJSON struct {
	Dimension    string   `json:"dimension"`
	Point        *float64 `json:"point"`
	Mean         *float64 `json:"mean"`
	Median       *float64 `json:"median"`
	MostProbable *float64 `json:"most_probable"`
	Probability  *float64 `json:"probability"`
	Low          *float64 `json:"low"`
	High         *float64 `json:"high"`
	Anchor       string   `json:"anchor,omitempty"`
	Nearest      string   `json:"nearest_anchor,omitempty"`
}

// MarshalJSON encodes f with snake_case keys, the dimension by name and
// undefined numbers (NaN, ±Inf) as null.
func (f DimForecast) MarshalJSON() ([]byte, error) {
	return json.Marshal(dimForecastJSON{f.Name, finitePtr(f.Point), finitePtr(f.Mean), finitePtr(f.Median),
		finitePtr(f.MostProbable), finitePtr(f.Probability), finitePtr(f.Low), finitePtr(f.High), f.Anchor, f.Nearest})
}

// JSONSchemaAlias tells schema generators that a DimForecast encodes as
// dimForecastJSON.
func (DimForecast) JSONSchemaAlias() any { return dimForecastJSON{} }

// dimSensitivityJSON is the JSON form of a DimSensitivity.
type dimSensitivityJSON struct {
	Dimension string     `json:"dimension"`
	Point     Summary    `json:"point"`
	Mean      Summary    `json:"mean"`
	Median    Summary    `json:"median"`
	Samples   []*float64 `json:"samples,omitempty"`
	// Check sets the unperturbed point against the draws.
	Check *PointCheck `json:"point_check,omitempty"`
	// Anchors are the shares of draws nearest each anchor of the scale.
	Anchors []AnchorShare `json:"anchors,omitempty"`
}

// MarshalJSON encodes d with snake_case keys, the dimension by name and
// undefined samples as null; Samples are left out when nil.
func (d DimSensitivity) MarshalJSON() ([]byte, error) {
	return json.Marshal(dimSensitivityJSON{d.Name, d.Point, d.Mean, d.Median, finitePtrs(d.Samples), d.Check, d.Anchors})
}

// JSONSchemaAlias tells schema generators that a DimSensitivity encodes
// as dimSensitivityJSON.
func (DimSensitivity) JSONSchemaAlias() any { return dimSensitivityJSON{} }

// summaryJSON is the JSON form of a Summary.
type summaryJSON struct {
	N    int      `json:"n"`
	Mean *float64 `json:"mean"`
	SD   *float64 `json:"sd"`
	P5   *float64 `json:"p05"`
	P25  *float64 `json:"p25"`
	P50  *float64 `json:"p50"`
	P75  *float64 `json:"p75"`
	P95  *float64 `json:"p95"`
}

// MarshalJSON encodes s with snake_case keys and undefined numbers (the
// mean of no draws) as null.
func (s Summary) MarshalJSON() ([]byte, error) {
	return json.Marshal(summaryJSON{s.N, finitePtr(s.Mean), finitePtr(s.SD), finitePtr(s.P5),
		finitePtr(s.P25), finitePtr(s.P50), finitePtr(s.P75), finitePtr(s.P95)})
}

// JSONSchemaAlias tells schema generators that a Summary encodes as
// summaryJSON.
func (Summary) JSONSchemaAlias() any { return summaryJSON{} }
