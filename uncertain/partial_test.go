package uncertain

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPartialJSONRoundTrip(t *testing.T) {
	d := testDesign(t, 700, LatinHypercube)
	for _, opt := range []RunOptions{{}, {KeepRows: true, Info: map[string]string{"go": "go1.26.8"}}, {Shard: Shard{1, 3}}} {
		p := run(t, d, opt)
		b := marshal(t, p)
		q := roundTrip(t, p)
		if got := marshal(t, q); !bytes.Equal(got, b) {
			t.Errorf("%+v: JSON round trip changed the bytes", opt)
		}
		if len(q.Rows()) != len(p.Rows()) || q.Covered() != p.Covered() || q.Failed() != p.Failed() {
			t.Errorf("%+v: round trip lost content", opt)
		}
	}
}

func TestMergeRejectsMismatches(t *testing.T) {
	d := testDesign(t, 100, MonteCarlo)
	a := run(t, d, RunOptions{Shard: Shard{0, 2}})
	other := func(opt RunOptions, dd *Design, outs []Output) *Partial {
		p, err := Run(context.Background(), dd, outs, testModel, opt)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	d2 := newDesign(t, DesignConfig{Params: d.Params(), Draws: 100, Seed: 1})
	tests := []struct {
		b    *Partial
		want string
	}{
		{run(t, d, RunOptions{Shard: Shard{0, 2}}), "overlap"},
		{run(t, d, RunOptions{Shard: Shard{0, 3}}), "overlap"},
		{other(RunOptions{Shard: Shard{1, 2}}, d2, testOutputs), "design"},
		{other(RunOptions{Shard: Shard{1, 2}}, d, testOutputs[:2]), "outputs differ"},
		{run(t, d, RunOptions{Shard: Shard{1, 2}, Info: map[string]string{"v": "2"}}), "run information"},
		{run(t, d, RunOptions{Shard: Shard{1, 2}, KeepRows: true}), "rows"},
	}
	for _, tt := range tests {
		if _, err := Merge(a, tt.b); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Merge error = %v, want one containing %q", err, tt.want)
		}
	}
	if _, err := Merge(); err == nil {
		t.Error("Merge() accepted no parts")
	}
}

func TestReadPartialRejectsCorruption(t *testing.T) {
	b := marshal(t, run(t, testDesign(t, 300, MonteCarlo), RunOptions{Shard: Shard{0, 2}, KeepRows: true}))
	tests := []struct{ old, new, want string }{
		{FormatVersion, "tablero.uncertain.partial/0", "format"},
		{`"failed":`, `"failed":1`, "failed"},
		{`"ranges":[[0,150]]`, `"ranges":[[0,160]]`, ""},
		{`"sum":["`, `"sum":["1e999999999`, "bad exact sum"},
		{`"k":`, `"k":9`, ""},
		{`"method":"mc"`, `"method":"qmc"`, "method"},
		{`"segments":[`, `"segments":[1,`, "segments"},
		{`"draws":300`, `"draws":301`, "segments"},
		{`"rows":[[`, `"rows":[[1,`, "row"},
		{`{"format"`, `{"extra":1,"format"`, "unknown field"},
	}
	for _, tt := range tests {
		if !bytes.Contains(b, []byte(tt.old)) {
			t.Fatalf("test data lacks %q", tt.old)
		}
		bad := bytes.Replace(b, []byte(tt.old), []byte(tt.new), 1)
		if _, err := ReadPartial(bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q -> %q: error %v, want one containing %q", tt.old, tt.new, err, tt.want)
		}
	}
}

