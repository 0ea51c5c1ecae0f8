package forecast

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Model names accepted by Run.
const (
	ModelCompromise = "compromise"
	ModelMedian     = "median"
	ModelCondorcet  = "condorcet"
	ModelEUM        = "eum"
	ModelSMP        = "smp"
)

// Models lists the model names in order of complexity.
var Models = []string{ModelCompromise, ModelMedian, ModelCondorcet, ModelEUM, ModelSMP}

// Options selects and configures a model for Run.
type Options struct {
	Model string
	// EUM configures ModelEUM (see EUMPreset); the zero value runs the
	// scholz-code preset.
	EUM EUMOptions
	SMP SMPOptions // when Model is ModelSMP; the zero value is KTAB's default
	// Limits caps table size and rounds for every model.
	Limits Limits
}

// Result is the forecast of one model on one table.
type Result struct {
	Model string
	// Preset names the EUM configuration, when known.
	Preset string
	Table  *Table
	// Forecasts has one entry per dimension.
	Forecasts []DimForecast
	// Baselines of the input table, for comparison.
	Baselines []Baseline
	// Rounds is the number of EUM rounds or SMP turns taken (0 for
	// baselines). Positions[r][i][d] is actor i's position on dimension d
	// after round r (row 0 is the input); NaN where the actor is absent.
	Rounds    int
	Positions [][][]float64
	// Explanation is the round-by-round log of challenges and offers.
	Explanation []Event
	// Quad is the quad-map data of the first round (EUM and SMP).
	Quad []QuadPoint
	// Notes report ties, missing Condorcet winners, cycles and stops.
	Notes []string
	// Cycles are the EUM's limit cycles of period 2 or more, one per
	// dimension that ends in one.
	Cycles []Cycle
	// EUM and SMP hold the raw model output.
	EUM *EUMResult
	SMP *SMPResult
}

// DimForecast is the forecast on one dimension.
type DimForecast struct {
	Dim  int
	Name string
	// Point is the model's headline forecast: the compromise, the weighted
	// median, the Condorcet winner, the EUM's final Condorcet/median
	// position, or the SMP's capability·salience-weighted mean.
	Point float64
	// Mean and Median are the c·s-weighted mean and weighted median of the
	// final positions.
	Mean, Median float64
	// MostProbable is the final position most likely to win a
	// probabilistic Condorcet election among the final positions, with its
	// Probability (SMP: KTAB's own election; others: KTAB's default
	// election with risk-neutral utilities).
	MostProbable, Probability float64
	// Low and High bound the headline over a detected EUM cycle (equal to
	// Point otherwise).
	Low, High float64
	// Anchor places Point among the scale's anchors ("between S2 and
	// S3"); Nearest is the anchor nearest it (both empty without anchors).
	Anchor, Nearest string
}

// Event is one entry of a model's explanation log.
type Event struct {
	Round int
	Dim   int // −1 for multi-dimensional moves
	Kind  string
	Actor int // the actor that moves or challenges
	Other int // its counterpart
	Text  string
}

// Run runs the model named in o on t.
func Run(ctx context.Context, t *Table, o Options) (*Result, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := t.checkSize(o.Limits); err != nil {
		return nil, err
	}
	base, err := Baselines(t)
	if err != nil {
		return nil, err
	}
	res := &Result{Model: o.Model, Table: t, Baselines: base}
	switch o.Model {
	case ModelCompromise, ModelMedian, ModelCondorcet:
		res.fromBaselines()
	case ModelEUM:
		if o.EUM.Probability == "" && o.EUM.Votes == "" && o.EUM.Capitulation == "" && o.EUM.Selection == "" {
			o.EUM, res.Preset = EUMPresets["scholz-code"], "scholz-code"
		}
		o.EUM.Limits = o.Limits
		e, err := RunEUM(ctx, t, o.EUM)
		if err != nil {
			return nil, err
		}
		res.fromEUM(e)
	case ModelSMP:
		o.SMP.Limits = o.Limits
		s, err := RunSMP(ctx, t, o.SMP)
		if err != nil {
			return nil, err
		}
		res.fromSMP(s)
	default:
		return nil, fmt.Errorf("forecast: unknown model %q (want %s)", o.Model, strings.Join(Models, ", "))
	}
	for k := range res.Forecasts {
		f := &res.Forecasts[k]
		dim := t.Dims[f.Dim]
		f.Anchor = AnchorText(dim, f.Point)
		if a := NearestAnchor(dim, f.Point); a >= 0 {
			f.Nearest = AnchorID(dim.Anchors[a].Label)
		}
	}
	return res, nil
}

