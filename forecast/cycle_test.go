package forecast

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestTailCycle(t *testing.T) {
	cases := []struct {
		name          string
		rows          [][]float64
		start, period int
	}{
		{"exact 2-cycle", [][]float64{{0, 0}, {1, 2}, {2, 1}, {1, 2}, {2, 1}, {1, 2}}, 1, 2},
		{"converging oscillation", [][]float64{{40}, {30}, {68.18}, {58.61}, {68.18}, {58.7531}, {68.18}, {58.7527}, {68.18}, {58.7527}}, 4, 2},
		{"fixed point", [][]float64{{5}, {3}, {2}, {2}, {2}}, 2, 1},
		{"monotone drift", [][]float64{{1}, {2}, {3}, {4}, {5}, {6}}, 0, 0},
		{"3-cycle", [][]float64{{9}, {1}, {2}, {3}, {1}, {2}, {3}, {1}}, 1, 3},
		{"too short to tell", [][]float64{{1}, {2}, {1}}, 0, 0},
	}
	for _, c := range cases {
		s, p := tailCycle(c.rows, 0.01)
		if s != c.start || p != c.period {
			t.Errorf("%s: start %d period %d, want %d %d", c.name, s, p, c.start, c.period)
		}
	}
}

// TestEUMTwoCycle checks that an EUM run whose positions alternate to the
// last round (two actors trading 58.75 and 68.18, drifting in the fourth
// decimal so that no row repeats exactly) is reported as a 2-cycle, with
// the actors, their values and the range over the cycle, in Markdown and
// JSON.
func TestEUMTwoCycle(t *testing.T) {
	tb, err := ReadFile("testdata/two-cycle-eum.csv")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), tb, Options{Model: ModelEUM})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Cycles) != 1 {
		t.Fatalf("%d cycles, want 1 (notes %q)", len(r.Cycles), r.Notes)
	}
	c := r.Cycles[0]
	var who []string
	for _, a := range c.Actors {
		who = append(who, a.Name)
		lo, hi := slices.Min(a.Values), slices.Max(a.Values)
		if math.Abs(lo-58.75) > 0.01 || math.Abs(hi-68.18) > 0.01 {
			t.Errorf("%s cycles over [%g, %g], want [58.75, 68.18]", a.Name, lo, hi)
		}
	}
	if c.Period != 2 || !slices.Equal(who, []string{"Legislature", "Partner"}) || !c.Stable() || c.Tolerance == 0 {
		t.Errorf("cycle %+v (actors %v)", c, who)
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, r, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "58.75 in every phase of a 2-cycle") || !strings.Contains(md.String(), "| Legislature | 68.18 ↔ 58.75 |") {
		t.Errorf("Markdown does not report the cycle:\n%s", md.String())
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cycles []struct {
			Period int `json:"period"`
			Actors []struct {
				Actor string `json:"actor"`
			} `json:"actors"`
		} `json:"cycles"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cycles) != 1 || doc.Cycles[0].Period != 2 || len(doc.Cycles[0].Actors) != 2 {
		t.Errorf("JSON cycles %+v", doc.Cycles)
	}
}

// TestPointCheck checks the comparison of a point forecast with its own
// distribution over perturbed tables: the rank and the 5–95 % flag agree
// with the samples, and the explanation names the cycle of the
// unperturbed run.
func TestPointCheck(t *testing.T) {
	tb, err := ReadFile("testdata/two-cycle-eum.csv")
	if err != nil {
		t.Fatal(err)
	}
	s, err := RunSensitivity(context.Background(), tb, Options{Model: ModelEUM}, Shocks{Draws: 60, Seed: 7, Position: 0.1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Dims[0]
	c := d.Check
	if c == nil {
		t.Fatal("no point check")
	}
	below := 0.0
	for _, x := range d.Samples {
		if x < c.Point {
			below++
		} else if x == c.Point {
			below += 0.5
		}
	}
	if math.Abs(below/float64(len(d.Samples))-c.Rank) > 1e-12 {
		t.Errorf("rank %g, want %g", c.Rank, below/float64(len(d.Samples)))
	}
	if c.Outside != (c.Point < d.Point.P5 || c.Point > d.Point.P95) {
		t.Errorf("outside %v with point %g and range [%g, %g]", c.Outside, c.Point, d.Point.P5, d.Point.P95)
	}
	if !strings.Contains(c.Explanation, "percentile") {
		t.Errorf("explanation %q", c.Explanation)
	}
	if (c.Outside || math.Abs(c.Z) >= 1) && !strings.Contains(c.Explanation, "2-cycle") {
		t.Errorf("explanation of a far-out point misses the cycle: %q", c.Explanation)
	}
}

func TestAnchors(t *testing.T) {
	d := Dimension{Name: "x", Min: 0, Max: 100, Anchors: []Anchor{{20, "S1: a"}, {45, "S2: b"}, {70, "S3: c"}}}
	cases := []struct {
		x       float64
		text    string
		nearest int
	}{
		{58.75, "between S2 and S3", 2}, {45, "S2", 1}, {10, "below S1", 0}, {90, "beyond S3", 2}, {32.5, "between S1 and S2", 0},
	}
	for _, c := range cases {
		if got := AnchorText(d, c.x); got != c.text {
			t.Errorf("AnchorText(%g) = %q, want %q", c.x, got, c.text)
		}
		if got := NearestAnchor(d, c.x); got != c.nearest {
			t.Errorf("NearestAnchor(%g) = %d, want %d", c.x, got, c.nearest)
		}
	}
	sh := AnchorShares(d, []float64{10, 30, 50, 60, 90})
	if sh[0].Share != 0.4 || sh[1].Share != 0.2 || sh[2].Share != 0.4 || sh[1].Anchor != "S2" {
		t.Errorf("shares %+v", sh)
	}
}
