package float

import "slices"

// Jacobian computes the payoff Jacobian of a game (the derivatives of the strategy values) in one pass per pair of
// players over the supports of the other players: the path followers
// evaluate it at every step, often at profiles whose supports are small.
// A Jacobian holds scratch space: one per goroutine.
type Jacobian struct {
	g      *Game
	stride []int   // stride of each player's strategy in a cell index
	supp   [][]int // each player's support at the current profile
	others []int   // the players other than the current pair
	at     []int   // position of each of them in its support (odometer)
	blk    []float64
}

// NewJacobian prepares the Jacobian of g.
func NewJacobian(g *Game) *Jacobian {
	j := &Jacobian{g: g, stride: make([]int, g.N), supp: make([][]int, g.N),
		others: make([]int, 0, g.N), at: make([]int, g.N), blk: make([]float64, slices.Max(g.Sizes)*slices.Max(g.Sizes))}
	s := 1
	for p, n := range g.Sizes {
		j.stride[p] = s
		s *= n
		j.supp[p] = make([]int, 0, n)
	}
	return j
}

// Compute writes into dg (m×m, row-major) dg[i][k] = value of strategy i
// (player p) when player q ≠ p plays strategy k and the others play x;
// blocks with q = p are zero. It is the Jacobian of the strategy values,
// and dg·x = (n−1)·values.
func (j *Jacobian) Compute(x, dg []float64) {
	g := j.g
	clear(dg[:g.M*g.M])
	for p := range g.N {
		j.supp[p] = j.supp[p][:0]
		for i := range g.Sizes[p] {
			if x[g.Off[p]+i] != 0 {
				j.supp[p] = append(j.supp[p], i)
			}
		}
	}
	for p := range g.N {
		for q := p + 1; q < g.N; q++ {
			j.pair(p, q, x, dg)
		}
	}
}

// pair adds the blocks (p, q) and (q, p) of the Jacobian into dg,
// enumerating the pure profiles of the other players on their supports.
func (j *Jacobian) pair(p, q int, x, dg []float64) {
	g, m := j.g, j.g.M
	j.others = j.others[:0]
	for r := range g.N {
		if r != p && r != q {
			if len(j.supp[r]) == 0 {
				return
			}
			j.others = append(j.others, r)
		}
	}
	at := j.at[:len(j.others)]
	clear(at)
	dp, dq := g.Sizes[p], g.Sizes[q]
	blk := j.blk[:dp*dq] // block (p, q), transposed
	clear(blk)
	tp, tq := g.Pay[p], g.Pay[q]
	sp, sq := j.stride[p], j.stride[q]
	for {
		w, base := 1.0, 0
		for k, r := range j.others {
			s := j.supp[r][at[k]]
			w *= x[g.Off[r]+s]
			base += s * j.stride[r]
		}
		for b := range dq {
			rowQ := dg[(g.Off[q]+b)*m+g.Off[p]:][:dp]
			col := blk[b*dp:][:dp]
			c := base + b*sq
			if sp == 1 { // player 0: contiguous
				axpy(rowQ, w, tq[c:c+dp])
				axpy(col, w, tp[c:c+dp])
				continue
			}
			for a := range rowQ {
				rowQ[a] += w * tq[c+a*sp]
				col[a] += w * tp[c+a*sp]
			}
		}
		if !j.next(at) {
			break
		}
	}
	for a := range dp {
		rowP := dg[(g.Off[p]+a)*m+g.Off[q]:][:dq]
		for b := range rowP {
			rowP[b] = blk[b*dp+a]
		}
	}
}

// axpy adds w·x to y (of the same length).
func axpy(y []float64, w float64, x []float64) {
	x = x[:len(y)]
	for i := range y {
		y[i] += w * x[i]
	}
}

// next advances the odometer over the others' supports and reports
// whether a profile is left.
func (j *Jacobian) next(at []int) bool {
	for k, r := range j.others {
		if at[k]++; at[k] < len(j.supp[r]) {
			return true
		}
		at[k] = 0
	}
	return false
}
