package negotiate

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// rawSpace builds a space from explicit utility vectors (one outcome per
// row) over a single discrete issue.
func rawSpace(rows [][]float64, rv []float64) *Space {
	n := len(rows)
	d := &Domain{Name: "raw", Issues: []Issue{{Name: "o", Kind: Discrete}}}
	for i := 0; i < n; i++ {
		d.Issues[0].Values = append(d.Issues[0].Values, string(rune('A'+i%26))+string(rune('a'+i/26%26))+string(rune('0'+i/676)))
	}
	np := len(rows[0])
	s := &Space{Domain: d, N: n, U: make([][]float64, np)}
	for p := 0; p < np; p++ {
		t := make([]float64, n)
		for i := range rows {
			t[i] = rows[i][p]
		}
		pr := &Profile{Name: string(rune('a' + p)), Weights: []float64{1}, Evaluators: []Evaluator{{Kind: EvalTable, Table: t}}}
		if rv != nil {
			pr.Reservation = rv[p]
		}
		s.Profiles = append(s.Profiles, pr)
		u, _ := Compile(d, pr)
		s.Ufuns = append(s.Ufuns, u)
		s.U[p] = t
	}
	return s
}

// bruteFrontier is the O(N²) definition (exact comparisons), as sets of
// outcome ids per distinct vector.
func bruteFrontier(s *Space, rational bool) map[string][]int64 {
	out := map[string][]int64{}
	rv := s.Reservations()
	ok := func(i int) bool {
		if !rational {
			return true
		}
		for p := range s.U {
			if s.U[p][i] < rv[p] {
				return false
			}
		}
		return true
	}
	for i := 0; i < s.N; i++ {
		if !ok(i) {
			continue
		}
		dom := false
		for j := 0; j < s.N && !dom; j++ {
			if j == i || !ok(j) {
				continue
			}
			ge, gt := true, false
			for p := range s.U {
				if s.U[p][j] < s.U[p][i] {
					ge = false
				}
				if s.U[p][j] > s.U[p][i] {
					gt = true
				}
			}
			dom = ge && gt
		}
		if !dom {
			key := fmtU(s.Utilities(i))
			out[key] = append(out[key], int64(i))
		}
	}
	return out
}

func TestParetoAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 60; trial++ {
		np := 2 + trial%3
		n := 1 + rng.IntN(300)
		rows := make([][]float64, n)
		for i := range rows {
			rows[i] = make([]float64, np)
			for p := range rows[i] {
				// coarse values make ties and duplicates frequent
				rows[i][p] = float64(rng.IntN(8)) / 7
			}
		}
		rv := make([]float64, np)
		for p := range rv {
			rv[p] = float64(rng.IntN(3)) / 7
		}
		s := rawSpace(rows, rv)
		for _, rational := range []bool{false, true} {
			got, err := Pareto(context.Background(), s, ParetoOptions{Rational: rational})
			if err != nil {
				t.Fatal(err)
			}
			want := bruteFrontier(s, rational)
			if len(got) != len(want) {
				t.Fatalf("trial %d (n=%d, %d parties, rational %v): %d points, want %d", trial, n, np, rational, len(got), len(want))
			}
			for _, p := range got {
				w, ok := want[fmtU(p.U)]
				if !ok || !slices.Equal(w, p.Outcomes) {
					t.Fatalf("trial %d: point %v outcomes %v, want %v", trial, p.U, p.Outcomes, w)
				}
			}
			for i := 1; i < len(got); i++ {
				if sum(got[i].U) > sum(got[i-1].U)+1e-12 {
					t.Fatalf("not sorted by welfare")
				}
			}
		}
	}
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

func TestParetoTolerance(t *testing.T) {
	s := rawSpace([][]float64{{0.5, 0.5}, {0.5 + 1e-16*4, 0.5 - 1e-16*4}, {0.2, 0.9}, {0.2, 0.9}}, nil)
	exact, _ := Pareto(context.Background(), s, ParetoOptions{})
	tol, _ := Pareto(context.Background(), s, ParetoOptions{Tol: 1e-12})
	if len(exact) != 3 || len(tol) != 2 {
		t.Fatalf("exact %d points, tolerant %d", len(exact), len(tol))
	}
	for _, p := range tol {
		if p.U[0] == 0.2 && !slices.Equal(p.Outcomes, []int64{2, 3}) {
			t.Errorf("tied outcomes %v", p.Outcomes)
		}
		if p.U[1] > 0.45 && p.U[1] < 0.55 && len(p.Outcomes) != 2 {
			t.Errorf("near-equal outcomes not grouped: %v", p.Outcomes)
		}
	}
}

