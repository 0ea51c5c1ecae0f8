package schema_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
)

// TestSummaryDocument validates summaries with and without Monte Carlo
// draws (the flagship's, with every block, in TestBriefDocument).
func TestSummaryDocument(t *testing.T) {
	sc, err := analysis.Load(filepath.Join(root, "analysis/testdata/deterrence.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, draws := range []int{0, 64} {
		r, err := analysis.Run(context.Background(), sc, analysis.Options{Draws: draws}, analysis.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		s := brief.Summarize(r.Brief)
		if len(s.Sentences) < 3 {
			t.Errorf("draws %d: sentences %q", draws, s.Sentences)
		}
		validate(t, "summary", s)
	}
	validate(t, "summary", brief.Summarize(&brief.Brief{}))
}
