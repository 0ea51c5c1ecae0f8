package events

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestFilters(t *testing.T) {
	evs, _ := readAll(t, "testdata/gdelt1.tsv", Options{})
	day := func(s string) Day { d, _ := ParseDay(s); return d }
	for _, tc := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"USA→MEX", Filter{Source: []string{"USA"}, Target: []string{"MEX"}}, []string{"1001", "1003", "1004", "1007"}},
		{"MEX→USA", Filter{Source: []string{"MEX"}, Target: []string{"USA"}}, []string{"1002", "1008"}},
		{"USA–MEX", Filter{Source: []string{"USA"}, Target: []string{"MEX"}, Undirected: true}, []string{"1001", "1002", "1003", "1004", "1007", "1008"}},
		{"USA MIL→MEX", Filter{Source: []string{"USA"}, Target: []string{"MEX"}, SourceTypes: []string{"MIL"}}, []string{"1003"}},
		{"MEX COP←USA both ways", Filter{Source: []string{"MEX"}, Target: []string{"USA"}, SourceTypes: []string{"COP"}, Undirected: true}, []string{"1003"}},
		{"any→MEX GOV", Filter{Target: []string{"MEX"}, TargetTypes: []string{"GOV"}}, []string{"1001", "1004", "1007"}},
		{"March 2025", Filter{From: day("2025-03-02"), HasFrom: true, To: day("2025-03-02"), HasTo: true}, []string{"1003", "1004", "1005"}},
		{"root 19 or 057", Filter{Codes: Patterns{"19*", "057"}}, []string{"1002", "1003"}},
		{"material conflict", Filter{Quads: []Quad{MaterialConflict}}, []string{"1003", "1008"}},
		{"MEX→CAN", Filter{Source: []string{"MEX"}, Target: []string{"CAN"}}, []string{"1005"}},
	} {
		var got []string
		for i := range evs {
			if tc.f.Match(&evs[i]) {
				got = append(got, evs[i].ID)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSeries(t *testing.T) {
	evs, _ := readAll(t, "testdata/gdelt2.export.CSV", Options{})
	a := NewAggregator(Daily, 2)
	for i := range evs {
		a.Add(&evs[i])
	}
	s := a.SeriesOf(Dyad{"USA", "MEX"})
	if len(s.Points) != 2 || s.Points[0].Date != "2025-03-10" || s.Points[1].Events != 0 {
		t.Fatalf("USA→MEX series %+v", s)
	}
	p := s.Points[0] // 193 (−10, 12 mentions, tone −8.5) and 195 (−10, 20, −9)
	want := Point{Date: "2025-03-10", Events: 2, MaterialConflict: 2, GoldsteinSum: -20, GoldsteinMean: -10, Mentions: 32,
		GoldsteinMentionsSum: -320, GoldsteinMentionsAvg: -10, ToneEvents: 2, ToneMean: -8.75, ToneMentionsMean: (-8.5*12 - 9*20) / 32, Index: -1}
	p.Top = nil
	if !reflect.DeepEqual(p, want) {
		t.Errorf("point %+v\nwant  %+v", p, want)
	}
	if top := s.Points[0]; len(top.Top) != 2 || top.Top[0].ID != "3002" {
		t.Errorf("top events %+v", top.Top)
	}
	if got := a.SeriesOf(Dyad{"MEX", "USA"}).Points; got[0].Index != -1 || got[1].Index != 1 {
		t.Errorf("MEX→USA index %v %v", got[0].Index, got[1].Index)
	}
	w := NewAggregator(Weekly, 0)
	for i := range evs {
		w.Add(&evs[i])
	}
	ws := w.SeriesOf(Dyad{"USA", "MEX"})
	if len(ws.Points) != 1 || ws.Points[0].Date != "2025-03-10" || ws.Points[0].Events != 2 || ws.Period != Weekly {
		t.Errorf("weekly %+v", ws)
	}
	// Cells round-trip through SeriesOfCells.
	again := SeriesOfCells(a.Cells(), Daily, 0, 0)
	for i, s := range a.Series() {
		for j := range s.Points {
			s.Points[j].Top = nil
		}
		if !reflect.DeepEqual(s.Points, again[i].Points) {
			t.Errorf("%s: cells give %+v, want %+v", s.Dyad, again[i].Points, s.Points)
		}
	}
}

func TestIndex(t *testing.T) {
	for _, tc := range []struct {
		vc, mc, vk, mk int
		want           float64
	}{
		{0, 0, 0, 0, 0}, {1, 0, 0, 0, 1}, {0, 0, 0, 3, -1}, {1, 0, 1, 0, 0}, {0, 1, 1, 0, 1.0 / 3}, {1, 0, 0, 1, -1.0 / 3},
	} {
		if got := Index(tc.vc, tc.mc, tc.vk, tc.mk); got != tc.want {
			t.Errorf("Index(%d,%d,%d,%d) = %v, want %v", tc.vc, tc.mc, tc.vk, tc.mk, got, tc.want)
		}
	}
}

// syntheticMonth returns 30 days of USA→MEX events, about base a day,
// with extra events on day spike (none if spike < 0), and a little
// background of other dyads.
func syntheticMonth(seed uint64, base, spike, extra int) []Event {
	rng := rand.New(rand.NewPCG(seed, 1))
	start, _ := ParseDay("2025-03-01")
	var evs []Event
	id := 0
	add := func(d Day, src, tgt, code string, q Quad, g float64) {
		id++
		evs = append(evs, Event{ID: "syn" + string(rune('a'+id%26)) + itoa(id), Day: d, Code: code, Root: code[:2], Quad: q, Goldstein: g,
			Source: Actor{Country: src, Types: [3]string{"GOV"}}, Target: Actor{Country: tgt, Types: [3]string{"GOV"}},
			Mentions: 1 + rng.IntN(10), Tone: rng.NormFloat64(), HasTone: true})
	}
	for d := range 30 {
		n := base + rng.IntN(2*3+1) - 3 // base ± 3
		for range n {
			add(start+Day(d), "USA", "MEX", "042", VerbalCoop, 1.9)
		}
		add(start+Day(d), "CAN", "USA", "036", VerbalCoop, 4)
		if d == spike {
			for range extra {
				add(start+Day(d), "USA", "MEX", "190", MaterialConflict, -10)
			}
		}
	}
	return evs
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestSpikeSynthetic: a synthetic month with a planted spike; the
// detector, at its defaults, finds it and nothing else, for many seeds.
func TestSpikeSynthetic(t *testing.T) {
	for seed := range uint64(50) {
		evs := syntheticMonth(seed, 10, 20, 25)
		a := NewAggregator(Daily, 5)
		for i := range evs {
			a.Add(&evs[i])
		}
		spikes, err := DetectSpikes(a.Series(), SpikeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(spikes) != 1 || spikes[0].Date != "2025-03-21" || spikes[0].Dyad != (Dyad{"USA", "MEX"}) {
			t.Fatalf("seed %d: spikes %+v, want one on 2025-03-21 USA→MEX", seed, spikes)
		}
		s := spikes[0]
		if s.Events < 25 || len(s.Top) != 5 || s.Z < 3.5 {
			t.Errorf("seed %d: spike %+v", seed, s)
		}
		// Without the planted spike, nothing.
		calm := syntheticMonth(seed, 10, -1, 0)
		b := NewAggregator(Daily, 0)
		for i := range calm {
			b.Add(&calm[i])
		}
		if none, _ := DetectSpikes(b.Series(), SpikeOptions{}); len(none) != 0 {
			t.Errorf("seed %d: spikes in a calm month: %+v", seed, none)
		}
	}
}

func TestSpikeOptions(t *testing.T) {
	evs := syntheticMonth(7, 10, 20, 25)
	a := NewAggregator(Daily, 0)
	for i := range evs {
		a.Add(&evs[i])
	}
	series := []Series{a.SeriesOf(Dyad{"USA", "MEX"})}
	down, _ := DetectSpikes(series, SpikeOptions{Metric: "index", Direction: "down"})
	if len(down) != 1 || down[0].Date != "2025-03-21" || down[0].Value >= 0 {
		t.Errorf("index drop: %+v", down)
	}
	if mc, _ := DetectSpikes(series, SpikeOptions{Metric: "material_conflict"}); len(mc) != 1 {
		t.Errorf("material conflict: %+v", mc)
	}
	// Less sensitive: a threshold above the spike's z finds nothing.
	if high, _ := DetectSpikes(series, SpikeOptions{Threshold: 1000}); len(high) != 0 {
		t.Errorf("threshold 1000: %+v", high)
	}
	for _, bad := range []SpikeOptions{{Metric: "x"}, {Direction: "sideways"}, {Window: 5, MinHistory: 6}} {
		if _, err := DetectSpikes(series, bad); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
}
