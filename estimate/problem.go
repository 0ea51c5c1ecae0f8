package estimate

import "math"

// problem is a log-likelihood over a parameter vector, summed over
// observations.
type problem interface {
	// nobs is the number of observations.
	nobs() int
	// eval returns the log-likelihood at b; it adds the gradient to grad
	// when grad is not nil, and writes each observation's log-likelihood to
	// ll when ll is not nil.
	eval(b, grad, ll []float64) float64
	// resample returns the problem on the observations idx (with repeats).
	resample(idx []int) problem
	// start returns starting values (all parameters, fixed ones included).
	start() []float64
}

// treeProblem is the likelihood of a Tree model on data.
type treeProblem struct {
	tree  *Tree
	link  Link
	noise Noise
	y     []int
	// eqs are the regressors of the utility slots, then of the scale slots.
	eqs []*Design
	// off[e] is the position of equation e's coefficients in b.
	off []int
	nu  int // number of utility slots
	// scale[p] is the scale slot of player p or -1.
	scale []int
	// fixedStart holds the value of fixed parameters (NaN where free);
	// sbi says whether to start from statistical backwards induction.
	fixedStart []float64
	sbi        bool
	np         int
}

func (tp *treeProblem) nobs() int { return len(tp.y) }

func (tp *treeProblem) evaluator() *treeEval {
	t := tp.tree
	np, no := len(t.Players), len(t.Outcomes)
	util, fixed := make([][]int, np), make([][]float64, np)
	for p := range np {
		util[p], fixed[p] = make([]int, no), make([]float64, no)
		for k := range util[p] {
			util[p][k] = -1
		}
	}
	for s, u := range t.Utilities {
		if tp.eqs[s].K() > 0 {
			util[u.Player][u.Outcome] = s
		}
	}
	return newTreeEval(t, tp.link, tp.noise, util, fixed, tp.scale, len(tp.eqs))
}

// slots writes the slot values of observation i.
func (tp *treeProblem) slots(i int, b, s []float64) {
	for e, d := range tp.eqs {
		s[e] = d.Dot(i, b[tp.off[e]:])
	}
}

func (tp *treeProblem) eval(b, grad, ll []float64) float64 {
	ev := tp.evaluator()
	s := make([]float64, len(tp.eqs))
	var gs []float64
	if grad != nil {
		gs = make([]float64, len(tp.eqs))
	}
	total := 0.0
	for i, y := range tp.y {
		tp.slots(i, b, s)
		ev.solve(s, grad != nil)
		if gs != nil {
			clear(gs)
		}
		l := ev.logLik(y, gs)
		total += l
		if ll != nil {
			ll[i] = l
		}
		if gs == nil {
			continue
		}
		for e, d := range tp.eqs {
			g := gs[e]
			if g == 0 {
				continue
			}
			off := tp.off[e]
			for j, x := range d.Row(i) {
				grad[off+j] += g * x
			}
		}
	}
	return total
}

// probs returns the outcome probabilities and the probability of action R
// at every decision node, for every observation.
func (tp *treeProblem) probs(b []float64) (outcomes, actions [][]float64) {
	ev := tp.evaluator()
	s := make([]float64, len(tp.eqs))
	for i := range tp.y {
		tp.slots(i, b, s)
		ev.solve(s, false)
		o := make([]float64, len(tp.tree.Outcomes))
		ev.outcomeProbs(o)
		outcomes = append(outcomes, o)
		a := make([]float64, 0, len(tp.tree.Nodes))
		for n, node := range tp.tree.Nodes {
			if node.Player >= 0 {
				a = append(a, ev.p[n])
			}
		}
		actions = append(actions, a)
	}
	return outcomes, actions
}

func (tp *treeProblem) resample(idx []int) problem {
	out := *tp
	out.y = make([]int, len(idx))
	for i, r := range idx {
		out.y[i] = tp.y[r]
	}
	out.eqs = make([]*Design, len(tp.eqs))
	for e, d := range tp.eqs {
		out.eqs[e] = d.Subset(idx)
	}
	return &out
}

func (tp *treeProblem) start() []float64 {
	b := make([]float64, tp.np)
	if tp.sbi {
		tp.backwardsInduction(b)
		// a start that is huge or gives no finite likelihood helps no
		// optimiser: start at zero instead.
		v := tp.eval(b, nil, nil)
		bad := math.IsNaN(v) || math.IsInf(v, 0)
		for _, x := range b {
			bad = bad || math.Abs(x) > 1e6
		}
		if bad {
			clear(b)
		}
	}
	for j, v := range tp.fixedStart {
		if v == v { // not NaN: fixed
			b[j] = v
		}
	}
	return b
}
