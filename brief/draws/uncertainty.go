package draws

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"

	"github.com/tablero-project/tablero/brief/equilibrium"
	"github.com/tablero-project/tablero/scenario"
	"github.com/tablero-project/tablero/uncertain"
)

// Sampling configures the uncertainty analysis of a brief: Monte Carlo over
// the scenario's uncertain parameters and sensitivity analysis.
type Sampling struct {
	Draws   int    // 0: no Monte Carlo
	Seed    uint64 // master seed; draw k uses PCG(Seed, k)
	Method  string // "mc" (default) or "lhs"
	Workers int    // 0: all cores; results do not depend on it
	// Sensitivity lists analyses to run besides the Monte Carlo and the
	// one-at-a-time tornado, which always runs: "sobol", "prim" ("tornado"
	// is accepted).
	Sensitivity []string
	SobolN      int     // base sample of Sobol (0: 1024)
	PrimCase    float64 // PRIM's case of interest: P(focus) at least this (0: the draws' 80th percentile)
	KeepRows    bool    // keep every draw (for CSV export)
	// Focus, when set, is the result or scenario the sensitivity analysis
	// details first instead of the scenario's solution.focus.
	Focus string
	// Replaced lists the parameters and multipliers whose declared
	// uncertainty the run replaced (--range, --dist); the brief lists them
	// at the top.
	Replaced []Replacement
	// Progress, when set, is called periodically with the work done and
	// the total of the current stage.
	Progress func(done, total int64)
	// Stage, when set, is called as each stage starts: "draws", "tornado",
	// "sobol", "prim".
	Stage func(name string)
}

// stage reports the start of a stage.
func (s Sampling) stage(name string) {
	if s.Stage != nil {
		s.Stage(name)
	}
}

// Uncertainty is what the uncertainty analysis found.
type Uncertainty struct {
	Draws  int      `json:"draws"`
	Seed   uint64   `json:"seed"`
	Method string   `json:"method"`
	Failed int64    `json:"failed"`
	Focus  string   `json:"focus"` // the result or scenario the sensitivity analysis details first
	Params []string `json:"params"`
	// Literals says how the literal scores and weights were sampled.
	Literals *Literals `json:"literals,omitempty"`
	// Replaced lists the parameters and multipliers whose declared
	// uncertainty this run replaced.
	Replaced []Replacement             `json:"replaced,omitempty"`
	Outputs  []uncertain.OutputSummary `json:"outputs,omitempty"`
	// Drivers are the three parameters whose range moves P(focus) most.
	Drivers []uncertain.TornadoBar `json:"drivers,omitempty"`
	Tornado []uncertain.TornadoBar `json:"tornado,omitempty"`
	// Reach says, per uncertain parameter, which engines it enters.
	Reach []Reach                `json:"reach,omitempty"`
	Sobol *uncertain.SobolResult `json:"sobol,omitempty"`
	Prim  *Prim                  `json:"prim,omitempty"`
	// Targets are the drivers, shape and regimes of every scenario and
	// result, from the same draws.
	Targets []Target `json:"targets,omitempty"`

	partial *uncertain.Partial
	tornado *uncertain.TornadoResult
	plays   *plays // the draws' plays, for the posterior (nil without evidence)
}

// Prim is a scenario-discovery result: where in parameter space the focus
// result is likely.
type Prim struct {
	Case   float64               `json:"case"` // a draw is a case when P(focus) is at least this
	Result *uncertain.PrimResult `json:"result"`
}

// Partial returns the raw Monte Carlo result (for merging or CSV export);
// nil without Monte Carlo.
func (u *Uncertainty) Partial() *uncertain.Partial { return u.partial }

// Params returns the scenario's uncertain parameters with their
// distributions, then the multipliers of its literal scores and weights
// with theirs (uniform over their declared relative range unless the
// scenario or the run gives another, see scenario.Multiplier.Dist), and
// the base point (each parameter's default, multipliers 1). A parameter base pins is left out: an override
// fixes it in every draw too, so the draws describe the world the override
// asks about.
func Params(m *scenario.Model, base scenario.Values) ([]uncertain.Param, []float64, error) {
	var ps []uncertain.Param
	var x []float64
	for _, p := range m.Scenario.Parameters {
		if _, pinned := base[p.ID]; pinned || !p.Uncertain() {
			continue
		}
		d, err := p.Dist()
		if err != nil {
			return nil, nil, fmt.Errorf("parameter %s: %w", p.ID, err)
		}
		ps = append(ps, uncertain.Param{Name: p.ID, Dist: d})
		x = append(x, p.Default)
	}
	for _, g := range m.Multipliers() {
		if _, pinned := base[g.ID]; pinned || !g.Uncertain() {
			continue
		}
		d, err := g.Dist()
		if err != nil {
			return nil, nil, fmt.Errorf("multiplier %s: %w", g.ID, err)
		}
		ps = append(ps, uncertain.Param{Name: g.ID, Dist: d})
		x = append(x, 1)
	}
	return ps, x, nil
}

