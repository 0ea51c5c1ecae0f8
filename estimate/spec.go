package estimate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/tablero-project/tablero/internal/english"
)

// Errors a fit can wrap, for callers that branch on the kind of failure.
var (
	// ErrIdentification: a regressor enters every utility of a player
	// below one of its moves, so its coefficients cannot be told apart.
	ErrIdentification = errors.New("model not identified")
	// ErrSeparation: a move never varies, or the fitted probability of
	// observed moves reaches 1, so the estimates run off to infinity.
	ErrSeparation = errors.New("perfect separation")
	// ErrNotConverged: the optimiser stopped before convergence.
	ErrNotConverged = errors.New("estimation did not converge")
)

// Spec describes a model to fit: the game, the formula, the link and the
// noise, as the arguments of the games package's functions do.
type Spec struct {
	// Model is egame12, egame122, egame123 or ultimatum; ignored when Tree
	// is set.
	Model string `json:"model"`
	// Tree is a custom tree model (see FromGame).
	Tree *Tree `json:"-"`
	// Formula gives the responses and one equation per estimated utility,
	// in the order of Tree.Utilities (for ultimatum: the two reservation
	// values).
	Formula string `json:"formula"`
	Link    Link   `json:"link"`
	Noise   Noise  `json:"noise"`
	// Scale is an optional formula for the log scale of the shocks
	// ("~ balanc - 1"), one equation, or one per player with ScaleByPlayer.
	Scale         string `json:"scale,omitempty"`
	ScaleByPlayer bool   `json:"scale_by_player,omitempty"`
	// FixedUtils fixes every estimated utility at these values and
	// estimates only the scale (games' fixedUtils).
	FixedUtils []float64 `json:"fixed_utils,omitempty"`
	// Subset keeps the rows for which this expression (expr language, over
	// the row's columns; a missing value is nil) is true.
	Subset string `json:"subset,omitempty"`
	// NA says what to do with rows missing a value the model uses: omit
	// them (the default, as games' na.omit; Fit.Warnings says how many) or
	// fail, naming the first.
	NA string `json:"na,omitempty"`
	// Ultimatum: the range of offers and optionally fixed scales.
	MinOffer float64  `json:"min_offer,omitempty"`
	MaxOffer float64  `json:"max_offer,omitempty"`
	S1       *float64 `json:"s1,omitempty"`
	S2       *float64 `json:"s2,omitempty"`
	// StartZero starts the optimiser at zero instead of at statistical
	// backwards induction.
	StartZero bool `json:"start_zero,omitempty"`
}

// treeFor returns the tree of a tree model.
func (s *Spec) treeFor() (*Tree, error) {
	if s.Tree != nil {
		return s.Tree, nil
	}
	switch s.Model {
	case "egame12":
		return Egame12(), nil
	case "egame122":
		return Egame122(), nil
	case "egame123":
		return Egame123(), nil
	}
	return nil, fmt.Errorf("estimate: unknown model %q (want egame12, egame122, egame123 or ultimatum)", s.Model)
}

// built is a model ready to fit: the likelihood, parameter names, which are
// fixed, the observed outcomes' labels and the data frame behind them.
type built struct {
	prob    problem
	names   []string
	fixed   []bool
	labels  []string
	frame   *frame
	dropped int
	vars    []string
	eqs     []Equation // the equations as written, utilities then scales
	warn    []string
}

// loadFrame selects the rows the model uses, applying the subset and the
// missing-value policy.
func (s *Spec) loadFrame(d *Data, vars []string) (*frame, []string, error) {
	keep, err := subsetFunc(d, s.Subset)
	if err != nil {
		return nil, nil, err
	}
	fr, dropped, err := newFrame(d, vars, keep)
	if err != nil {
		return nil, nil, err
	}
	if dropped == 0 {
		return fr, nil, nil
	}
	switch s.NA {
	case "", "omit":
		return fr, []string{fmt.Sprintf("%d rows with missing values left out (the first: %s)", dropped, fr.firstMissing)}, nil
	case "fail":
		return nil, nil, fmt.Errorf("%s: missing value (%d rows have one)", fr.firstMissing, dropped)
	}
	return nil, nil, fmt.Errorf("estimate: unknown na policy %q (want omit or fail)", s.NA)
}

// subsetFunc compiles a subset expression.
func subsetFunc(d *Data, text string) (func(int) (bool, error), error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	prog, err := expr.Compile(text, expr.AsBool(), expr.AllowUndefinedVariables())
	if err != nil {
		return nil, fmt.Errorf("subset %q: %w", text, err)
	}
	return func(r int) (bool, error) { return runSubset(prog, d, r) }, nil
}

func runSubset(prog *vm.Program, d *Data, r int) (bool, error) {
	env := make(map[string]any, len(d.Columns))
	for _, c := range d.Columns {
		switch {
		case c.Missing[r]:
			env[c.Name] = nil
		case c.Factor:
			env[c.Name] = c.Str[r]
		default:
			env[c.Name] = c.Num[r]
		}
	}
	out, err := expr.Run(prog, env)
	if err != nil {
		return false, err
	}
	return out.(bool), nil
}

