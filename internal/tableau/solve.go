package tableau

// SolveSquare solves the square system m·x = b by fraction-free
// Gauss–Jordan elimination, in place: m has k rows of k+1 entries, b
// last. It returns the numerators num (x_i = num[i]/det) and the common
// denominator det, which may be negative; ok is false if the matrix is
// singular. The rows of m are permuted, and num reuses the storage of
// the caller's scratch slice when there is one (see SolveSquareInto).
func SolveSquare(m [][]Int) (num []Int, det Int, ok bool) {
	return SolveSquareInto(m, nil)
}

// SolveSquareInto is SolveSquare with num appended to buf[:0].
func SolveSquareInto(m [][]Int, buf []Int) (num []Int, det Int, ok bool) {
	k := len(m)
	var stack [64]int
	bits := stack[:0]
	if k > len(stack) {
		bits = make([]int, 0, k)
	}
	bits = bits[:k]
	for i, row := range m {
		bits[i] = RowBits(row)
	}
	det = NewInt(1)
	var div Divisor
	for c := range k {
		r := c
		for r < k && m[r][c].IsZero() {
			r++
		}
		if r == k {
			return nil, Int{}, false
		}
		m[c], m[r] = m[r], m[c]
		bits[c], bits[r] = bits[r], bits[c]
		p := m[c][c]
		div.Set(det)
		pr := m[c][c+1:]
		for i := range k {
			if i != c {
				bits[i] = div.UpdateRow(m[i][c+1:], pr, p, m[i][c], -1, bits[i], bits[c])
			}
		}
		det = p
	}
	num = buf[:0]
	for i := range k {
		num = append(num, m[i][k])
	}
	return num, det, true
}

// IndependentRows returns the indices, in increasing order, of a maximal
// set of linearly independent rows of m (whose rows all have the same
// length). m is not modified.
func IndependentRows(m [][]Int) []int {
	rows := make([][]Int, len(m))
	idx := make([]int, len(m))
	bits := make([]int, len(m))
	for i, row := range m {
		rows[i] = append([]Int(nil), row...)
		idx[i] = i
		bits[i] = RowBits(row)
	}
	if len(m) == 0 {
		return nil
	}
	det := NewInt(1)
	var div Divisor
	rank := 0
	for c := 0; c < len(m[0]) && rank < len(m); c++ {
		r := rank
		for r < len(m) && rows[r][c].IsZero() {
			r++
		}
		if r == len(m) {
			continue
		}
		rows[rank], rows[r] = rows[r], rows[rank]
		idx[rank], idx[r] = idx[r], idx[rank]
		bits[rank], bits[r] = bits[r], bits[rank]
		p := rows[rank][c]
		div.Set(det)
		pr := rows[rank][c+1:]
		for i := rank + 1; i < len(m); i++ {
			bits[i] = div.UpdateRow(rows[i][c+1:], pr, p, rows[i][c], -1, bits[i], bits[rank])
			rows[i][c] = Int{}
		}
		det = p
		rank++
	}
	out := append([]int(nil), idx[:rank]...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
