package forecast

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSensitivityIndependentOfWorkers(t *testing.T) {
	tb, err := ReadFile("testdata/three-actors-ktab.csv")
	if err != nil {
		t.Fatal(err)
	}
	sh := Shocks{Draws: 24, Seed: 9, Salience: 0.05, Capability: 0.2, Position: 0.05, Drop: 0.2}
	var got []string
	for _, w := range []int{1, 4} {
		sh.Workers = w
		s, err := RunSensitivity(context.Background(), tb, Options{Model: ModelSMP}, sh)
		if err != nil {
			t.Fatal(err)
		}
		dims, err := json.Marshal(s.Dims)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(string(dims), s.Dropped, s.Failed))
	}
	if got[0] != got[1] {
		t.Errorf("1 worker: %s\n4 workers: %s", got[0], got[1])
	}
}

func TestSensitivityDraws(t *testing.T) {
	tb, _ := ReadFile("testdata/five-actors-eum.csv")
	sh := Shocks{Draws: 200, Seed: 1, Drop: 0.4}
	s, err := RunSensitivity(context.Background(), tb, Options{Model: ModelCompromise}, sh)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range s.Dropped {
		total += n
	}
	if total < 200 || total > 600 { // about 0.4 × 5 × 200 = 400
		t.Errorf("%d actors dropped over 200 draws", total)
	}
	d := s.Dims[0]
	if d.Point.N != 200 || len(d.Samples) != 200 || !(d.Point.P5 < d.Point.P95) {
		t.Errorf("%+v", d.Point)
	}
	// no shocks at all: every draw equals the base forecast
	s, _ = RunSensitivity(context.Background(), tb, Options{Model: ModelMedian}, Shocks{Draws: 5})
	if p := s.Dims[0].Point; p.P5 != 40 || p.P95 != 40 || p.SD != 0 {
		t.Errorf("unperturbed draws: %+v", p)
	}
}

func TestPerturbKeepsTwoActors(t *testing.T) {
	tb := oneDim([3]float64{1, 0, 1}, [3]float64{1, 100, 1}, [3]float64{1, 50, 1})
	sh := Shocks{Draws: 1, Drop: 0.99}
	for k := range 50 {
		pt, _ := sh.perturb(tb, k)
		if len(pt.Actors) < 2 {
			t.Fatalf("draw %d left %d actors", k, len(pt.Actors))
		}
	}
}

func TestPerturbRanges(t *testing.T) {
	s, _ := ParseSpec([]byte(miniSpec))
	tb, _ := s.Table()
	sh := Shocks{Draws: 1, Ranges: true}
	for k := range 100 {
		pt, _ := sh.perturb(tb, k)
		a := pt.Actors[0]
		if a.Capability < 5 || a.Capability > 20 || a.Position[0] < 10 || a.Position[0] > 30 || a.Salience[0] != 0.5 {
			t.Fatalf("draw %d: %+v", k, a)
		}
	}
	if _, err := RunSensitivity(context.Background(), oneDim([3]float64{1, 0, 1}, [3]float64{1, 9, 1}), Options{Model: ModelMedian}, sh); err == nil {
		t.Error("ranges without ranges accepted")
	}
}

func TestShocksValidate(t *testing.T) {
	tb := oneDim([3]float64{1, 0, 1}, [3]float64{1, 9, 1})
	for _, sh := range []Shocks{{}, {Draws: 1, Salience: -1}, {Draws: 1, Drop: 1}, {Draws: 1 << 30}} {
		if _, err := RunSensitivity(context.Background(), tb, Options{Model: ModelMedian}, sh); err == nil {
			t.Errorf("%+v accepted", sh)
		}
	}
}

// reportFixture runs the SMP and a sensitivity analysis on the flagship.
func reportFixture(t *testing.T, model string) (*Result, *Sensitivity) {
	t.Helper()
	tb, err := ReadFile(flagshipSpec)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Model: model, EUM: EUMPresets["scholz-code"]}
	r, err := Run(context.Background(), tb, o)
	if err != nil {
		t.Fatal(err)
	}
	s, err := RunSensitivity(context.Background(), tb, o, Shocks{Draws: 8, Seed: 1, Salience: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	return r, s
}

func TestWriteMarkdown(t *testing.T) {
	for _, m := range Models {
		r, s := reportFixture(t, m)
		var b bytes.Buffer
		if err := WriteMarkdown(&b, r, s); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, want := range []string{"# Forecast: Level of US military", "## Forecast", "## Uncertainty", "## Baselines", "(between S"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: report lacks %q", m, want)
			}
		}
		if (m == ModelEUM || m == ModelSMP) && (!strings.Contains(out, "## Explanation") || !strings.Contains(out, "## Quad map") || !strings.Contains(out, "## Positions by round")) {
			t.Errorf("%s: dynamic model report lacks explanation, quad map or positions", m)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	r, s := reportFixture(t, ModelSMP)
	var b bytes.Buffer
	if err := WriteJSON(&b, r, s); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Model    string
		Forecast []struct {
			Dimension    string
			Point        float64
			MostProbable *float64 `json:"most_probable"`
		} `json:"forecasts"`
		Positions   [][][]*float64
		Explanation []struct{ Round int }
		Quad        []struct{ Region string }
		Sensitivity struct {
			Dimensions []struct{ Point struct{ P5, P95 float64 } }
		}
		Parameters map[string]string
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Model != "smp" || len(doc.Forecast) != 1 || doc.Forecast[0].MostProbable == nil || len(doc.Positions) != r.Rounds+1 ||
		len(doc.Explanation) == 0 || len(doc.Quad) != 72 || doc.Parameters["VotingRule"] != "Prop" ||
		!(doc.Sensitivity.Dimensions[0].Point.P5 <= doc.Sensitivity.Dimensions[0].Point.P95) {
		t.Errorf("json: %+v", doc)
	}
	// NaN (absent actors) is null
	tb, _ := ReadFile("testdata/three-actors-decide.tsv")
	rr, _ := Run(context.Background(), tb, Options{Model: ModelCompromise})
	b.Reset()
	if err := WriteJSON(&b, rr, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "null") {
		t.Error("absent position is not null")
	}
}

func TestWriteCSV(t *testing.T) {
	r, s := reportFixture(t, ModelEUM)
	var b bytes.Buffer
	if err := WriteCSV(&b, r, s); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, row := range rows[1:] {
		kinds[row[0]]++
	}
	if rows[0][0] != "kind" || kinds["position"] != 9*(r.Rounds+1) || kinds["forecast-point"] != 1 || kinds["sensitivity-p95"] != 1 {
		t.Errorf("csv kinds %v", kinds)
	}
}