// varsOf lists the columns a set of equations and responses use.
func varsOf(responses []string, eqs []Equation) []string {
	vars := slices.Clone(responses)
	for _, e := range eqs {
		for _, t := range e.Terms {
			if !slices.Contains(vars, t) {
				vars = append(vars, t)
			}
		}
	}
	return vars
}

// build checks the spec against the data and assembles the likelihood.
func (s *Spec) build(d *Data) (*built, error) {
	if s.Model == "ultimatum" && s.Tree == nil {
		return s.buildUltimatum(d)
	}
	t, err := s.treeFor()
	if err != nil {
		return nil, err
	}
	if s.Link == "" {
		s.Link = Probit
	}
	if s.Noise == "" {
		s.Noise = Agent
	}
	if s.Link != Probit && s.Link != Logit {
		return nil, fmt.Errorf("estimate: unknown link %q (want probit or logit)", s.Link)
	}
	if s.Noise != Agent && s.Noise != Private {
		return nil, fmt.Errorf("estimate: unknown noise %q (want agent or private)", s.Noise)
	}
	if s.Link == Logit && s.Noise == Private {
		return nil, fmt.Errorf("estimate: the logit link cannot be used with private values (a weighted sum of logistic shocks is not logistic); use probit")
	}
	f, err := ParseFormula(s.Formula)
	if err != nil {
		return nil, err
	}
	nu := len(t.Utilities)
	utilEqs := f.Equations
	if s.FixedUtils != nil {
		if len(s.FixedUtils) != nu {
			return nil, fmt.Errorf("estimate: fixed utilities: %d values given, the model has %d utilities", len(s.FixedUtils), nu)
		}
		utilEqs = make([]Equation, nu)
		for i := range utilEqs {
			utilEqs[i] = Equation{Intercept: true}
		}
	} else if len(f.Equations) != nu {
		return nil, fmt.Errorf("estimate: formula %q has %d equations; %s needs %d (one per utility: %s)", s.Formula, len(f.Equations), t.Name, nu, t.utilityList())
	}
	scaleText := s.Scale
	if scaleText == "" && s.FixedUtils != nil {
		scaleText = "~ 1"
		if s.ScaleByPlayer {
			scaleText = "~ 1" + strings.Repeat(" | 1", len(t.Players)-1)
		}
	}
	var scaleEqs []Equation
	if scaleText != "" {
		if scaleEqs, err = ParseEquations(scaleText); err != nil {
			return nil, fmt.Errorf("estimate: scale formula %q: %w", scaleText, err)
		}
		want := 1
		if s.ScaleByPlayer {
			want = len(t.Players)
		}
		if len(scaleEqs) != want {
			return nil, fmt.Errorf("estimate: scale formula %q has %d equations; want %d", scaleText, len(scaleEqs), want)
		}
	}
	all := append(slices.Clone(utilEqs), scaleEqs...)
	vars := varsOf(f.Responses, all)
	fr, warn, err := s.loadFrame(d, vars)
	if err != nil {
		return nil, err
	}
	resp, err := treeResponse(fr, t, f.Responses)
	if err != nil {
		return nil, err
	}
	tp := &treeProblem{tree: t, link: s.Link, noise: s.Noise, y: resp.y, nu: nu, sbi: !s.StartZero && s.FixedUtils == nil}
	b := &built{prob: tp, labels: resp.labels, frame: fr, dropped: fr.dropped, vars: vars, eqs: all, warn: warn}
	prefix := make([]string, 0, len(all))
	for _, u := range t.Utilities {
		prefix = append(prefix, fmt.Sprintf("u%s(%s)", t.Players[u.Player], resp.labels[u.Outcome]))
	}
	scaleName := "log(sigma"
	if s.Link == Logit {
		scaleName = "log(lambda"
	}
	for g := range scaleEqs {
		if len(scaleEqs) == 1 {
			prefix = append(prefix, scaleName+")")
		} else {
			prefix = append(prefix, fmt.Sprintf("%s%d)", scaleName, g+1))
		}
	}
	for e, eq := range all {
		dz, err := fr.design(eq)
		if err != nil {
			return nil, err
		}
		tp.eqs = append(tp.eqs, dz)
		tp.off = append(tp.off, tp.np)
		tp.np += dz.K()
		for _, n := range dz.Names {
			switch {
			case e < nu && s.FixedUtils != nil:
				b.names = append(b.names, prefix[e])
			case e >= nu && len(dz.Names) == 1 && n == "(Intercept)":
				b.names = append(b.names, prefix[e])
			default:
				b.names = append(b.names, prefix[e]+":"+n)
			}
			b.fixed = append(b.fixed, e < nu && s.FixedUtils != nil)
		}
	}
	tp.scale = make([]int, len(t.Players))
	for p := range tp.scale {
		tp.scale[p] = -1
		if len(scaleEqs) == 1 {
			tp.scale[p] = nu
		} else if len(scaleEqs) > 1 {
			tp.scale[p] = nu + p
		}
	}
	tp.fixedStart = make([]float64, tp.np)
	for j := range tp.fixedStart {
		tp.fixedStart[j] = math.NaN()
		if b.fixed[j] {
			tp.fixedStart[j] = s.FixedUtils[j] // one intercept per utility
		}
	}
	if s.FixedUtils == nil {
		if err := identified(t, tp); err != nil {
			return nil, err
		}
	}
	if err := movesVary(t, tp, fr); err != nil {
		return nil, err
	}
	return b, nil
}