// Evaluator turns a Drawer into an uncertain.EvalFunc that may be called
// concurrently: each call borrows one of a pool of Drawers. Parameters not
// in names keep their values in fixed.
func Evaluator(ctx context.Context, d *Drawer, names []string, fixed scenario.Values, workers int) uncertain.EvalFunc {
	pool := make(chan *Drawer, workers)
	for i := 0; i < workers; i++ {
		pool <- d.Clone()
	}
	return func(_ int, x, out []float64) error {
		dr := <-pool
		defer func() { pool <- dr }()
		v := make(scenario.Values, len(fixed)+len(x))
		for k, val := range fixed {
			v[k] = val
		}
		for i, name := range names {
			v[name] = x[i]
		}
		return dr.Eval(ctx, v, out)
	}
}

// Analyse runs the uncertainty analysis of m under s, each draw solved as
// opt says. With posterior set, the draws' plays are remembered for the
// Monte Carlo of a posterior (see Uncertainty.Posterior).
func Analyse(ctx context.Context, m *scenario.Model, opt Solver, s Sampling, posterior bool) (*Uncertainty, error) {
	for _, name := range s.Sensitivity {
		if !slices.Contains([]string{"tornado", "sobol", "prim"}, name) {
			return nil, fmt.Errorf("unknown sensitivity analysis %q: expected tornado, sobol or prim", name)
		}
	}
	params, base, err := Params(m, opt.Values)
	if err != nil {
		return nil, err
	}
	workers := s.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	d, err := NewDrawer(m, opt)
	if err != nil {
		return nil, err
	}
	if posterior && s.Draws > 0 {
		d.plays = newPlays(s.Draws) // for the posterior's Monte Carlo
	}
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.Name
	}
	eval := Evaluator(ctx, d, names, opt.Values, workers)
	focus, fo := focusOf(m, s.Focus, d.Outputs())
	if fo < 0 {
		return nil, fmt.Errorf("focus %q is neither a result nor a scenario", focus)
	}
	u := &Uncertainty{Draws: s.Draws, Seed: s.Seed, Method: s.Method, Focus: focus, Params: names,
		Literals: literals(m, opt.Values), Replaced: s.Replaced, plays: d.plays}
	nout := len(d.Outputs())
	if s.Draws > 0 || slices.Contains(s.Sensitivity, "prim") {
		s.stage("draws")
		if err := u.monteCarlo(ctx, d, params, eval, s, workers); err != nil {
			return nil, err
		}
	}
	if len(params) > 0 {
		s.stage("tornado")
		t, err := uncertain.Tornado(ctx, params, base, nout, eval, uncertain.TornadoOptions{Ranges: ranges(m, names), Workers: workers})
		if err != nil {
			return nil, fmt.Errorf("tornado: %w", err)
		}
		u.Tornado = t.Bars(fo)
		u.Reach = reach(m.Scenario, t, len(m.Scenario.Scenarios)+len(m.Scenario.Results))
		u.Drivers = u.Tornado[:min(3, len(u.Tornado))]
		u.tornado = t
	}
	if slices.Contains(s.Sensitivity, "sobol") && len(params) > 0 {
		n := s.SobolN
		if n <= 0 {
			n = 1024
		}
		s.stage("sobol")
		if u.Sobol, err = uncertain.Sobol(ctx, params, nout, eval, uncertain.SobolOptions{N: n, Seed: s.Seed, Workers: workers, Progress: s.Progress}); err != nil {
			return nil, fmt.Errorf("sobol: %w", err)
		}
	}
	if slices.Contains(s.Sensitivity, "prim") {
		s.stage("prim")
		if u.Prim, err = u.prim(fo, s.PrimCase); err != nil {
			return nil, err
		}
	}
	if u.Targets, err = u.targets(m); err != nil {
		return nil, err
	}
	return u, nil
}

// focusOf returns the focus's id and output index: a result, else a
// scenario of that id.
func focusOf(m *scenario.Model, focus string, outputs []string) (string, int) {
	s := m.Scenario
	if focus == "" {
		focus = s.Solution.Focus
	}
	if focus == "" {
		focus = s.Results[len(s.Results)-1].ID
	}
	if i := slices.Index(outputs, "result:"+focus); i >= 0 {
		return focus, i
	}
	return focus, slices.Index(outputs, "scenario:"+focus)
}

