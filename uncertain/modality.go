package uncertain

import (
	"cmp"
	"math"
	"slices"
)

// Thresholds of the bimodality check (see Bimodality).
const (
	// BimodalCoefficient is the bimodality coefficient of a uniform
	// distribution (5/9): flatter or two-humped samples exceed it.
	BimodalCoefficient = 5.0 / 9
	// BimodalDip is the largest ratio of the smoothed density at the
	// antimode to that at the lower of the two modes.
	BimodalDip = 0.5
	// BimodalMass is the smallest share of the draws on either side of the
	// antimode.
	BimodalMass = 0.05
	// modalityGrid is the number of points the smoothed density is
	// evaluated at, over the sample's range.
	modalityGrid = 128
)

// Modality describes the shape of a sample: whether its mass is split
// between two separated modes.
type Modality struct {
	// Bimodal is true when all three criteria of Bimodality hold.
	Bimodal bool `json:"bimodal"`
	// Coefficient is Sarle's bimodality coefficient (g² + 1)/(κ + 3) with
	// g the skewness and κ the excess kurtosis (population moments).
	Coefficient float64 `json:"coefficient"`
	// Modes are the two highest local maxima of the smoothed density, the
	// lower value first; absent when it has only one.
	Modes []float64 `json:"modes,omitempty"`
	// Antimode is where the smoothed density is lowest between the modes.
	Antimode float64 `json:"antimode,omitempty"`
	// Dip is the density at the antimode over the density at the lower of
	// the two modes (0: empty between them; 1: no dip).
	Dip float64 `json:"dip,omitempty"`
	// LowMass and HighMass are the shares of the sample at or below, and
	// above, the antimode.
	LowMass  float64 `json:"low_mass,omitempty"`
	HighMass float64 `json:"high_mass,omitempty"`
}

// Bimodality checks whether a weighted sample (values x with weights w; w
// nil for equal weights) is bimodal. It combines two standard checks, each
// of which alone misleads: Sarle's bimodality coefficient must exceed 5/9
// (it also does for some very skewed unimodal samples), and a Gaussian
// kernel density estimate with Silverman's bandwidth, 0.9 min(sd,
// IQR/1.34) n^(-1/5), which oversmooths two modes rather than inventing
// them, must have two local maxima separated by a dip to at most half the
// lower one, with at least 5 % of the sample on each side of the antimode.
// A sample of identical values, or of fewer than 10, is not bimodal.
func Bimodality(x, w []float64) Modality {
	pts := weighted(x, w)
	if len(pts) == 0 {
		return Modality{}
	}
	n, mean := 0.0, 0.0
	for _, p := range pts {
		n += p.w
		mean += p.w * p.x
	}
	mean /= n
	var m2, m3, m4 float64
	for _, p := range pts {
		d := p.x - mean
		m2 += p.w * d * d
		m3 += p.w * d * d * d
		m4 += p.w * d * d * d * d
	}
	m2, m3, m4 = m2/n, m3/n, m4/n
	lo, hi := pts[0].x, pts[len(pts)-1].x
	if m2 <= 0 || hi-lo <= 0 || n < 10 {
		return Modality{}
	}
	g := m3 / math.Pow(m2, 1.5)
	res := Modality{Coefficient: (g*g + 1) / (m4 / (m2 * m2))}
	sd := math.Sqrt(m2)
	spread := sd
	if iqr := (weightedQuantile(pts, n, 0.75) - weightedQuantile(pts, n, 0.25)) / 1.34; iqr > 0 {
		spread = math.Min(sd, iqr)
	}
	h := math.Max(0.9*spread*math.Pow(n, -0.2), (hi-lo)/modalityGrid)
	grid, f := density(pts, lo, hi, h)
	a, b, ok := twoModes(f)
	if !ok {
		return res
	}
	anti := a + argmin(f[a:b+1])
	res.Modes = []float64{grid[a], grid[b]}
	res.Antimode = grid[anti]
	res.Dip = f[anti] / math.Min(f[a], f[b])
	for _, p := range pts {
		if p.x <= res.Antimode {
			res.LowMass += p.w
		}
	}
	res.LowMass /= n
	res.HighMass = 1 - res.LowMass
	res.Bimodal = res.Coefficient > BimodalCoefficient && res.Dip <= BimodalDip &&
		math.Min(res.LowMass, res.HighMass) >= BimodalMass
	return res
}

type point struct{ x, w float64 }

// weighted pairs values with weights, dropping non-finite values and
// non-positive weights, sorted by value.
func weighted(x, w []float64) []point {
	var pts []point
	for i, v := range x {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi > 0 && !math.IsNaN(v) && !math.IsInf(v, 0) {
			pts = append(pts, point{v, wi})
		}
	}
	slices.SortFunc(pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })
	return pts
}

// weightedQuantile is the smallest value whose cumulative weight reaches q.
func weightedQuantile(pts []point, n, q float64) float64 {
	c := 0.0
	for _, p := range pts {
		c += p.w
		if c >= q*n {
			return p.x
		}
	}
	return pts[len(pts)-1].x
}

// density evaluates the Gaussian kernel density of pts with bandwidth h
// on an even grid over [lo, hi] (up to a constant factor).
func density(pts []point, lo, hi, h float64) (grid, f []float64) {
	grid = make([]float64, modalityGrid)
	f = make([]float64, modalityGrid)
	for j := range grid {
		grid[j] = lo + (hi-lo)*float64(j)/float64(modalityGrid-1)
		for _, p := range pts {
			z := (grid[j] - p.x) / h
			if z > -8 && z < 8 {
				f[j] += p.w * math.Exp(-z*z/2)
			}
		}
	}
	return grid, f
}

// twoModes returns the grid indices of the two highest local maxima of f
// (an end of the grid counts when it is higher than its neighbour), in
// grid order.
func twoModes(f []float64) (a, b int, ok bool) {
	var peaks []int
	for j := range f {
		left := j == 0 || f[j] > f[j-1]
		right := j == len(f)-1 || f[j] >= f[j+1]
		if left && right {
			peaks = append(peaks, j)
		}
	}
	if len(peaks) < 2 {
		return 0, 0, false
	}
	slices.SortStableFunc(peaks, func(p, q int) int { return cmp.Compare(f[q], f[p]) })
	a, b = min(peaks[0], peaks[1]), max(peaks[0], peaks[1])
	return a, b, true
}

func argmin(f []float64) int {
	best := 0
	for i, v := range f {
		if v < f[best] {
			best = i
		}
	}
	return best
}

// Bimodality checks the shape of output i over the draws (see
// Bimodality), from its histogram: bins are at most 2^-7 of their values
// wide, far finer than the kernel, so no draws need be kept.
func (p *Partial) Bimodality(i int) Modality {
	var x, w []float64
	for _, b := range p.st.out[i].hist {
		x = append(x, b.lo/2+b.hi/2)
		w = append(w, float64(b.n))
	}
	return Bimodality(x, w)
}