func FuzzReadPartial(f *testing.F) {
	d := testDesign(f, 200, MonteCarlo)
	for _, opt := range []RunOptions{{}, {KeepRows: true, Shard: Shard{1, 2}}} {
		f.Add(marshal(f, run(f, d, opt)))
	}
	f.Add([]byte(`{"format":"tablero.uncertain.partial/1"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ReadPartial(bytes.NewReader(b))
		if err != nil {
			return
		}
		// A partial that reads must summarise, merge and re-encode stably.
		s := p.Summary(0.95)
		if _, err := json.Marshal(s); err != nil {
			t.Fatalf("summary does not encode: %v", err)
		}
		b1 := marshal(t, p)
		q, err := ReadPartial(bytes.NewReader(b1))
		if err != nil {
			t.Fatalf("re-read: %v", err)
		}
		if b2 := marshal(t, q); !bytes.Equal(b1, b2) {
			t.Fatal("encoding is not stable")
		}
		if _, err := Merge(p, q); err == nil && p.Covered() > 0 {
			t.Fatal("merged a partial with itself")
		}
	})
}

func TestSummary(t *testing.T) {
	// Values 1e16, 1, -1e16, ...: a float64 running sum loses the ones.
	d := newDesign(t, DesignConfig{Params: uniformParams("a"), Draws: 3000, Seed: 1})
	p, err := Run(context.Background(), d, []Output{{"v", Value}, {"u", Probability}}, func(k int, x, out []float64) error {
		out[0] = []float64{1e16, 1, -1e16}[k%3]
		out[1] = x[0]
		return nil
	}, RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Summary(0.95)
	v := s.Outputs[0]
	if v.Mean != 1.0/3 || v.Min != -1e16 || v.Max != 1e16 {
		t.Errorf("mean %v (want exactly 1/3), min %v, max %v", v.Mean, v.Min, v.Max)
	}
	if got := v.Percentiles[2].Value; got != 1 {
		t.Errorf("median %v, want 1 (a point mass is exact)", got)
	}
	u := s.Outputs[1]
	if math.Abs(u.Mean-0.5) > 3*u.SE || math.Abs(u.SD-math.Sqrt(1.0/12)) > 0.01 {
		t.Errorf("uniform: mean %v ± %v, sd %v", u.Mean, u.SE, u.SD)
	}
	for _, pc := range u.Percentiles {
		if math.Abs(pc.Value-pc.P) > 0.03 {
			t.Errorf("uniform percentile %v = %v", pc.P, pc.Value)
		}
	}
	// Trace: ends at N/2^j down to 64 draws, the last equal to the total.
	tr := u.Trace
	if len(tr) != 6 || tr[0].Draws != 93 || tr[len(tr)-1].Draws != 3000 || tr[len(tr)-1].Mean != u.Mean || tr[len(tr)-1].SE != u.SE {
		t.Errorf("trace = %+v", tr)
	}
	for i := 1; i < len(tr); i++ {
		if tr[i].SE >= tr[i-1].SE {
			t.Errorf("SE does not shrink: %+v", tr)
		}
	}
	if _, err := json.Marshal(s); err != nil {
		t.Error(err)
	}
	// A shard not starting at 0 has no trace.
	q, _ := Run(context.Background(), d, []Output{{"u", Probability}}, func(_ int, x, out []float64) error { out[0] = x[0]; return nil }, RunOptions{Shard: Shard{1, 2}})
	if tr := q.Summary(0.9).Outputs[0].Trace; len(tr) != 0 {
		t.Errorf("second shard has trace %+v", tr)
	}
}

func TestWilson(t *testing.T) {
	tests := []struct {
		k, n   int64
		lo, hi float64
	}{
		{5, 10, 0.2366, 0.7634},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{81, 263, 0.2553, 0.3662},
		{0, 0, 0, 1},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n, ZForLevel(0.95))
		if math.Abs(lo-tt.lo) > 5e-5 || math.Abs(hi-tt.hi) > 5e-5 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestHistogramQuantiles(t *testing.T) {
	h := map[uint32]bin{}
	var vals []float64
	for i := range 10001 {
		v := math.Exp(float64(i)/1000) - 5 // negative and positive, several octaves
		vals = append(vals, v)
		histAdd(h, v)
	}
	for _, q := range []float64{0, 0.01, 0.3, 0.5, 0.77, 0.99, 1} {
		want := vals[int(q*10000)]
		got := histQuantile(h, int64(len(vals)), q)
		if math.Abs(got-want) > math.Abs(want)/(1<<histBits) {
			t.Errorf("quantile %v = %v, want %v within 2^-%d", q, got, want, histBits)
		}
	}
	// Bins are ordered like the values.
	for _, pair := range [][2]float64{{-2, -1}, {-1, -0.5}, {-1e-300, 0}, {0, 1e-300}, {1, 1.01}, {1e300, math.MaxFloat64}} {
		if histKey(pair[0]) >= histKey(pair[1]) {
			t.Errorf("histKey(%v) >= histKey(%v)", pair[0], pair[1])
		}
	}
	if histKey(math.Copysign(0, -1)) != histKey(0) {
		t.Error("-0 and +0 in different bins")
	}
}

func TestWriteRowsCSV(t *testing.T) {
	d := newDesign(t, DesignConfig{Params: uniformParams("a", "b"), Draws: 3, Seed: 1})
	p, err := Run(context.Background(), d, []Output{{"s", Value}}, func(k int, x, out []float64) error {
		if k == 1 {
			return errors.New("fails")
		}
		out[0] = float64(k) / 4
		return nil
	}, RunOptions{KeepRows: true})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.WriteRowsCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	x0 := d.Point(0, nil)
	if len(lines) != 3 || lines[0] != "draw,a,b,s" || lines[1] != "0,"+ftoa(x0[0])+","+ftoa(x0[1])+",0" || !strings.HasPrefix(lines[2], "2,") || !strings.HasSuffix(lines[2], ",0.5") {
		t.Errorf("CSV:\n%s", buf.String())
	}
	q, _ := Run(context.Background(), d, []Output{{"s", Value}}, func(_ int, _, out []float64) error { out[0] = 1; return nil }, RunOptions{})
	if err := q.WriteRowsCSV(&buf); err == nil {
		t.Error("rows written without KeepRows")
	}
}