// ranges swings each parameter over its declared range (NaN: the 5th and
// 95th percentiles of its distribution), and each multiplier between the
// ends of its uncertainty (its whole range when it is drawn uniformly,
// else the same percentiles, see scenario.Multiplier.Low).
func ranges(m *scenario.Model, names []string) [][2]float64 {
	out := make([][2]float64, len(names))
	for i, name := range names {
		out[i] = [2]float64{math.NaN(), math.NaN()}
		for _, p := range m.Scenario.Parameters {
			if p.ID == name && len(p.Range) == 2 {
				out[i] = [2]float64{p.Range[0], p.Range[1]}
			}
		}
		for _, g := range m.Multipliers() {
			if g.ID == name {
				out[i] = [2]float64{g.Low(), g.High()}
			}
		}
	}
	return out
}

func (u *Uncertainty) monteCarlo(ctx context.Context, d *Drawer, params []uncertain.Param, eval uncertain.EvalFunc, s Sampling, workers int) error {
	if s.Draws <= 0 {
		s.Draws = 1000
		u.Draws = s.Draws
	}
	design, err := NewDesign(params, s)
	if err != nil {
		return err
	}
	u.Method = string(design.Method())
	keep := s.KeepRows || slices.Contains(s.Sensitivity, "prim") || s.Draws <= MaxTargetDraws
	p, err := uncertain.Run(ctx, design, Outputs(d), eval, uncertain.RunOptions{Workers: workers, Progress: s.Progress, KeepRows: keep})
	if err != nil {
		return err
	}
	u.partial = p
	u.Failed = p.Failed()
	u.Outputs = p.Summary(0.95).Outputs
	return nil
}

// NewDesign returns the sampling design of s over params.
func NewDesign(params []uncertain.Param, s Sampling) (*uncertain.Design, error) {
	method, err := uncertain.ParseMethod(s.Method)
	if err != nil {
		return nil, err
	}
	return uncertain.NewDesign(uncertain.DesignConfig{Params: params, Draws: s.Draws, Seed: s.Seed, Method: method})
}

// Sweep is a Monte Carlo run of a scenario that may be split into shards.
type Sweep struct {
	Design  *uncertain.Design
	Outputs []uncertain.Output
	Eval    uncertain.EvalFunc
	Workers int
}

// NewSweep prepares the Monte Carlo run of m under opt and s.
func NewSweep(ctx context.Context, m *scenario.Model, opt Solver, s Sampling) (*Sweep, error) {
	params, _, err := Params(m, opt.Values)
	if err != nil {
		return nil, err
	}
	d, err := NewDrawer(m, opt)
	if err != nil {
		return nil, err
	}
	design, err := NewDesign(params, s)
	if err != nil {
		return nil, err
	}
	workers := s.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &Sweep{Design: design, Outputs: Outputs(d), Eval: Evaluator(ctx, d, design.Names(), opt.Values, workers), Workers: workers}, nil
}

// Outputs describes the Drawer's outputs for the uncertainty engine.
func Outputs(d *Drawer) []uncertain.Output {
	var out []uncertain.Output
	for _, name := range d.Outputs() {
		kind := uncertain.Value
		if name[:6] == "scenar" || name[:6] == "result" || name[:6] == "hidden" {
			kind = uncertain.Probability
		}
		out = append(out, uncertain.Output{Name: name, Kind: kind})
	}
	return out
}

// prim looks for the region of parameter space where the focus result is
// likely: a draw is a case when P(focus) reaches the case threshold.
func (u *Uncertainty) prim(fo int, threshold float64) (*Prim, error) {
	rows := u.partial.Rows()
	if threshold <= 0 {
		threshold = u.partial.Percentile(fo, 0.8)
	}
	x := make([][]float64, len(rows))
	y := make([]float64, len(rows))
	for i, r := range rows {
		x[i] = r.X
		if r.Y[fo] >= threshold {
			y[i] = 1
		}
	}
	res, err := uncertain.PRIM(x, y, uncertain.PrimOptions{Threshold: 0.6})
	if err != nil {
		return nil, fmt.Errorf("prim: %w", err)
	}
	return &Prim{Case: threshold, Result: res}, nil
}

// WithIntervals sets each event's probability to its mean over the draws
// (sum, in the order of ps), with the interval of that mean and the
// spread of the draws, keeping the point value.
func WithIntervals(ps []equilibrium.Prob, sum []uncertain.OutputSummary) []equilibrium.Prob {
	out := make([]equilibrium.Prob, len(ps))
	for i, p := range ps {
		o := sum[i]
		at := p.Probability
		out[i] = equilibrium.Prob{Name: p.Name, Label: p.Label, Probability: o.Mean, Low: &o.Lo, High: &o.Hi, AtDefaults: &at,
			P05: Percentile(o, 0.05), P95: Percentile(o, 0.95)}
	}
	return out
}

// Percentile returns the q-th percentile of the draws o summarizes (nil
// when the summary does not hold it).
func Percentile(o uncertain.OutputSummary, q float64) *float64 {
	for _, p := range o.Percentiles {
		if p.P == q {
			v := p.Value
			return &v
		}
	}
	return nil
}
