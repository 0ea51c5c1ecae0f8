package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tablero-project/tablero/analysis"
	"github.com/tablero-project/tablero/brief"
	"github.com/tablero-project/tablero/scenario"
)

var (
	flagshipOnce sync.Once
	flagshipRes  *analysis.Result
	flagshipSc   *analysis.Scenario
	flagshipErr  error
)

// flagship analyses the flagship scenario once, with every optional block
// (few draws, a small Sobol sample).
func flagship(t testing.TB) (*analysis.Result, *scenario.Model) {
	flagshipOnce.Do(func() {
		sc, err := analysis.Load("../scenarios/us-mexico-2025.yaml")
		if err != nil {
			flagshipErr = err
			return
		}
		flagshipSc = sc
		o := analysis.Options{Draws: 64, Seed: 1, Sensitivity: []string{"sobol"}, SobolN: 16}
		flagshipRes, flagshipErr = analysis.Run(context.Background(), sc, o, analysis.Hooks{})
	})
	if flagshipErr != nil {
		t.Fatal(flagshipErr)
	}
	return flagshipRes, flagshipSc.Model
}

func deterrence(t *testing.T, o analysis.Options) (*analysis.Result, *scenario.Model) {
	t.Helper()
	sc, err := analysis.Load("../analysis/testdata/deterrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.Run(context.Background(), sc, o, analysis.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	return r, sc.Model
}

func render(t *testing.T, r *analysis.Result, m *scenario.Model) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, m); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var svgBlock = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// checkSelfContained fails on anything that would make the page load
// from elsewhere: scripts, external style sheets, images, frames, remote
// URLs in src, href or CSS.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url("} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("the report contains %q", bad)
		}
	}
	for _, m := range regexp.MustCompile(`(?i)\b(src|href|xlink:href)\s*=\s*"([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[2], "#") {
			t.Errorf("%s=%q: only in-page links are allowed", m[1], m[2])
		}
	}
	for _, s := range svgBlock.FindAllString(page, -1) {
		if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
			t.Errorf("inline SVG is not well-formed: %v", err)
		}
		if !strings.Contains(s, `role="img"`) || !strings.Contains(s, "<title ") || !strings.Contains(s, "<desc ") {
			t.Errorf("inline SVG without its text alternative: %.200s", s)
		}
	}
}

func TestFlagshipReportHasEveryChart(t *testing.T) {
	r, m := flagship(t)
	page := render(t, r, m)
	checkSelfContained(t, page)
	figs, err := Figures(r, m)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	want := []string{"results", "scenarios", "watch", "distributions", "tornado", "sobol", "costs", "negotiation", "tree"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("figures %v, want %v", names, want)
	}
	for _, name := range want {
		if !strings.Contains(page, `<figure id="fig-`+name+`">`+"\n"+`<div class="scroll"><svg `) {
			t.Errorf("the report has no %s chart", name)
		}
	}
	if n := len(svgBlock.FindAllString(page, -1)); n != len(want) {
		t.Errorf("%d inline SVGs, want %d", n, len(want))
	}
	if rc := r.Reconciliation; rc == nil || !strings.Contains(page, `<section id="reconciliation"`) {
		t.Error("the report has no reconciliation section")
	} else {
		for _, d := range rc.Differences {
			if !strings.Contains(page, "<li>"+escapeHTML(d)+"</li>") {
				t.Errorf("reconciliation sentence missing: %q", d)
			}
		}
	}
	s := brief.Summarize(r.Brief)
	for _, sentence := range s.Sentences {
		if !strings.Contains(page, "<li>"+escapeHTML(sentence)+"</li>") {
			t.Errorf("summary sentence missing: %q", sentence)
		}
	}
	for _, c := range r.Claims {
		if !strings.Contains(page, `id="claim-`+c.ID+`"`) {
			t.Errorf("claim %s missing", c.ID)
		}
	}
	for _, w := range []string{r.Run.InputHash, r.Run.Hash, "tablero analyze us-mexico-2025.yaml --mapping default --draws 64 --seed 1 --sensitivity sobol --sobol-n 16"} {
		if !strings.Contains(page, w) {
			t.Errorf("the run record lacks %q", w)
		}
	}
	if page != render(t, r, m) {
		t.Error("two renderings differ")
	}
}

// escapeHTML escapes as html/template does in text.
func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// One bar per result, with whiskers matching the intervals (checked in
// package chart): here, one whisker per bar with Monte Carlo, none
// without.
func TestBarsPerResult(t *testing.T) {
	for _, draws := range []int{0, 64} {
		r, _ := deterrence(t, analysis.Options{Draws: draws})
		figs, _ := Figures(r, nil)
		fig := figs[0]
		svg := svgOf(fig)
		bars, whiskers := strings.Count(svg, `class="bar"`), strings.Count(svg, `class="whisker"`)
		wantWhiskers := len(r.Results)
		if draws == 0 {
			wantWhiskers = 0
		}
		if fig.Name != "results" || bars != len(r.Results) || whiskers != wantWhiskers {
			t.Errorf("draws %d: %s has %d bars and %d whiskers for %d results", draws, fig.Name, bars, whiskers, len(r.Results))
		}
	}
}

func svgOf(f Figure) string {
	var b bytes.Buffer
	f.Chart.WriteSVG(&b)
	return b.String()
}

func TestReportWithoutDraws(t *testing.T) {
	r, _ := deterrence(t, analysis.Options{})
	page := render(t, r, nil)
	checkSelfContained(t, page)
	for _, w := range []string{"no Monte Carlo draws, so there is no distribution", "No Sobol analysis", "--draws 0 --seed 1", `id="fig-tornado"`} {
		if !strings.Contains(page, w) {
			t.Errorf("missing %q", w)
		}
	}
	if strings.Contains(page, `id="fig-distributions"`) || strings.Contains(page, `id="negotiation"`) || strings.Contains(page, `id="fig-tree"`) {
		t.Error("a chart without data")
	}
}

func TestReportEscapes(t *testing.T) {
	r, m := deterrence(t, analysis.Options{})
	r.Title = `<script>alert("x")</script>`
	r.Results[0].Label = `<img src="http://example.com/x.png">`
	r.Claims = append(r.Claims, r.Claims...)
	page := render(t, r, m)
	checkSelfContained(t, page)
}

func TestWriteNil(t *testing.T) {
	if err := Write(new(bytes.Buffer), &analysis.Result{}, nil); err == nil {
		t.Error("no error for a result without a brief")
	}
}

func TestCommand(t *testing.T) {
	for _, c := range []struct {
		o    analysis.Options
		want string
	}{
		{analysis.Options{Draws: 1000, Seed: 1, Sampling: "mc"}, "tablero analyze s.yaml --draws 1000 --seed 1"},
		{analysis.Options{Mapping: "alt", Lambda: 2.5, Draws: 10, Seed: 7, Sampling: "lhs", Sensitivity: []string{"prim", "sobol"}, SobolN: 64,
			PrimCase: 0.4, Budget: 100, Overrides: map[string]float64{"z": 1, "a": 0.25}},
			"tablero analyze s.yaml --mapping alt --draws 10 --seed 7 --sampling lhs --lambda 2.5 --sensitivity prim,sobol --sobol-n 64 --prim-case 0.4 --budget 100 --set a=0.25 --set z=1"},
	} {
		if got := Command("s.yaml", c.o); got != c.want {
			t.Errorf("Command = %q\nwant      %q", got, c.want)
		}
	}
}

func BenchmarkFlagshipReport(b *testing.B) {
	r, m := flagship(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, r, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/report")
}

// dayAfter analyses the flagship with the three observations of
// docs/day-after.md, at the point estimate.
func dayAfter(t *testing.T) (*analysis.Result, *scenario.Model) {
	t.Helper()
	sc, err := analysis.Load("../scenarios/us-mexico-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../scenarios/us-mexico-2025.observations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	obs, err := scenario.ParseObservations("us-mexico-2025.observations.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.Run(context.Background(), sc, analysis.Options{Seed: 1, Observations: obs}, analysis.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	return r, sc.Model
}

// The evidence section: the observations with their sources, the three
// prior/posterior charts with two bars per row, one step per observation,
// and the watch list with one row and one bar per signpost still to watch.
func TestReportEvidence(t *testing.T) {
	r, m := dayAfter(t)
	page := render(t, r, m)
	checkSelfContained(t, page)
	e := r.Brief.Evidence
	if e == nil || len(e.Observations) != 3 {
		t.Fatalf("evidence %+v, want 3 observations", e)
	}
	sections := map[string]string{}
	for _, id := range []string{"evidence", "watch"} {
		m := regexp.MustCompile(`(?s)<section id="` + id + `".*?</section>`).FindString(page)
		if m == "" {
			t.Fatalf("no %s section", id)
		}
		sections[id] = m
	}
	ev := sections["evidence"]
	for _, o := range e.Observations {
		if !strings.Contains(ev, "<td>"+o.Date+"</td><td><code>"+o.ID+"</code>") || !strings.Contains(ev, o.Source) {
			t.Errorf("observation %s (%s, %s) not listed", o.ID, o.Date, o.Source)
		}
	}
	for id, rows := range map[string]int{"evidence-types": len(e.Types), "evidence-results": len(e.Results), "evidence-scenarios": len(e.Scenarios)} {
		svg := regexp.MustCompile(`(?s)<figure id="fig-` + id + `">.*?</svg>`).FindString(ev)
		if got := strings.Count(svg, `class="bar"`); got != 2*rows {
			t.Errorf("%s: %d bars, want %d (before and after for each of %d rows)", id, got, 2*rows, rows)
		}
	}
	steps := regexp.MustCompile(`(?s)<table class="steps">.*?</table>`).FindString(ev)
	if got := strings.Count(steps, "<tr><td><code>"); got != len(e.Steps) || got != 3 {
		t.Errorf("%d step rows, want 3", got)
	}
	w := sections["watch"]
	if n := len(r.Brief.Watch); n == 0 || strings.Count(w, `class="bar"`) != n || strings.Count(regexp.MustCompile(`(?s)<table class="watch">.*?</table>`).FindString(w), "<tr><td><code>") != n {
		t.Errorf("watch: %d signposts, bars %d", n, strings.Count(w, `class="bar"`))
	}
	for _, sp := range m.Scenario.Signposts {
		observed := slices.ContainsFunc(e.Observations, func(o scenario.Observation) bool { return o.Signpost == sp.ID })
		if observed && strings.Contains(w, "<code>"+sp.ID+"</code>") {
			t.Errorf("signpost %s: observed, yet listed to watch", sp.ID)
		}
	}
}