// utilityList names the utilities of a tree for messages.
func (t *Tree) utilityList() string {
	var out []string
	for _, u := range t.Utilities {
		out = append(out, fmt.Sprintf("player %s at outcome %d", t.Players[u.Player], u.Outcome+1))
	}
	return strings.Join(out, ", ")
}

// treeResponse reads the observed outcomes: one column whose distinct
// values are the outcomes in order, or one 0/1 column per move along a
// path (the first the first move, and so on).
func treeResponse(fr *frame, t *Tree, names []string) (response, error) {
	if len(names) == 1 {
		return fr.factorResponse(names[0], len(t.Outcomes))
	}
	depth := 0
	for _, o := range t.Outcomes {
		depth = max(depth, t.Nodes[o].Depth)
	}
	if len(names) != depth {
		return response{}, fmt.Errorf("estimate: %d response indicators given; %s needs one column of outcomes or %d move indicators (one per move along the deepest path)", len(names), t.Name, depth)
	}
	moves := make([][]int, len(names))
	for i, n := range names {
		m, err := fr.binary(n)
		if err != nil {
			return response{}, err
		}
		moves[i] = m
	}
	res := response{y: make([]int, len(fr.rows))}
	for i := range fr.rows {
		node := 0
		for d := 0; t.Nodes[node].Player >= 0; d++ {
			node = t.Nodes[node].Children[moves[d][i]]
		}
		res.y[i] = t.Nodes[node].Outcome
	}
	for k := range t.Outcomes {
		var parts []string
		for d, a := range t.paths[k].acts {
			if a == 0 {
				parts = append(parts, "~"+names[d])
			} else {
				parts = append(parts, names[d])
			}
		}
		res.labels = append(res.labels, strings.Join(parts, ","))
	}
	return res, nil
}

// identified applies the Lewis–Schultz condition as the games package
// does: no regressor may enter every utility of a player at the outcomes
// below one of its first moves, since adding the same amount to all of them
// changes no choice.
func identified(t *Tree, tp *treeProblem) error {
	for p := range t.Players {
		for _, n := range t.firstMoves(p) {
			var common []string
			first := true
			for _, o := range t.subtreeOutcomes(n) {
				slot := -1
				for s, u := range t.Utilities {
					if u.Player == p && u.Outcome == o && tp.eqs[s].K() > 0 {
						slot = s
					}
				}
				if slot < 0 {
					common = nil
					break
				}
				names := tp.eqs[slot].Names
				if first {
					common, first = slices.Clone(names), false
					continue
				}
				common = slices.DeleteFunc(common, func(x string) bool { return !slices.Contains(names, x) })
			}
			if len(common) > 0 {
				return fmt.Errorf("estimate: %w: %s %s in every utility of player %s at the outcomes after its move at node %d; drop %s from one of those equations (Lewis and Schultz 2003)", ErrIdentification, strings.Join(common, ", "), english.Agree(len(common), "appears", "appear"), t.Players[p], n+1, english.Agree(len(common), "it", "them"))
			}
		}
	}
	return nil
}

// movesVary fails when, at some move, the observations reaching it all
// made the same choice: the utilities behind it would diverge.
func movesVary(t *Tree, tp *treeProblem, fr *frame) error {
	for n, node := range t.Nodes {
		if node.Player < 0 {
			continue
		}
		var count [2]int
		for _, y := range tp.y {
			pc := t.paths[y]
			for idx, m := range pc.nodes {
				if m == n {
					count[pc.acts[idx]]++
				}
			}
		}
		if count[0] == 0 && count[1] == 0 {
			return fmt.Errorf("estimate: %w: no observation reaches player %s's move at node %d in %s", ErrSeparation, t.Players[node.Player], n+1, fr.data.Name)
		}
		for a := range 2 {
			if count[a] == 0 {
				return fmt.Errorf("estimate: %w: all %d observations reaching player %s's move at node %d chose action %d (%s); the utilities there cannot be estimated", ErrSeparation, count[1-a], t.Players[node.Player], n+1, 2-a, strconv.Quote(node.Actions[1-a]))
			}
		}
	}
	return nil
}
