package scenarios_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief/draws"
)

var analysed struct {
	once sync.Once
	r    *analysis.Result
	md   string
	err  error
}

// flagshipAnalysis runs (once for the tests) the trilateral flagship's
// analysis as tablero analyze does by default (1000 draws, seed 1), and
// renders its brief.
func flagshipAnalysis(t *testing.T) (*analysis.Result, string) {
	t.Helper()
	analysed.once.Do(func() {
		sc, err := analysis.Load(trilateral)
		if err != nil {
			analysed.err = err
			return
		}
		if analysed.r, err = analysis.Run(context.Background(), sc, analysis.DefaultOptions(), analysis.Hooks{}); err != nil {
			analysed.err = err
			return
		}
		var md bytes.Buffer
		analysed.err = analysed.r.Markdown(&md)
		analysed.md = md.String()
	})
	if analysed.err != nil {
		t.Fatal(analysed.err)
	}
	return analysed.r, analysed.md
}

// uncertaintyDoc returns docs/uncertainty.md with its white space
// collapsed, so that quoted sentences match across line breaks.
func uncertaintyDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../docs/uncertainty.md")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(b)), " ")
}

// TestUncertaintyDocClaims checks the numbers docs/uncertainty.md quotes
// of the trilateral flagship against one default analysis of it, at the
// precision the document prints them.
func TestUncertaintyDocClaims(t *testing.T) {
	r, md := flagshipAnalysis(t)
	doc := uncertaintyDoc(t)
	u := r.Uncertainty
	quotes := func(t *testing.T, claim string) {
		t.Helper()
		if !strings.Contains(doc, claim) {
			t.Errorf("docs/uncertainty.md does not say %q, which the analysis gives", claim)
		}
	}
	t.Run("inputs", func(t *testing.T) {
		scores, weights := 0, 0
		for _, g := range u.Literals.Multipliers {
			if strings.HasPrefix(g.ID, "scores:") {
				scores++
			} else {
				weights++
			}
		}
		params := len(u.Params) - scores - weights
		quotes(t, fmt.Sprintf("On the trilateral flagship this adds %d score and %d weight multipliers to its %d uncertain parameters.", scores, weights, params))
		quotes(t, fmt.Sprintf("%d × %d = %s evaluations on the trilateral flagship's %d inputs", 1024, len(u.Params)+2, thousands(1024*(len(u.Params)+2)), len(u.Params)))
	})
	t.Run("no effect", func(t *testing.T) {
		var inert []string
		for _, x := range u.Reach {
			if !x.Game && len(x.Engines) == 0 {
				inert = append(inert, "`"+x.Param+"`")
			}
		}
		quotes(t, fmt.Sprintf("on the trilateral flagship, %s moves no probability of the game and no other engine names it", strings.Join(inert, " and ")))
	})
	t.Run("shapes", func(t *testing.T) {
		s2 := target(t, u, "S2").Shape
		if s2 == nil || len(s2.Modes) != 2 || s2.Bimodal || s2.HighMass >= 0.05 || s2.Dip > 0.5 {
			t.Fatalf("S2's shape %+v: not a minor mode", s2)
		}
		quotes(t, fmt.Sprintf("keeps only a minor mode of S2 near %.2f (%.1f %% of the draws), and no scenario or result is bimodal", s2.Modes[1], 100*s2.HighMass))
		for _, x := range u.Targets {
			if x.Shape != nil && x.Shape.Bimodal {
				t.Errorf("%s is bimodal", x.Name)
			}
		}
	})
	t.Run("regime", func(t *testing.T) {
		m := regexp.MustCompile(`PRIM: (P\(S2\) ≥ [0-9.]+) when ([^(]+) \(`).FindStringSubmatch(md)
		if m == nil {
			t.Fatal("the brief gives no PRIM box for S2")
		}
		quotes(t, fmt.Sprintf("e.g. \"%s when %s\"", m[1], m[2]))
	})
	if draws.MaxTargetDraws != 20000 {
		t.Errorf("MaxTargetDraws = %d, docs/uncertainty.md says 20,000", draws.MaxTargetDraws)
	}
}

// target returns the drivers of one scenario or result.
func target(t *testing.T, u *draws.Uncertainty, name string) draws.Target {
	t.Helper()
	for _, x := range u.Targets {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no target %s", name)
	return draws.Target{}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
