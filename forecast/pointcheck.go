package forecast

import (
	"fmt"
	"math"
	"strings"
)

// PointCheck sets a model's point forecast (on the unperturbed table)
// against the distribution of its forecasts over the perturbed tables, and
// says in words why they differ when they do: a point far out in its own
// distribution is a property of the exact stated numbers, not of the
// stated uncertainty.
type PointCheck struct {
	Point float64 `json:"point"`
	// Rank is the share of draws below the point (ties count half); Z its
	// distance from the draws' mean in standard deviations.
	Rank float64 `json:"rank"`
	Z    float64 `json:"z"`
	// Outside is true when the point lies outside the draws' 5–95 %
	// range.
	Outside bool `json:"outside"`
	// Near is the share of draws within NearBand (5 % of the scale) of
	// the point.
	Near     float64 `json:"near"`
	NearBand float64 `json:"near_band"`
	// Cycling is the share of draws whose run ends in a cycle of period 2
	// or more (EUM).
	Cycling float64 `json:"cycling"`
	// Moved is how far the model's rounds move the unperturbed table's
	// forecast from its input compromise (c·s-weighted mean); MovedDraws
	// the same, averaged over the draws.
	Moved      float64 `json:"moved"`
	MovedDraws float64 `json:"moved_draws"`
	// Compromise and CompromiseDraws are the input compromise at the
	// stated values and its mean over the draws.
	Compromise      float64 `json:"compromise"`
	CompromiseDraws float64 `json:"compromise_draws"`
	Explanation     string  `json:"explanation"`
}

// nearShare is the half-width of the band around the point, as a share of
// the scale.
const nearShare = 0.05

// checkPoint compares base's forecast on dimension d with the draws.
func checkPoint(t *Table, d int, base *Result, results []*Result, point []float64, sum Summary) *PointCheck {
	if base == nil || len(point) == 0 || !finite(base.Forecasts[d].Point) {
		return nil
	}
	dim := t.Dims[d]
	c := &PointCheck{Point: base.Forecasts[d].Point, NearBand: nearShare * (dim.Max - dim.Min), Compromise: base.Baselines[d].Compromise}
	for _, x := range point {
		switch {
		case x < c.Point:
			c.Rank++
		case x == c.Point:
			c.Rank += 0.5
		}
		if math.Abs(x-c.Point) <= c.NearBand {
			c.Near++
		}
	}
	n := 0.0
	for _, r := range results {
		if r == nil || !finite(r.Forecasts[d].Point) {
			continue
		}
		n++
		if r.cycleOf(d) != nil {
			c.Cycling++
		}
		c.MovedDraws += r.Forecasts[d].Point - r.Baselines[d].Compromise
		c.CompromiseDraws += r.Baselines[d].Compromise
	}
	m := float64(len(point))
	c.Rank, c.Near = c.Rank/m, c.Near/m
	c.Cycling, c.MovedDraws, c.CompromiseDraws = c.Cycling/n, c.MovedDraws/n, c.CompromiseDraws/n
	c.Moved = c.Point - c.Compromise
	if sum.SD > 0 {
		c.Z = (c.Point - sum.Mean) / sum.SD
	}
	c.Outside = c.Point < sum.P5 || c.Point > sum.P95
	c.Explanation = c.explain(base.cycleOf(d), sum)
	return c
}

// explain says where the point lies in its distribution and, when it is
// far out, which of the measured reasons apply.
func (c *PointCheck) explain(cyc *Cycle, sum Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The point forecast %s lies at the %s percentile of the %d draws (%+.2f sd from their mean %s), %s their 5–95 %% range [%s, %s]; %.0f %% of the draws end within %s of it (5 %% of the scale).",
		g4(c.Point), ordinal(c.Rank), sum.N, c.Z, g4(sum.Mean), map[bool]string{true: "outside", false: "inside"}[c.Outside],
		g4(sum.P5), g4(sum.P95), 100*c.Near, g4(c.NearBand))
	if !c.Outside && math.Abs(c.Z) < 1 {
		b.WriteString(" The point is representative of the draws.")
		return b.String()
	}
	why := 0
	if math.Abs(c.Moved) > c.NearBand && math.Abs(c.Moved) > 2*math.Abs(c.MovedDraws) {
		fmt.Fprintf(&b, " The model's rounds move the unperturbed table from its input compromise %s to %s (%+.3g), but the draws by only %+.3g on average: the point rests on dynamics of the exact stated numbers that the stated uncertainty rarely reproduces.",
			g4(c.Compromise), g4(c.Point), c.Moved, c.MovedDraws)
		why++
	}
	if cyc != nil {
		fmt.Fprintf(&b, " The unperturbed run ends in a %d-cycle (%s); %.0f %% of the draws end in a cycle too.", cyc.Period, cyc.forecastText(), 100*c.Cycling)
		why++
	}
	if math.Abs(c.CompromiseDraws-c.Compromise) > c.NearBand {
		fmt.Fprintf(&b, " The draws' input compromise averages %s against %s at the stated values: the stated ranges are not centred on the stated values.", g4(c.CompromiseDraws), g4(c.Compromise))
		why++
	}
	if why == 0 {
		fmt.Fprintf(&b, " The draws spread widely (sd %s) and none of the measured causes (the rounds' movement, a cycle, off-centre ranges) stands out: read the distribution, not the point.", g4(sum.SD))
	}
	return b.String()
}

// ordinal renders a share as an ordinal percentile, e.g. "84th".
func ordinal(share float64) string {
	p := int(math.Round(100 * share))
	suf := "th"
	if p%100 < 11 || p%100 > 13 {
		switch p % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return fmt.Sprintf("%d%s", p, suf)
}
