package estimate

import (
	"fmt"
	"math"
	"strings"

	"github.com/tablero-project/tablero/repro"
	"github.com/tablero-project/tablero/scenario"
	"gonum.org/v1/gonum/stat/distuv"
)

// Report is the JSON document of an estimation (tablero estimate --format
// json): the model, the estimates with their standard errors, the fit
// statistics and how to reproduce it.
type Report struct {
	Model   string `json:"model"`
	Formula string `json:"formula"`
	Link    Link   `json:"link"`
	Noise   Noise  `json:"noise"`
	Scale   string `json:"scale,omitempty"`
	Subset  string `json:"subset,omitempty"`
	// Data names the dataset and DataHash its SHA-256.
	Data     string   `json:"data"`
	DataHash string   `json:"data_hash"`
	N        int      `json:"n"`
	Dropped  int      `json:"dropped"`
	Outcomes []string `json:"outcomes"`
	// Coefficients lists every parameter, fixed ones included.
	Coefficients []Coefficient `json:"coefficients"`
	LogLik       float64       `json:"loglik"`
	AIC          float64       `json:"aic"`
	Method       string        `json:"method"`
	Iterations   int           `json:"iterations"`
	Evaluations  int           `json:"evaluations"`
	Status       string        `json:"status"`
	Converged    bool          `json:"converged"`
	// LocalID: the Hessian is negative definite.
	LocalID   bool         `json:"local_id"`
	Warnings  []string     `json:"warnings"`
	Bootstrap *BootSummary `json:"bootstrap,omitempty"`
	// Curve is a predProbs curve, when one was asked for.
	Curve *Curve        `json:"curve,omitempty"`
	Run   *repro.Record `json:"run,omitempty"`
}

// Coefficient is one parameter. SE, Z and P are null where the inverse
// Hessian gives no variance (or the parameter is fixed).
type Coefficient struct {
	Name     string   `json:"name"`
	Estimate float64  `json:"estimate"`
	SE       *float64 `json:"se"`
	Z        *float64 `json:"z"`
	P        *float64 `json:"p"`
	BootSE   *float64 `json:"boot_se,omitempty"`
	Fixed    bool     `json:"fixed"`
	// Param is the identifier of the scenario parameter written for it.
	Param string `json:"param,omitempty"`
}

// BootSummary describes the bootstrap behind the boot_se values.
type BootSummary struct {
	Reps   int    `json:"reps"`
	Seed   uint64 `json:"seed"`
	Failed int    `json:"failed"`
}

func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// NewReport describes a fit (and its bootstrap, if any) for data whose
// bytes hash to dataHash; prefix names the scenario parameters (see
// ParamID).
func NewReport(f *Fit, b *Bootstrap, dataHash, prefix string) *Report {
	r := &Report{Model: f.modelName(), Formula: f.Spec.Formula, Link: f.Spec.Link, Noise: f.Spec.Noise, Scale: f.Spec.Scale,
		Subset: f.Spec.Subset, Data: f.Data, DataHash: dataHash, N: f.N, Dropped: f.Dropped, Outcomes: f.Outcomes,
		LogLik: f.LogLik, AIC: f.AIC(), Method: f.Method, Iterations: f.Iterations, Evaluations: f.Evaluations,
		Status: f.Status, Converged: f.Converged, LocalID: f.LocalID, Warnings: append([]string{}, f.Warnings...)}
	ids := paramIDs(prefix, f.Names)
	for j, name := range f.Names {
		c := Coefficient{Name: name, Estimate: f.Estimate[j], Fixed: f.Fixed[j], SE: finite(f.SE[j])}
		if c.SE != nil {
			z := f.Estimate[j] / f.SE[j]
			p := 2 * distuv.UnitNormal.CDF(-math.Abs(z))
			c.Z, c.P = &z, &p
			c.Param = ids[j]
		}
		if b != nil {
			c.BootSE = finite(b.SE[j])
		}
		r.Coefficients = append(r.Coefficients, c)
	}
	if b != nil {
		r.Bootstrap = &BootSummary{Reps: b.Reps, Seed: b.Seed, Failed: b.Failed}
	}
	return r
}

func (f *Fit) modelName() string {
	if f.Spec.Tree != nil {
		return f.Spec.Tree.Name
	}
	return f.Spec.Model
}

// ScenarioParams returns the estimates as scenario parameters: each a
// normal distribution with the estimate as mean and its standard error as
// sd (the bootstrap SE when useBoot), provenance literature with a
// reference naming the dataset, its hash, the model and the formula, so
// that a Monte Carlo over the scenario carries the estimation uncertainty.
// Parameters without a finite positive SE (fixed, or not identified) are
// left out and listed in skipped.
func (r *Report) ScenarioParams(useBoot bool) (params []scenario.Param, skipped []string) {
	ref := fmt.Sprintf("estimated by tablero estimate from %s (%s): %s, %s link, %s noise, formula %q", r.Data, r.DataHash, r.Model, r.Link, r.Noise, r.Formula)
	if r.Scale != "" {
		ref += fmt.Sprintf(", scale %q", r.Scale)
	}
	if r.Subset != "" {
		ref += fmt.Sprintf(", subset %q", r.Subset)
	}
	ref += fmt.Sprintf("; n = %d, log-likelihood %.4f", r.N, r.LogLik)
	for _, c := range r.Coefficients {
		sd, kind := c.SE, "inverse-Hessian SE"
		if useBoot {
			sd, kind = c.BootSE, fmt.Sprintf("bootstrap SE (%d replicates, seed %d)", r.Bootstrap.Reps, r.Bootstrap.Seed)
		}
		if c.Fixed || c.Param == "" || sd == nil || *sd <= 0 {
			skipped = append(skipped, c.Name)
			continue
		}
		mean, s := c.Estimate, *sd
		unit := "utility"
		if strings.HasPrefix(c.Name, "log(") {
			unit = "log scale"
		}
		note := fmt.Sprintf("%s = %.6g, sd = %s %.4g", c.Name, mean, kind, s)
		if !r.LocalID {
			note += "; the Hessian was not negative definite, so this estimate may not be identified"
		}
		params = append(params, scenario.Param{
			ID: c.Param, Label: c.Name + " (estimated)", Default: mean, Unit: unit,
			Distribution: &scenario.Distribution{Kind: "normal", Mean: &mean, SD: &s},
			Provenance:   "literature", Reference: ref, Note: note,
		})
	}
	return params, skipped
}

// ParamID turns a coefficient name into a scenario identifier with the
// given prefix: "u1(~esc):(Intercept)" becomes prefix+"u1_not_esc_const".
func ParamID(prefix, name string) string {
	r := strings.NewReplacer("(Intercept)", "const", "~", "not_", ",", "_", ":", "_", "(", "_", ")", "")
	s := r.Replace(name)
	var b strings.Builder
	b.WriteString(prefix)
	last := '_'
	if prefix == "" {
		last = 0
	}
	for _, c := range s {
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !ok {
			c = '_'
		}
		if c == '_' && last == '_' {
			continue
		}
		b.WriteRune(c)
		last = c
	}
	id := strings.TrimRight(b.String(), "_")
	if id == "" || id[0] >= '0' && id[0] <= '9' {
		id = "p_" + id
	}
	return id
}

// paramIDs names every parameter, numbering repeats.
func paramIDs(prefix string, names []string) []string {
	seen := map[string]int{}
	out := make([]string, len(names))
	for j, n := range names {
		id := ParamID(prefix, n)
		seen[id]++
		if seen[id] > 1 {
			id = fmt.Sprintf("%s_%d", id, seen[id])
		}
		out[j] = id
	}
	return out
}
