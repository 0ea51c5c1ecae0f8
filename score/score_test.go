package score

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

const tol = 1e-12

func near(a, b float64) bool { return math.Abs(a-b) <= tol }

func TestBrierAndLog(t *testing.T) {
	for _, c := range []struct {
		p          []float64
		o          int
		brier, log float64
	}{
		{[]float64{1, 0, 0}, 0, 0, 0},
		{[]float64{0, 1, 0}, 0, 2, -math.Log(LogFloor)},
		{[]float64{0.5, 0.5}, 1, 0.5, math.Ln2},
		{[]float64{1. / 3, 1. / 3, 1. / 3}, 2, 2. / 3, math.Log(3)},
		{[]float64{0.7, 0.2, 0.1}, 0, 0.14, -math.Log(0.7)},
	} {
		if got := Brier(c.p, c.o); !near(got, c.brier) {
			t.Errorf("Brier(%v, %d) = %v, want %v", c.p, c.o, got, c.brier)
		}
		if got := Log(c.p, c.o); !near(got, c.log) {
			t.Errorf("Log(%v, %d) = %v, want %v", c.p, c.o, got, c.log)
		}
	}
}

func readSet(t *testing.T) *Set {
	t.Helper()
	b, err := os.ReadFile("testdata/questions.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ReadJSON("questions.json", b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The test set's scores, computed by hand (see the comments).
func TestEvaluate(t *testing.T) {
	s := readSet(t)
	rep, err := Evaluate(s.Questions, s.Forecasts, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []QuestionScore{
		// q1: final (0.7, 0.2, 0.1), deal: 0.09 + 0.04 + 0.01. Days 1–4
		// January (closes at midnight on the 5th): (0.5, 0.3, 0.2) stands on
		// the 1st and 2nd (0.38 each), the 3rd's last forecast (0.7, 0.2,
		// 0.1) on the 3rd and 4th (0.14 each); the forecast after the close
		// is ignored: (0.38·2 + 0.14·2)/4 = 0.26.
		{QuestionID: "q1", ScenarioID: "A", Outcome: "deal", Forecasts: 3, Days: 4, Brier: 0.14, Log: -math.Log(0.7), TimeAveragedBrier: 0.26},
		// q2: resolved "no" on 3 January at noon, before its close: the
		// forecast after that is ignored; (0.6, 0.4) stands on the 2nd and
		// 3rd: 0.36 + 0.36 = 0.72.
		{QuestionID: "q2", ScenarioID: "A", Outcome: "no", Forecasts: 1, Days: 2, Brier: 0.72, Log: -math.Log(0.4), TimeAveragedBrier: 0.72},
		// q3: a certain forecast of the wrong option, one day.
		{QuestionID: "q3", ScenarioID: "B", Outcome: "a", Forecasts: 1, Days: 1, Brier: 2, Log: -math.Log(1e-6), TimeAveragedBrier: 2},
	}
	if len(rep.Questions) != len(want) {
		t.Fatalf("%d scored questions, want %d: %+v", len(rep.Questions), len(want), rep.Questions)
	}
	for i, w := range want {
		g := rep.Questions[i]
		if g.QuestionID != w.QuestionID || g.ScenarioID != w.ScenarioID || g.Outcome != w.Outcome || g.Forecasts != w.Forecasts ||
			g.Days != w.Days || !near(g.Brier, w.Brier) || !near(g.Log, w.Log) || !near(g.TimeAveragedBrier, w.TimeAveragedBrier) {
			t.Errorf("question %d: %+v, want %+v", i, g, w)
		}
	}
	if u := rep.Unscored; len(u) != 2 || u[0] != (Unscored{"q4", "not resolved"}) || u[1].QuestionID != "q5" {
		t.Errorf("unscored %+v", u)
	}
	logs := []float64{-math.Log(0.7), -math.Log(0.4), -math.Log(1e-6)}
	checkSummary(t, "overall", rep.Overall, Summary{3, (0.14 + 0.72 + 2) / 3, (logs[0] + logs[1] + logs[2]) / 3, (0.26 + 0.72 + 2) / 3})
	if len(rep.Scenarios) != 2 || rep.Scenarios[0].ScenarioID != "A" || rep.Scenarios[1].ScenarioID != "B" {
		t.Fatalf("scenarios %+v", rep.Scenarios)
	}
	checkSummary(t, "A", rep.Scenarios[0].Summary, Summary{2, 0.43, (logs[0] + logs[1]) / 2, 0.49})
	checkSummary(t, "B", rep.Scenarios[1].Summary, Summary{1, 2, logs[2], 2})

	// Calibration of the final forecasts, 7 binary events in 5 bins:
	// [0, .2): 0 (happened), .1 → mean .05, observed .5; [.2, .4): .2 → 0;
	// [.4, .6): .4 (happened) → 1; [.6, .8): .6, .7 (happened) → mean .65,
	// observed .5; [.8, 1]: 1 → 0.
	c := rep.Calibration
	wantBins := []Bin{{0, 0.2, 2, 0.05, 0.5}, {0.2, 0.4, 1, 0.2, 0}, {0.4, 0.6, 1, 0.4, 1}, {0.6, 0.8, 2, 0.65, 0.5}, {0.8, 1, 1, 1, 0}}
	if c.Events != 7 || len(c.Bins) != 5 || len(c.Points) != 5 {
		t.Fatalf("calibration %+v", c)
	}
	for i, w := range wantBins {
		g := c.Bins[i]
		if !near(g.Low, w.Low) || !near(g.High, w.High) || g.Count != w.Count || !near(g.MeanForecast, w.MeanForecast) || !near(g.Observed, w.Observed) {
			t.Errorf("bin %d: %+v, want %+v", i, g, w)
		}
		if p := c.Points[i]; !near(p.X, w.MeanForecast) || !near(p.Y, w.Observed) || p.N != w.Count {
			t.Errorf("point %d: %+v", i, p)
		}
	}
	// (2·.45² + .2² + .6² + 2·.15² + 1²)/7
	if !near(c.Reliability, 1.85/7) {
		t.Errorf("reliability %v, want %v", c.Reliability, 1.85/7)
	}
}

func checkSummary(t *testing.T, name string, got, want Summary) {
	t.Helper()
	if got.Questions != want.Questions || !near(got.Brier, want.Brier) || !near(got.Log, want.Log) || !near(got.TimeAveragedBrier, want.TimeAveragedBrier) {
		t.Errorf("%s: %+v, want %+v", name, got, want)
	}
}

func TestCalibrateEdges(t *testing.T) {
	c := Calibrate([]Event{{0.3, true}, {0.7, false}, {1, true}, {0, false}}, 10)
	for _, want := range []struct{ bin, count int }{{3, 1}, {7, 1}, {9, 1}, {0, 1}} {
		if c.Bins[want.bin].Count != want.count {
			t.Errorf("bin %d: %+v", want.bin, c.Bins[want.bin])
		}
	}
	if c := Calibrate(nil, 0); len(c.Bins) != DefaultBins || c.Events != 0 || c.Reliability != 0 || len(c.Points) != 0 {
		t.Errorf("empty: %+v", c)
	}
}

func TestInvalid(t *testing.T) {
	q := Question{ID: "q", Statement: "s", Close: time.Unix(100, 0), Options: []string{"a", "b"}}
	at := time.Unix(50, 0)
	for _, c := range []struct {
		name string
		f    Forecast
		want string
	}{
		{"outside", Forecast{QuestionID: "q", At: at, Probabilities: map[string]float64{"a": 1.2, "b": -0.2}}, "outside [0, 1]"},
		{"sum", Forecast{QuestionID: "q", At: at, Probabilities: map[string]float64{"a": 0.5, "b": 0.6}}, "sum to 1.1"},
		{"missing", Forecast{QuestionID: "q", At: at, Probabilities: map[string]float64{"a": 1}}, `no probability for option "b"`},
		{"unknown", Forecast{QuestionID: "q", At: at, Probabilities: map[string]float64{"a": 0.5, "b": 0.5, "c": 0}}, `"c" is not one of its options`},
		{"nan", Forecast{QuestionID: "q", At: at, Probabilities: map[string]float64{"a": math.NaN(), "b": 0.5}}, "outside [0, 1]"},
		{"time", Forecast{QuestionID: "q", Probabilities: map[string]float64{"a": 0.5, "b": 0.5}}, "no time"},
	} {
		_, err := q.Vector(&c.f)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	for _, c := range []struct {
		q    Question
		want string
	}{
		{Question{Statement: "s", Close: at, Options: []string{"a", "b"}}, "empty id"},
		{Question{ID: "q", Statement: "s", Close: at, Options: []string{"a"}}, "at least 2"},
		{Question{ID: "q", Statement: "s", Close: at, Options: []string{"a", "a"}}, "twice"},
		{Question{ID: "q", Statement: "s", Options: []string{"a", "b"}}, "no close time"},
		{Question{ID: "q", Statement: strings.Repeat("x", MaxText+1), Close: at, Options: []string{"a", "b"}}, "statement has 10001 bytes"},
		{Question{ID: "q", Statement: "s", Close: at, Options: make([]string, MaxOptions+1)}, "1001 options"},
		{Question{ID: "q", Statement: "s", Close: at, Options: []string{"a", "b"}, Resolution: &Resolution{Outcome: "c", At: at}}, `outcome "c"`},
	} {
		if err := c.q.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.q, err, c.want)
		}
	}
	if _, err := q.Resolve("z", at, ""); err == nil {
		t.Error("resolved to an unknown outcome")
	}
	if _, err := Evaluate([]Question{q}, []Forecast{{QuestionID: "other", At: at}}, 0); err == nil || !strings.Contains(err.Error(), `unknown question "other"`) {
		t.Errorf("forecast of an unknown question: %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	s := readSet(t)
	var qb, fb, jb bytes.Buffer
	if err := WriteQuestionsCSV(&qb, s.Questions); err != nil {
		t.Fatal(err)
	}
	if err := WriteForecastsCSV(&fb, s.Forecasts); err != nil {
		t.Fatal(err)
	}
	qs, err := ReadQuestionsCSV("q.csv", &qb)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := ReadForecastsCSV("f.csv", &fb)
	if err != nil {
		t.Fatal(err)
	}
	back := &Set{Questions: qs, Forecasts: fs}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	WriteJSON(&want, s)
	WriteJSON(&jb, back)
	if jb.String() != want.String() {
		t.Errorf("CSV round trip changed the set:\n%s\nwant\n%s", jb.String(), want.String())
	}
	again, err := ReadJSON("again.json", jb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Questions) != 5 || len(again.Forecasts) != 7 {
		t.Errorf("JSON round trip: %d questions, %d forecasts", len(again.Questions), len(again.Forecasts))
	}
}

func TestReadErrors(t *testing.T) {
	head := strings.Join(QuestionColumns, ",") + "\n"
	fhead := strings.Join(ForecastColumns, ",") + "\n"
	for _, c := range []struct {
		name, doc, want string
		forecasts       bool
	}{
		{"header", "id,statement\n", "q.csv:1: header", false},
		{"close", head + "q,,s,c,soon,a|b,,,,,\n", `q.csv:2: close "soon"`, false},
		{"options", head + "q,,s,c,2026-01-01,a,,,,,\n", "q.csv:2: invalid question q: 1 option;", false},
		{"outcome", head + "q,,s,c,2026-01-01,a|b,,,c,2026-01-02,\n", `q.csv:2: invalid question q: outcome "c"`, false},
		{"twice", head + "q,,s,c,2026-01-01,a|b,,,,,\nq,,s,c,2026-01-01,a|b,,,,,\n", "q.csv:3: question q appears twice", false},
		{"fields", head + "q,s\n", "wrong number of fields", false},
		{"empty", "", "empty file", false},
		{"probability", fhead + "q,2026-01-01,,a,1.5\n", `q.csv:2: probability "1.5"`, true},
		{"dup", fhead + "q,2026-01-01,,a,0.5\nq,2026-01-01,,a,0.5\n", `q.csv:3: option "a" given twice`, true},
	} {
		var err error
		if c.forecasts {
			_, err = ReadForecastsCSV("q.csv", strings.NewReader(c.doc))
		} else {
			_, err = ReadQuestionsCSV("q.csv", strings.NewReader(c.doc))
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	for _, c := range []struct{ doc, want string }{
		{"{\n\"questions\": [\n{\"id\": 3}]}", "s.json: line 3:"},
		{`{"questions": [], "extra": 1}`, "unknown field"},
		{`{"questions": [], "forecasts": [{"question_id": "nope", "at": "2026-01-01T00:00:00Z", "probabilities": {}}]}`, `unknown question "nope"`},
	} {
		if _, err := ReadJSON("s.json", []byte(c.doc)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.doc, err, c.want)
		}
	}
}