// fromBaselines fills a static model's result.
func (res *Result) fromBaselines() {
	t := res.Table
	res.Positions = [][][]float64{initialPositions(t)}
	for d, b := range res.Baselines {
		f := DimForecast{Dim: d, Name: t.Dims[d].Name, Mean: b.Compromise, Median: b.Median}
		switch res.Model {
		case ModelCompromise:
			f.Point = b.Compromise
		case ModelMedian:
			f.Point = b.Median
			if b.MedianTie {
				res.note("%s: the weighted median is tied: every point of [%g, %g] splits the weight in half; reporting the lowest", f.Name, b.Median, b.MedianHigh)
			}
		case ModelCondorcet:
			f.Point = b.Condorcet.Winner
			res.condorcetNote(f.Name, b.Condorcet)
		}
		f.Low, f.High = f.Point, f.Point
		f.MostProbable, f.Probability = mostProbable1D(t, d, res.Positions[0])
		res.Forecasts = append(res.Forecasts, f)
	}
}

func (res *Result) condorcetNote(name string, c Condorcet) {
	switch {
	case c.Exists:
	case len(c.Weak) > 0:
		res.note("%s: no strict Condorcet winner; positions %v beat or tie every other (tie)", name, c.Weak)
	default:
		res.note("%s: no Condorcet winner: the weighted majority preferences cycle", name)
	}
}

func (res *Result) note(format string, args ...any) {
	res.Notes = append(res.Notes, fmt.Sprintf(format, args...))
}

func initialPositions(t *Table) [][]float64 {
	out := make([][]float64, len(t.Actors))
	for i, a := range t.Actors {
		out[i] = make([]float64, len(t.Dims))
		for d := range t.Dims {
			out[i][d] = math.NaN()
			if a.Present(d) {
				out[i][d] = a.Position[d]
			}
		}
	}
	return out
}

// fromEUM assembles the per-dimension EUM tracks.
func (res *Result) fromEUM(e *EUMResult) {
	t := res.Table
	res.EUM = e
	for _, tr := range e.Dims {
		res.Rounds = max(res.Rounds, len(tr.Positions)-1)
	}
	for r := 0; r <= res.Rounds; r++ {
		pos := initialPositions(t)
		for _, tr := range e.Dims {
			row := tr.Positions[min(r, len(tr.Positions)-1)]
			for k, i := range tr.Actors {
				pos[i][tr.Dim] = row[k]
			}
		}
		res.Positions = append(res.Positions, pos)
	}
	for _, tr := range e.Dims {
		res.eumTrack(t, tr)
	}
}

func (res *Result) eumTrack(t *Table, tr EUMTrack) {
	d, last := tr.Dim, len(tr.Positions)-1
	f := DimForecast{Dim: d, Name: t.Dims[d].Name, Point: tr.Median[last], Mean: tr.Mean[last]}
	x, w, _ := t.column(d)
	copy(x, tr.Positions[last])
	f.Median, _, _ = weightedMedian(x, w)
	f.Low, f.High = f.Point, f.Point
	if tr.CyclePeriod > 0 {
		cyc := tr.Median[tr.CycleStart:]
		f.Low, f.High = slices.Min(cyc), slices.Max(cyc)
		means := tr.Mean[tr.CycleStart:]
		if c := eumCycle(t, &tr); c != nil {
			res.Cycles = append(res.Cycles, *c)
			res.note("%s; over the cycle the median ranges over [%.6g, %.6g] and the c·s mean over [%.6g, %.6g]",
				c.Text(), f.Low, f.High, slices.Min(means), slices.Max(means))
		} else {
			res.note("%s: the EUM converged after round %d", f.Name, tr.CycleStart)
		}
	}
	f.MostProbable, f.Probability = mostProbable1D(t, d, res.Positions[len(res.Positions)-1])
	res.Forecasts = append(res.Forecasts, f)
	for r, moves := range tr.Moves {
		for _, m := range moves {
			i, j := tr.Actors[m.Receiver], tr.Actors[m.Proposer]
			res.Explanation = append(res.Explanation, Event{Round: r + 1, Dim: d, Kind: m.Kind, Actor: i, Other: j,
				Text: eumMoveText(t, i, j, m)})
		}
	}
	res.Quad = append(res.Quad, tr.Quad...)
}

func eumMoveText(t *Table, i, j int, m EUMMove) string {
	verb := map[string]string{"confrontation": "loses a confrontation to", "compromise": "compromises with",
		"capitulation": "capitulates to"}[m.Kind]
	return fmt.Sprintf("%s %s %s: %.6g → %.6g (E(U) of challenging %.4g, of being challenged %.4g)",
		t.Actors[i].Name, verb, t.Actors[j].Name, m.From, m.To, m.EUij, m.EUji)
}

