package polysys

import "github.com/tablero-project/tablero/solve/internal/float"

// This file holds the solution of a system on which three or more groups
// mix, by subdivision and, where it does not finish, by homotopy, and the
// charge of their work to a budget.

// kernelUnits is the number of units of the floating-point kernels'
// arithmetic (the subdivision's cells, the homotopy's predictor steps
// and corrector iterations, counted as in Isolate and homotopy)
// that one budget step stands for. Measured on Gambit's random games, a
// unit costs 6–14 ns, while a step of enummixed (a ratio test) costs
// about 250–330 ns and one of lcp (a pivot) about 760 ns: counting
// every unit as a step made enumpoly's budget 20–60 times shorter in
// time than the others'. With 16 units a step costs about 90–220 ns.
// Memory does not grow with these units (the subdivision's stack is
// bounded by its depth, a path keeps a fixed number of vectors), so the
// budget's memory bound is unchanged.
const kernelUnits = 16

// kernelCharge returns the charge of the floating-point kernels: one
// step of meter per kernelUnits units, the remainder carried over (a
// charge of fewer units still checks the context).
func kernelCharge(meter *float.Meter) func(int) error {
	rem := 0
	return func(units int) error {
		rem += units
		steps := rem / kernelUnits
		rem -= steps * kernelUnits
		return meter.Charge(steps)
	}
}

// Solve returns the real solutions of a system of three or more groups:
// the roots Isolate finds if it accounts for the whole domain within its
// cells (none if it excludes every cell), else the real ends of the
// homotopy (Homotopy, at most maxIter steps a path). Its work is charged
// to meter, one step per 16 units of arithmetic.
func (s *System) Solve(rng interface{ NormFloat64() float64 }, maxIter int, meter *float.Meter) ([][]float64, error) {
	charge := kernelCharge(meter)
	// The subdivision may examine more cells the more paths it can save,
	// fewer beyond isolateDim unknowns, where it seldom completes.
	perPath := cellsPerPath
	if s.dim > isolateDim {
		perPath = cellsPerPathHigh
	}
	cells := min(excludeMaxCells, max(excludeCells, perPath*Bezout(s.size)))
	roots, complete, err := s.Isolate(cells, charge)
	if err != nil || complete {
		return roots, err
	}
	return s.Homotopy(rng, maxIter, charge)
}

// Homotopy tracks every path of the homotopy of s (at most maxIter steps
// each, charged by charge in units of arithmetic) and returns the real
// ends, refined by Newton's method.
func (s *System) Homotopy(rng interface{ NormFloat64() float64 }, maxIter int, charge func(int) error) ([][]float64, error) {
	h := newHomotopy(s, rng, maxIter, charge)
	var out [][]float64
	err := h.eachStart(func(x0 []complex128) error {
		end, ok, err := h.track(x0)
		if err != nil || !ok {
			return err
		}
		if x, ok := realEnd(end); ok {
			s.newton(x)
			out = append(out, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Bezout returns the multihomogeneous Bézout number of the indifference
// equations for support sizes x: the number of ways to give each
// equation of a mixing player one other mixing player, each player q
// being given exactly x[q]−1 equations. It is the number of the
// homotopy's paths.
func Bezout(x []int) int {
	var mixed []int
	for p, k := range x {
		if k > 1 {
			mixed = append(mixed, p)
		}
	}
	if len(mixed) == 0 {
		return 1
	}
	capLeft := make([]int, len(mixed))
	for i, p := range mixed {
		capLeft[i] = x[p] - 1
	}
	var rec func(i, left int) int
	rec = func(i, left int) int {
		if i == len(mixed) {
			return 1
		}
		if left == 0 {
			if i+1 == len(mixed) {
				return rec(i+1, 0)
			}
			return rec(i+1, x[mixed[i+1]]-1)
		}
		total := 0
		for j := range mixed {
			if j != i && capLeft[j] > 0 {
				capLeft[j]--
				total += rec(i, left-1)
				capLeft[j]++
			}
		}
		return total
	}
	// Equations are ordered, so this counts ordered assignments.
	return rec(0, x[mixed[0]]-1)
}
