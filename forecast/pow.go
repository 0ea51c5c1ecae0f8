package forecast

import "math"

// powCR returns x**y correctly rounded (up to astronomically rare hard
// cases), for x ≥ 0. The EUM replication runs in CPython, whose float power
// is the C library's pow; glibc's is correctly rounded in practice, while
// Go's math.Pow can be off by an ulp, enough to send a knife-edge offer the
// other way a few rounds later. powCR evaluates exp(y·log x) in
// double-double arithmetic (about 100 bits) and rounds once.
func powCR(x, y float64) float64 {
	switch {
	case y == 1:
		return x
	case y == 0 || x == 1:
		return 1
	case x == 0:
		if y > 0 {
			return 0
		}
		return math.Inf(1)
	case !(x > 0) || math.IsInf(x, 0) || !finite(y):
		return math.Pow(x, y)
	}
	l := ddLog(x)
	p := ddMulF(l, y)
	if p.hi > 709 || p.hi < -745 {
		return math.Pow(x, y) // overflow or underflow: no rounding subtleties
	}
	e := ddExp(p)
	return e.hi + e.lo
}

// dd is an unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	v := s - a
	return dd{s, (a - (s - v)) + (b - v)}
}

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) dd {
	p := a * b
	return dd{p, math.FMA(a, b, -p)}
}

func ddAdd(a, b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s.lo += t.hi
	s = quickTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return quickTwoSum(s.hi, s.lo)
}

func ddMul(a, b dd) dd {
	p := twoProd(a.hi, b.hi)
	p.lo += a.hi*b.lo + a.lo*b.hi
	return quickTwoSum(p.hi, p.lo)
}

func ddMulF(a dd, b float64) dd {
	p := twoProd(a.hi, b)
	p.lo += a.lo * b
	return quickTwoSum(p.hi, p.lo)
}

// ln2 in double-double.
var ddLn2 = dd{6.931471805599452862e-01, 2.319046813846299558e-17}

// ddInvFact[k] = 1/k! in double-double, k = 0..12.
var ddInvFact = func() []dd {
	f := make([]dd, 13)
	f[0] = dd{1, 0}
	for k := 1; k < len(f); k++ {
		f[k] = ddDivF(f[k-1], float64(k))
	}
	return f
}()

// ddDivF divides a double-double by a double.
func ddDivF(a dd, b float64) dd {
	q1 := a.hi / b
	p := twoProd(q1, b)
	r := ddAdd(a, dd{-p.hi, -p.lo})
	q2 := r.hi / b
	p = twoProd(q2, b)
	r = ddAdd(r, dd{-p.hi, -p.lo})
	q3 := r.hi / b
	s := quickTwoSum(q1, q2)
	return ddAdd(s, dd{q3, 0})
}

// ddExp returns e^a: reduce a = k·ln2 + r, |r| ≤ ln2/2, evaluate
// expm1(r/1024) by its Taylor series and square back ten times.
func ddExp(a dd) dd {
	k := math.Round(a.hi / ddLn2.hi)
	r := ddAdd(a, ddMulF(ddLn2, -k))
	const scale = 1024
	r = dd{r.hi / scale, r.lo / scale}
	// s = expm1(r) = r + r²/2! + ... + r^12/12!
	term := r
	s := r
	for i := 2; i < len(ddInvFact); i++ {
		term = ddMul(term, r)
		s = ddAdd(s, ddMul(term, ddInvFact[i]))
	}
	for range 10 { // expm1(2r) = 2s + s²
		s = ddAdd(dd{2 * s.hi, 2 * s.lo}, ddMul(s, s))
	}
	s = ddAdd(s, dd{1, 0})
	return dd{math.Ldexp(s.hi, int(k)), math.Ldexp(s.lo, int(k))}
}

// ddLog returns log x for x > 0 by one Newton step on exp from math.Log:
// y ← y + x·e^{−y} − 1.
func ddLog(x float64) dd {
	y := dd{math.Log(x), 0}
	e := ddExp(dd{-y.hi, -y.lo})
	t := ddAdd(ddMulF(e, x), dd{-1, 0})
	return ddAdd(y, t)
}
