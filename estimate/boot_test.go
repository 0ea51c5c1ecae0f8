package estimate

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

// TestBootstrapSE compares 100-replicate bootstrap SEs of the headline
// model with games' (an unseeded run of 100). Two independent estimates of
// a standard deviation from n replicates each differ by a normal error
// with sd σ·sqrt((κ-1)/(2n)), κ the kurtosis of the bootstrap
// distribution (estimated here); the test allows 3 of those.
func TestBootstrapSE(t *testing.T) {
	rows, col := peertest.CSV(t, filepath.Join(crisisDir, "egame12_m1_boot100_se.csv"))
	fit := headlineFit(t)
	b, err := fit.Boot(context.Background(), 100, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		j := slices.Index(fit.Names, row[col["param"]])
		want := num(t, row[col["se_boot100"]])
		x := column(b.Estimates, j)
		k := kurtosis(x)
		tol := 3 * b.SE[j] * math.Sqrt((k-1)/(2*float64(len(x))))
		if math.Abs(b.SE[j]-want) > tol {
			t.Errorf("%s: bootstrap SE %.4f, games %.4f (allowed ±%.4f, kurtosis %.1f)", fit.Names[j], b.SE[j], want, tol, k)
		} else {
			t.Logf("%s: bootstrap SE %.4f, games %.4f (±%.4f)", fit.Names[j], b.SE[j], want, tol)
		}
	}
}

// TestBootstrapDeterministic: the same seed gives the same replicates
// whatever the number of workers.
func TestBootstrapDeterministic(t *testing.T) {
	fit := headlineFit(t)
	a, err := fit.Boot(context.Background(), 6, 42, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fit.Boot(context.Background(), 6, 42, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(a.Estimates, b.Estimates, slices.Equal) {
		t.Error("bootstrap replicates depend on the number of workers")
	}
	c, _ := fit.Boot(context.Background(), 6, 43, 2)
	if slices.EqualFunc(a.Estimates, c.Estimates, slices.Equal) {
		t.Error("different seeds gave the same replicates")
	}
}

func kurtosis(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var m2, m4 float64
	for _, v := range x {
		d := (v - m) * (v - m)
		m2 += d
		m4 += d * d
	}
	m2 /= float64(len(x))
	m4 /= float64(len(x))
	return m4 / (m2 * m2)
}
