package forecast

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tablero-project/tablero/internal/english"
)

// Report limits for Markdown, which is meant to be read.
const (
	mdMaxEvents    = 200
	mdMaxQuadActor = 12
	mdMaxRoundCols = 12
)

// WriteMarkdown writes a readable report of r and, if s is not nil, of the
// sensitivity analysis.
func WriteMarkdown(w io.Writer, r *Result, s *Sensitivity) error {
	b := &strings.Builder{}
	t := r.Table
	title := firstNonEmpty(t.Name, "stakeholder table")
	fmt.Fprintf(b, "# Forecast: %s\n\n", title)
	fmt.Fprintf(b, "Model: **%s**", r.Model)
	if r.Preset != "" {
		fmt.Fprintf(b, " (preset %s)", r.Preset)
	}
	fmt.Fprintf(b, "; %s × %s", english.Count(len(t.Actors), "actor"), english.Count(len(t.Dims), "dimension"))
	if r.Rounds > 0 {
		fmt.Fprintf(b, "; %d rounds", r.Rounds)
	}
	b.WriteString(".\n\n")
	mdForecast(b, r)
	if s != nil {
		mdSensitivity(b, r, s)
	}
	mdBaselines(b, r)
	mdCycles(b, r)
	mdNotes(b, r)
	mdPositions(b, r)
	mdExplanation(b, r)
	mdQuad(b, r)
	_, err := io.WriteString(w, b.String())
	return err
}

func mdForecast(b *strings.Builder, r *Result) {
	b.WriteString("## Forecast\n\n")
	b.WriteString("| dimension | forecast | c·s-weighted mean | weighted median | most probable position (probability) | range over cycle |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, f := range r.Forecasts {
		rng := "—" // a static model has no rounds
		if r.EUM != nil {
			rng = "no cycle"
		}
		if c := r.cycleOf(f.Dim); c != nil && c.Stable() {
			rng = fmt.Sprintf("%s in every phase of a %d-cycle", g4(f.Point), c.Period)
		} else if c != nil {
			rng = fmt.Sprintf("[%s, %s] over a %d-cycle", g4(f.Low), g4(f.High), c.Period)
		} else if f.Low != f.High {
			rng = fmt.Sprintf("[%s, %s]", g4(f.Low), g4(f.High))
		}
		fmt.Fprintf(b, "| %s | **%s**%s | %s | %s | %s (%s) | %s |\n", f.Name, g4(f.Point), anchorLabel(r.Table.Dims[f.Dim], f.Point),
			g4(f.Mean), g4(f.Median), g4(f.MostProbable), f3(f.Probability), rng)
	}
	b.WriteString("\n")
}

// anchorLabel names the nearest anchors around x, e.g. " (between S2 and S3)".
func anchorLabel(d Dimension, x float64) string {
	if a := AnchorText(d, x); a != "" {
		return " (" + a + ")"
	}
	return ""
}

