package negotiate

import "math/bits"

// argsortIntro sorts idx so that v[idx[0]] <= v[idx[1]] <= ... with the
// introsort NumPy uses for np.argsort(kind="quicksort") on float64 arrays
// (median-of-three quicksort, insertion sort for partitions of at most 16 elements, heapsort
// when the recursion gets too deep). The algorithm is not stable; using it
// reproduces the order NegMAS's presorted inverters give to outcomes of
// equal utility, hence which of them a time-based agent offers. Written
// from the published algorithm (NumPy, BSD licence).
func argsortIntro(v []float64, idx []int32) {
	num := len(idx)
	if num < 2 {
		return
	}
	less := func(a, b float64) bool { return a < b || (b != b && a == a) }
	type frame struct{ pl, pr, depth int }
	var stack [128]frame
	sp := 0
	pl, pr := 0, num-1
	cdepth := (bits.Len(uint(num)) - 1) * 2
	for {
		if cdepth < 0 {
			aheapsort(v, idx[pl:pr+1], less)
			goto pop
		}
		for pr-pl > 15 {
			pm := pl + (pr-pl)>>1
			if less(v[idx[pm]], v[idx[pl]]) {
				idx[pm], idx[pl] = idx[pl], idx[pm]
			}
			if less(v[idx[pr]], v[idx[pm]]) {
				idx[pr], idx[pm] = idx[pm], idx[pr]
			}
			if less(v[idx[pm]], v[idx[pl]]) {
				idx[pm], idx[pl] = idx[pl], idx[pm]
			}
			vp := v[idx[pm]]
			pi, pj := pl, pr-1
			idx[pm], idx[pj] = idx[pj], idx[pm]
			for {
				pi++
				for less(v[idx[pi]], vp) {
					pi++
				}
				pj--
				for less(vp, v[idx[pj]]) {
					pj--
				}
				if pi >= pj {
					break
				}
				idx[pi], idx[pj] = idx[pj], idx[pi]
			}
			pk := pr - 1
			idx[pi], idx[pk] = idx[pk], idx[pi]
			// push the larger partition, continue with the smaller
			cdepth--
			if pi-pl < pr-pi {
				stack[sp] = frame{pi + 1, pr, cdepth}
				pr = pi - 1
			} else {
				stack[sp] = frame{pl, pi - 1, cdepth}
				pl = pi + 1
			}
			sp++
		}
		// insertion sort
		for pi := pl + 1; pi <= pr; pi++ {
			vi := idx[pi]
			vpv := v[vi]
			pj := pi
			for pj > pl && less(vpv, v[idx[pj-1]]) {
				idx[pj] = idx[pj-1]
				pj--
			}
			idx[pj] = vi
		}
	pop:
		if sp == 0 {
			break
		}
		sp--
		pl, pr, cdepth = stack[sp].pl, stack[sp].pr, stack[sp].depth
	}
}

func aheapsort(v []float64, tosort []int32, less func(a, b float64) bool) {
	n := len(tosort)
	a := func(i int) *int32 { return &tosort[i-1] } // 1-based view
	for l := n >> 1; l > 0; l-- {
		tmp := *a(l)
		i, j := l, l<<1
		for j <= n {
			if j < n && less(v[*a(j)], v[*a(j + 1)]) {
				j++
			}
			if less(v[tmp], v[*a(j)]) {
				*a(i) = *a(j)
				i = j
				j += j
			} else {
				break
			}
		}
		*a(i) = tmp
	}
	for n > 1 {
		tmp := *a(n)
		*a(n) = *a(1)
		n--
		i, j := 1, 2
		for j <= n {
			if j < n && less(v[*a(j)], v[*a(j + 1)]) {
				j++
			}
			if less(v[tmp], v[*a(j)]) {
				*a(i) = *a(j)
				i = j
				j += j
			} else {
				break
			}
		}
		*a(i) = tmp
	}
}
