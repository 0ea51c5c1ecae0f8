package negotiate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/testmem"
)

// manyIssues returns a domain of n yes/no issues and two opposed additive
// profiles over it, the second weighting the issues unevenly.
func manyIssues(n int) (*Domain, []*Profile) {
	d := &Domain{Name: "many"}
	ps := []*Profile{{Name: "a"}, {Name: "b"}}
	for i := range n {
		d.Issues = append(d.Issues, Issue{Name: fmt.Sprint("i", i), Kind: Discrete, Values: []string{"no", "yes"}})
		ps[0].Weights = append(ps[0].Weights, 1/float64(n))
		ps[0].Evaluators = append(ps[0].Evaluators, Evaluator{Kind: EvalTable, Table: []float64{0, 1}})
		ps[1].Weights = append(ps[1].Weights, float64(i%7+1))
		ps[1].Evaluators = append(ps[1].Evaluators, Evaluator{Kind: EvalTable, Table: []float64{1, 0}})
	}
	total := 0.0
	for _, w := range ps[1].Weights {
		total += w
	}
	for i := range ps[1].Weights {
		ps[1].Weights[i] /= total
	}
	return d, ps
}

// TestParetoSearchManyIssues searches a domain of 10^5 issues with a small
// stack (the search used to recurse once per issue) and a budget that
// charges each leaf its evaluation of every issue.
func TestParetoSearchManyIssues(t *testing.T) {
	d, ps := manyIssues(100_000)
	var (
		st  *SearchStats
		err error
	)
	testmem.ShallowStack(1<<20, func() {
		_, st, err = ParetoSearch(context.Background(), d, ps, SearchOptions{NodeBudget: 2_000_000})
	})
	if !errors.Is(err, ErrBudget) {
		t.Fatalf("ParetoSearch: %v, want ErrBudget", err)
	}
	if st.Leaves == 0 || st.Leaves > 20 {
		t.Errorf("%d leaves reached in %d nodes, want 1 to 20 (each costs 10^5 units of a budget of 2·10^6)", st.Leaves, st.Nodes)
	}
}

// TestParetoSearchCancelled checks that a cancelled search stops within
// bbCtxEvery nodes.
func TestParetoSearchCancelled(t *testing.T) {
	d, ps := manyIssues(100_000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, st, err := ParetoSearch(ctx, d, ps, SearchOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ParetoSearch with a cancelled context: %v, want context.Canceled", err)
	}
	if st.Nodes > bbCtxEvery {
		t.Errorf("cancelled search visited %d nodes, want at most %d", st.Nodes, bbCtxEvery)
	}
}

// TestAnalyzeSearchBudget checks that AnalyzeDomain passes its budget to
// the search (it used to search with the default of 50 million nodes).
func TestAnalyzeSearchBudget(t *testing.T) {
	d, ps := manyIssues(1000)
	_, _, err := AnalyzeDomain(context.Background(), d, ps, AnalyzeOptions{Search: true, Budget: 5000})
	if !errors.Is(err, ErrBudget) || !strings.Contains(err.Error(), "5000 units") {
		t.Fatalf("AnalyzeDomain with a budget of 5000: %v, want ErrBudget at 5000 units of work", err)
	}
}