func mdSensitivity(b *strings.Builder, r *Result, s *Sensitivity) {
	sh := s.Shocks
	fmt.Fprintf(b, "## Uncertainty\n\n%d draws (seed %d)", sh.Draws, sh.Seed)
	var parts []string
	if sh.Ranges {
		parts = append(parts, "every number drawn uniformly within its stated range")
	}
	if sh.Salience > 0 {
		parts = append(parts, fmt.Sprintf("salience noise sd %g", sh.Salience))
	}
	if sh.Capability > 0 {
		parts = append(parts, fmt.Sprintf("capability log-noise sd %g", sh.Capability))
	}
	if sh.Position > 0 {
		parts = append(parts, fmt.Sprintf("position noise sd %g of the scale", sh.Position))
	}
	if sh.Drop > 0 {
		parts = append(parts, fmt.Sprintf("each actor dropped with probability %g", sh.Drop))
	}
	if len(parts) > 0 {
		fmt.Fprintf(b, ": %s", strings.Join(parts, "; "))
	}
	if s.Failed > 0 {
		fmt.Fprintf(b, "; %s failed and were skipped", english.Count(s.Failed, "draw"))
	}
	b.WriteString(".\n\n| dimension | point forecast | mean | sd | 5% | 25% | 50% | 75% | 95% |\n|---|---|---|---|---|---|---|---|---|\n")
	for k, d := range s.Dims {
		p := d.Point
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", d.Name, g4(r.Forecasts[k].Point), g4(p.Mean), g4(p.SD),
			g4(p.P5), g4(p.P25), g4(p.P50), g4(p.P75), g4(p.P95))
	}
	b.WriteString("\n")
	for _, d := range s.Dims {
		if c := d.Check; c != nil {
			flag := ""
			if c.Outside {
				flag = "**Point outside its own distribution.** "
			}
			fmt.Fprintf(b, "%s: %s%s\n\n", d.Name, flag, c.Explanation)
		}
		if len(d.Anchors) > 0 {
			var parts []string
			for _, a := range d.Anchors {
				parts = append(parts, fmt.Sprintf("%s %.0f %%", a.Anchor, 100*a.Share))
			}
			fmt.Fprintf(b, "Draws by nearest anchor (%s): %s.\n\n", d.Name, strings.Join(parts, ", "))
		}
	}
}

