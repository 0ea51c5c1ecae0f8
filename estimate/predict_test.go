package estimate

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

func headlineFit(t testing.TB) *Fit {
	t.Helper()
	fit, err := Estimate(context.Background(), Spec{Model: "egame12", Formula: headline}, readData(t, "war1800.csv"), Options{Method: "vmmin"})
	if err != nil {
		t.Fatal(err)
	}
	return fit
}

// TestPredictionsFirst20 compares per-dyad outcome and action
// probabilities with games' predict() for the headline model.
func TestPredictionsFirst20(t *testing.T) {
	rows, col := peertest.CSV(t, filepath.Join(crisisDir, "egame12_m1_predictions_first20.csv"))
	fit := headlineFit(t)
	pred, err := fit.Predict(nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		// columns 9-11: outcome probabilities; 12-15: action probabilities.
		want := []float64{num(t, row[9]), num(t, row[10]), num(t, row[11])}
		r := int(num(t, row[col["row"]])) - 1
		if pred.Rows[i] != r {
			t.Fatalf("prediction %d is for row %d, want %d", i, pred.Rows[i], r)
		}
		for k, w := range want {
			if g := pred.Outcome[i][k]; math.Abs(g-w) > 1e-5 {
				t.Errorf("row %d: Pr(%s) = %.8f, games %.8f", r+1, fit.Outcomes[k], g, w)
			}
		}
		acts := []float64{1 - pred.Action[i][0], pred.Action[i][0], 1 - pred.Action[i][1], pred.Action[i][1]}
		for k, g := range acts {
			if w := num(t, row[12+k]); math.Abs(g-w) > 1e-5 {
				t.Errorf("row %d: action probability %d = %.8f, games %.8f", r+1, k, g, w)
			}
		}
	}
}

// TestPredProbsCurve compares the curve over s_wt_re1 with games'
// predProbs (11 points, other variables at their mean, median or mode).
func TestPredProbsCurve(t *testing.T) {
	rows, col := peertest.CSV(t, filepath.Join(crisisDir, "egame12_m1_predProbs_s_wt_re1.csv"))
	fit := headlineFit(t)
	c, err := fit.PredProbs("s_wt_re1", len(rows))
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if x := num(t, row[col["s_wt_re1"]]); math.Abs(num(t, c.Values[i])-x) > 1e-12 {
			t.Errorf("point %d at %s, games %v", i, c.Values[i], x)
		}
		for k := range 3 {
			if w, g := num(t, row[k]), c.Prob[i][k]; math.Abs(g-w) > 1e-5 {
				t.Errorf("point %d: Pr(%s) = %.8f, games %.8f", i, fit.Outcomes[k], g, w)
			}
		}
	}
	for _, v := range []string{"balanc", "regime1", "regime2", "revis1"} {
		if g, w := c.Profile[v], rows[0][col[v]]; v != "balanc" && g != w {
			t.Errorf("profile %s = %s, games %s", v, g, w)
		}
	}
	if g, w := num(t, c.Profile["balanc"]), num(t, rows[0][col["balanc"]]); math.Abs(g-w) > 1e-12 {
		t.Errorf("profile balanc = %v, games %v", g, w)
	}
}