// fromSMP fills the result of an SMP run.
func (res *Result) fromSMP(s *SMPResult) {
	t := res.Table
	res.SMP, res.Rounds, res.Positions, res.Quad = s, s.Turns, s.Positions, s.Quad
	for k := range res.Quad {
		q := &res.Quad[k]
		q.Round, q.Dim, q.ActorName, q.RivalName = 1, -1, t.Actors[q.Actor].Name, t.Actors[q.Rival].Name
	}
	final := s.Positions[len(s.Positions)-1]
	probs := s.Probs[len(s.Probs)-1]
	best := 0
	for i := range probs {
		if probs[i] > probs[best] {
			best = i
		}
	}
	for d := range t.Dims {
		x, w, _ := t.column(d)
		for i := range x {
			x[i] = final[i][d]
		}
		f := DimForecast{Dim: d, Name: t.Dims[d].Name, Mean: weightedMean(x, w), MostProbable: final[best][d], Probability: probs[best]}
		f.Median, _, _ = weightedMedian(x, w)
		f.Point, f.Low, f.High = f.Mean, f.Mean, f.Mean
		res.Forecasts = append(res.Forecasts, f)
	}
	if s.Turns >= s.Options.MaxTurns {
		res.note("SMP stopped at the turn limit (%d) before positions settled", s.Options.MaxTurns)
	} else {
		res.note("SMP settled after %d turns (movement below %.0f%% of the first turn's)", s.Turns, 100*s.Options.StopRatio)
	}
	for _, turn := range s.Log {
		res.smpEvents(t, turn)
	}
}

func (res *Result) smpEvents(t *Table, turn SMPTurn) {
	name := func(i int) string { return t.Actors[i].Name }
	for _, c := range turn.Challenges {
		res.Explanation = append(res.Explanation, Event{Round: turn.Turn, Dim: -1, Kind: "challenge", Actor: c.Initiator, Other: c.Target,
			Text: fmt.Sprintf("%s challenges %s (estimated win probability %.3f, expected gain %.4f) and proposes %s → %s, %s → %s",
				name(c.Initiator), name(c.Target), c.Prob, c.Gain, name(c.Initiator), fmtVec(c.Init), name(c.Target), fmtVec(c.Rcvr))})
	}
	for _, c := range turn.Choices {
		if c.Initiator == c.Receiver {
			continue
		}
		other := c.Initiator
		if other == c.Actor {
			other = c.Receiver
		}
		res.Explanation = append(res.Explanation, Event{Round: turn.Turn, Dim: -1, Kind: "adopt", Actor: c.Actor, Other: other,
			Text: fmt.Sprintf("%s adopts the bargain %s:%s (probability %.3f among %d in its queue)",
				name(c.Actor), name(c.Initiator), name(c.Receiver), c.Prob, c.Queue)})
	}
}

func fmtVec(v []float64) string {
	s := make([]string, len(v))
	for k, x := range v {
		s[k] = fmt.Sprintf("%.4g", x)
	}
	if len(s) == 1 {
		return s[0]
	}
	return "(" + strings.Join(s, ", ") + ")"
}

// mostProbable1D runs a probabilistic Condorcet election among the
// distinct positions on dimension d and returns the most probable one: KTAB's
// default election (conditional, proportional votes, risk-neutral utilities
// 1 − |x_k − x|/range) with votes weighted by c·s, the weights of the
// baselines and the EUM. (In one dimension KTAB's own weights, capability
// alone, would ignore salience.)
func mostProbable1D(t *Table, d int, pos [][]float64) (float64, float64) {
	var x, c []float64
	for i, a := range t.Actors {
		if a.Present(d) && a.Salience[d] > 0 {
			x = append(x, pos[i][d])
			c = append(c, t.capSal(i, d))
		}
	}
	opts := slices.Clone(x)
	slices.Sort(opts)
	opts = slices.Compact(opts)
	if len(opts) == 0 {
		return math.NaN(), math.NaN()
	}
	if len(opts) == 1 {
		return opts[0], 1
	}
	wid := t.Dims[d].Max - t.Dims[d].Min
	n, m := len(x), len(opts)
	u := make([]float64, n*m)
	for k := range n {
		for j, o := range opts {
			u[k*m+j] = 1 - math.Min(1, math.Abs(x[k]-o)/wid)
		}
	}
	p, _, err := scalarPCE(n, m, c, u, VRProportional, VPMLinear, PCEConditional)
	if err != nil {
		return math.NaN(), math.NaN()
	}
	best := 0
	for j := range p {
		if p[j] > p[best] {
			best = j
		}
	}
	return opts[best], p[best]
}
