package score

import "math"

// DefaultBins is the number of bins of a calibration table by default.
const DefaultBins = 10

// Bin is one row of a reliability table: the binary events (an option of a
// question, and whether it happened) whose forecast probability fell in
// [Low, High) — the last bin includes 1.
type Bin struct {
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Count int     `json:"count"`
	// MeanForecast is the mean probability forecast in the bin and
	// Observed the fraction of its events that happened; both 0 when the
	// bin is empty.
	MeanForecast float64 `json:"mean_forecast"`
	Observed     float64 `json:"observed"`
}

// Point is one point of a calibration chart: a non-empty bin's mean
// forecast (x), observed frequency (y) and number of events (the marker's
// weight). A calibrated forecaster's points lie on the diagonal y = x.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	N int     `json:"n"`
}

// Calibration is a reliability table and the data of its chart.
type Calibration struct {
	Events int     `json:"events"`
	Bins   []Bin   `json:"bins"`
	Points []Point `json:"points"`
	// Reliability is Σ_b n_b (MeanForecast_b − Observed_b)² / Events: 0
	// for a calibrated forecaster (the reliability term of Murphy's
	// decomposition, binned).
	Reliability float64 `json:"reliability"`
}

// Event is a binary event: the probability forecast for an option, and
// whether it happened.
type Event struct {
	P        float64
	Happened bool
}

// Events returns the binary events of a forecast vector p when option
// outcome happened: one per option.
func Events(p []float64, outcome int) []Event {
	out := make([]Event, len(p))
	for i, v := range p {
		out[i] = Event{P: v, Happened: i == outcome}
	}
	return out
}

// Calibrate bins events into n equal-width bins (n < 1: DefaultBins). A
// probability on a bin's edge goes to the upper bin (to within 1e-9, so
// that 0.3 is in [0.3, 0.4) whatever its rounding).
func Calibrate(events []Event, n int) Calibration {
	if n < 1 {
		n = DefaultBins
	}
	c := Calibration{Events: len(events), Bins: make([]Bin, n), Points: []Point{}}
	sumP := make([]float64, n)
	hits := make([]int, n)
	for _, e := range events {
		b := min(int(math.Floor(e.P*float64(n)+1e-9)), n-1)
		b = max(b, 0)
		c.Bins[b].Count++
		sumP[b] += e.P
		if e.Happened {
			hits[b]++
		}
	}
	for b := range c.Bins {
		bin := &c.Bins[b]
		bin.Low, bin.High = float64(b)/float64(n), float64(b+1)/float64(n)
		if bin.Count == 0 {
			continue
		}
		bin.MeanForecast = sumP[b] / float64(bin.Count)
		bin.Observed = float64(hits[b]) / float64(bin.Count)
		c.Points = append(c.Points, Point{X: bin.MeanForecast, Y: bin.Observed, N: bin.Count})
		d := bin.MeanForecast - bin.Observed
		c.Reliability += float64(bin.Count) * d * d
	}
	if c.Events > 0 {
		c.Reliability /= float64(c.Events)
	}
	return c
}