func mdBaselines(b *strings.Builder, r *Result) {
	b.WriteString("## Baselines (input positions)\n\n| dimension | actors | compromise (c·s mean) | weighted median | Condorcet winner |\n|---|---|---|---|---|\n")
	for _, bl := range r.Baselines {
		cw := g4(bl.Condorcet.Winner)
		if !bl.Condorcet.Exists {
			cw = "none (cycle)"
			if len(bl.Condorcet.Weak) > 0 {
				cw = fmt.Sprintf("tie: %v", bl.Condorcet.Weak)
			}
		}
		med := g4(bl.Median)
		if bl.MedianTie {
			med = fmt.Sprintf("%s (tie up to %s)", g4(bl.Median), g4(bl.MedianHigh))
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s | %s |\n", r.Table.Dims[bl.Dim].Name, bl.N, g4(bl.Compromise), med, cw)
	}
	b.WriteString("\n")
}

// mdCycles tabulates each cycle: who moves and through which positions.
func mdCycles(b *strings.Builder, r *Result) {
	for _, c := range r.Cycles {
		fmt.Fprintf(b, "## Cycle: %s\n\n%s.\n\n| actor | positions over one period (from round %d) |\n|---|---|\n",
			c.Name, c.Text(), len(r.Positions)-c.Period)
		for _, a := range c.Actors {
			fmt.Fprintf(b, "| %s | %s |\n", a.Name, arrows(a.Values))
		}
		fmt.Fprintf(b, "| forecast | %s |\n\n", arrows(c.Forecast))
	}
}

func mdNotes(b *strings.Builder, r *Result) {
	if len(r.Notes) == 0 {
		return
	}
	b.WriteString("## Notes\n\n")
	for _, n := range r.Notes {
		fmt.Fprintf(b, "- %s\n", n)
	}
	b.WriteString("\n")
}

// roundColumns picks the rounds shown as columns.
func roundColumns(n int) []int {
	if n <= mdMaxRoundCols {
		cols := make([]int, n)
		for k := range cols {
			cols[k] = k
		}
		return cols
	}
	half := mdMaxRoundCols / 2
	var cols []int
	for k := range half {
		cols = append(cols, k)
	}
	for k := n - half; k < n; k++ {
		cols = append(cols, k)
	}
	return cols
}

func mdPositions(b *strings.Builder, r *Result) {
	if len(r.Positions) < 2 {
		return
	}
	cols := roundColumns(len(r.Positions))
	for d, dim := range r.Table.Dims {
		fmt.Fprintf(b, "## Positions by round: %s\n\n| actor |", dim.Name)
		for _, c := range cols {
			fmt.Fprintf(b, " %d |", c)
		}
		b.WriteString("\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
		for i, a := range r.Table.Actors {
			fmt.Fprintf(b, "| %s |", a.Name)
			for _, c := range cols {
				fmt.Fprintf(b, " %s |", g4(r.Positions[c][i][d]))
			}
			b.WriteString("\n")
		}
		if len(cols) < len(r.Positions) {
			fmt.Fprintf(b, "\n(rounds %d–%d omitted; see the JSON or CSV output)\n", cols[len(cols)/2-1]+1, cols[len(cols)/2]-1)
		}
		b.WriteString("\n")
	}
}

func mdExplanation(b *strings.Builder, r *Result) {
	if len(r.Explanation) == 0 {
		return
	}
	b.WriteString("## Explanation: challenges and offers by round\n\n")
	for k, e := range r.Explanation {
		if k == mdMaxEvents {
			fmt.Fprintf(b, "- … %d more events in the JSON output\n", len(r.Explanation)-k)
			break
		}
		fmt.Fprintf(b, "- round %d: %s\n", e.Round, e.Text)
	}
	b.WriteString("\n")
}

func mdQuad(b *strings.Builder, r *Result) {
	if len(r.Quad) == 0 {
		return
	}
	if len(r.Table.Actors) > mdMaxQuadActor {
		fmt.Fprintf(b, "## Quad map\n\n%d points of the first round in the JSON output.\n", len(r.Quad))
		return
	}
	b.WriteString("## Quad map (first round)\n\nEach row is from the first actor's perspective: its expected gain from challenging the rival, and the rival's from challenging it.\n\n")
	b.WriteString("| actor | rival | dimension | E(actor challenges) | E(rival challenges) | region |\n|---|---|---|---|---|---|\n")
	for _, q := range r.Quad {
		dim := "all"
		if q.Dim >= 0 {
			dim = r.Table.Dims[q.Dim].Name
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", q.ActorName, q.RivalName, dim, g4(q.EUActor), g4(q.EURival), q.Region)
	}
}

func g4(x float64) string {
	if !finite(x) {
		return "—"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

func f3(x float64) string {
	if !finite(x) {
		return "—"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// WriteCSV writes r in long form, one value per line:
// kind,round,actor,dimension,value. Kinds: position, probability (SMP),
// forecast-point, forecast-mean, forecast-median, forecast-most-probable,
// forecast-probability, and, with s, the percentiles of the point forecast
// (sensitivity-p5 … sensitivity-p95).
func WriteCSV(w io.Writer, r *Result, s *Sensitivity) error {
	cw := csv.NewWriter(w)
	t := r.Table
	write := func(kind string, round int, actor, dim string, v float64) {
		rs := ""
		if round >= 0 {
			rs = strconv.Itoa(round)
		}
		vs := ""
		if finite(v) {
			vs = strconv.FormatFloat(v, 'g', -1, 64)
		}
		_ = cw.Write([]string{kind, rs, actor, dim, vs})
	}
	_ = cw.Write([]string{"kind", "round", "actor", "dimension", "value"})
	for rd, round := range r.Positions {
		for i, p := range round {
			for d, x := range p {
				write("position", rd, t.Actors[i].Name, t.Dims[d].Name, x)
			}
		}
	}
	if r.SMP != nil {
		for rd, p := range r.SMP.Probs {
			for i, x := range p {
				write("probability", rd, t.Actors[i].Name, "", x)
			}
		}
	}
	for _, f := range r.Forecasts {
		for _, kv := range []struct {
			k string
			v float64
		}{{"point", f.Point}, {"mean", f.Mean}, {"median", f.Median}, {"most-probable", f.MostProbable}, {"probability", f.Probability}} {
			write("forecast-"+kv.k, -1, "", f.Name, kv.v)
		}
	}
	if s != nil {
		for _, d := range s.Dims {
			p := d.Point
			for _, kv := range []struct {
				k string
				v float64
			}{{"p5", p.P5}, {"p25", p.P25}, {"p50", p.P50}, {"p75", p.P75}, {"p95", p.P95}, {"mean", p.Mean}, {"sd", p.SD}} {
				write("sensitivity-"+kv.k, -1, "", d.Name, kv.v)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