func TestSolutionsConventions(t *testing.T) {
	// FiftyFifty-like: u2 = 1 − u1 on 11 points, plus a dominated point
	var rows [][]float64
	for k := 0; k <= 10; k++ {
		rows = append(rows, []float64{float64(k) / 10, 1 - float64(k)/10})
	}
	rows = append(rows, []float64{0.1, 0.1})
	tests := []struct {
		name       string
		rv         []float64
		conv       Convention
		frontier   int
		nash, ks   [][]float64
		disagree   []float64
		maxWelfare int
	}{
		{"negmas rv 0", []float64{0, 0}, NegMAS, 11, [][]float64{{0.5, 0.5}}, [][]float64{{0.5, 0.5}}, []float64{0, 0}, 11},
		{"genius rv 0", []float64{0, 0}, GENIUS, 11, [][]float64{{0.5, 0.5}}, [][]float64{{0.5, 0.5}}, []float64{0, 0}, 11},
		{"negmas rv (0.3, 0.05)", []float64{0.3, 0.05}, NegMAS, 7, [][]float64{{0.6, 0.4}}, [][]float64{{0.6, 0.4}}, []float64{0.3, 0.05}, 7},
		{"genius rv (0.3, 0.05)", []float64{0.3, 0.05}, GENIUS, 11, [][]float64{{0.6, 0.4}}, [][]float64{{0.5, 0.5}}, []float64{0.3, 0.05}, 11},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Analyze(context.Background(), rawSpace(rows, tc.rv), tc.conv, AnalysisOptions{Eps: 1e-9})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Frontier) != tc.frontier {
				t.Errorf("frontier %d, want %d", len(a.Frontier), tc.frontier)
			}
			if !sameSets(utilsOf(a.Nash), tc.nash, 1e-9) {
				t.Errorf("nash %v, want %v", utilsOf(a.Nash), tc.nash)
			}
			if !sameSets(utilsOf(a.KS), tc.ks, 1e-9) {
				t.Errorf("ks %v, want %v", utilsOf(a.KS), tc.ks)
			}
			if !closeVec(a.Disagreement, tc.disagree, 1e-12) {
				t.Errorf("disagreement %v", a.Disagreement)
			}
			if len(a.MaxWelfare) != tc.maxWelfare {
				t.Errorf("max welfare ties %d, want %d", len(a.MaxWelfare), tc.maxWelfare)
			}
		})
	}
}

func TestOppositionAndRationalFraction(t *testing.T) {
	s := rawSpace([][]float64{{1, 0}, {0.5, 0.5}, {0, 1}, {0.2, 0.2}}, []float64{0, 0})
	a, _ := Analyze(context.Background(), s, NegMAS, AnalysisOptions{})
	if math.Abs(a.Opposition-math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("opposition %v", a.Opposition)
	}
	if a.RationalFraction != 0.5 { // (1,0) and (0,1) are not strictly rational
		t.Errorf("rational fraction %v", a.RationalFraction)
	}
}

func TestParetoSearchSmall(t *testing.T) {
	d := mustDomain(t, semDomain)
	p1, _ := ReadProfileXML(stringsReader(semProfile), d, XMLOptions{})
	p2 := &Profile{Name: "other", Weights: []float64{0.2, 0.5, 0.3}, Evaluators: []Evaluator{
		{Kind: EvalTable, Table: []float64{1, 0.2, 0.6}}, {Kind: EvalLinear, Slope: -0.2, Offset: 1}, {Kind: EvalTriangular, Low: 2, Top: 5, High: 8}}}
	p2.Rects = []Rect{{Utility: 0.1, Bounds: []Bound{{Issue: 0, Lo: 1, Hi: 2}, {Issue: 1, Lo: 3, Hi: 4}}}}
	s, err := Evaluate(context.Background(), d, []*Profile{p1, p2}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Pareto(context.Background(), s, ParetoOptions{})
	got, _, err := ParetoSearch(context.Background(), d, []*Profile{p1, p2}, SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !sameSets(utilsOf(got), utilsOf(want), 0) || len(got) != len(want) {
		t.Errorf("search %v, enumeration %v", utilsOf(got), utilsOf(want))
	}
	if _, _, err := ParetoSearch(context.Background(), d, []*Profile{p1, p2}, SearchOptions{NodeBudget: 3}); err == nil {
		t.Error("expected a budget error")
	}
}

func TestTooLarge(t *testing.T) {
	d := &Domain{Name: "big"}
	for i := 0; i < 12; i++ {
		d.Issues = append(d.Issues, Issue{Name: string(rune('a' + i)), Kind: Integer, Min: 0, Max: 9})
	}
	p := &Profile{Weights: make([]float64, 12), Evaluators: make([]Evaluator, 12)}
	for i := range p.Evaluators {
		p.Evaluators[i] = Evaluator{Kind: EvalLinear, Slope: 0.1}
		p.Weights[i] = 1.0 / 12
	}
	if _, err := Evaluate(context.Background(), d, []*Profile{p}, 0); err == nil {
		t.Fatal("expected ErrTooLarge")
	}
}
