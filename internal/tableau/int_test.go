package tableau

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// randBig returns a random integer of up to bitsN bits, either sign.
func randBig(rng *rand.Rand, bitsN int) *big.Int {
	x := new(big.Int)
	for i := 0; i < bitsN; i += 32 {
		x.Lsh(x, 32)
		x.Or(x, big.NewInt(int64(rng.Uint32())))
	}
	x.Rsh(x, uint(x.BitLen()-rng.IntN(bitsN+1)))
	if rng.IntN(2) == 0 {
		x.Neg(x)
	}
	return x
}

func TestIntRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		x := randBig(rng, 1+rng.IntN(200))
		v := FromBig(x)
		if v.Big().Cmp(x) != 0 {
			t.Fatalf("round trip of %s gives %s", x, v.Big())
		}
		if v.Sign() != x.Sign() {
			t.Fatalf("sign of %s: %d", x, v.Sign())
		}
		if n := v.Neg().Big(); n.Cmp(new(big.Int).Neg(x)) != 0 {
			t.Fatalf("-(%s) = %s", x, n)
		}
		if x.BitLen() <= smallBits && v.b != nil {
			t.Fatalf("%s should be small", x)
		}
	}
}

func TestMulSubDiv(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := range 200000 {
		d := randBig(rng, 1+rng.IntN(130))
		if d.Sign() == 0 {
			continue
		}
		if rng.IntN(4) == 0 { // powers of two in the divisor
			d.Lsh(d, uint(rng.IntN(100)))
		}
		q := randBig(rng, 1+rng.IntN(130))
		e := randBig(rng, 1+rng.IntN(130))
		f := randBig(rng, 1+rng.IntN(130))
		p := randBig(rng, 1+rng.IntN(70))
		if p.Sign() == 0 {
			p.SetInt64(1)
		}
		// Choose a with a·p = q·d + e·f: scale q so that p divides.
		q.Mul(q, p)
		n := new(big.Int).Mul(q, d)
		n.Add(n, new(big.Int).Mul(e, f))
		if new(big.Int).Rem(n, p).Sign() != 0 {
			// make p divide n by replacing e with a multiple of p
			e.Mul(e, p)
			n.Mul(q, d)
			n.Add(n, new(big.Int).Mul(e, f))
		}
		a := new(big.Int).Quo(n, p)
		got := MulSubDiv(FromBig(a), FromBig(p), FromBig(e), FromBig(f), NewDivisor(FromBig(d)))
		if got.Big().Cmp(q) != 0 {
			t.Fatalf("iteration %d: (%s·%s − %s·%s)/%s = %s, want %s", iter, a, p, e, f, d, got.Big(), q)
		}
	}
}

func TestCmpProd(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		bitsN := 1 + rng.IntN(130)
		a, b, c, d := randBig(rng, bitsN), randBig(rng, bitsN), randBig(rng, bitsN), randBig(rng, bitsN)
		if rng.IntN(3) == 0 { // equal products
			c, d = new(big.Int).Set(b), new(big.Int).Set(a)
		}
		var x, y big.Int
		x.Mul(a, b)
		y.Mul(c, d)
		want := x.Cmp(&y)
		if got := CmpProd(FromBig(a), FromBig(b), FromBig(c), FromBig(d)); got != want {
			t.Fatalf("sign(%s·%s − %s·%s) = %d, want %d", a, b, c, d, got, want)
		}
	}
}

func TestAddMulCmp(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 50000 {
		x, y := randBig(rng, 1+rng.IntN(128)), randBig(rng, 1+rng.IntN(128))
		if s := FromBig(x).Add(FromBig(y)).Big(); s.Cmp(new(big.Int).Add(x, y)) != 0 {
			t.Fatalf("%s + %s = %s", x, y, s)
		}
		if p := FromBig(x).Mul(FromBig(y)).Big(); p.Cmp(new(big.Int).Mul(x, y)) != 0 {
			t.Fatalf("%s × %s = %s", x, y, p)
		}
		if c := FromBig(x).Cmp(FromBig(y)); c != x.Cmp(y) {
			t.Fatalf("cmp(%s, %s) = %d", x, y, c)
		}
	}
}

// TestUpdateRow checks UpdateRow against big-integer arithmetic on rows
// whose quotients take each of its paths (64 bits, 128 bits, big), with
// odd and even divisors and the skipped column anywhere or nowhere.
func TestUpdateRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for iter := range 20000 {
		d := randBig(rng, 1+rng.IntN(40))
		if d.Sign() == 0 {
			d.SetInt64(1)
		}
		if rng.IntN(2) == 0 {
			d.Lsh(d, uint(rng.IntN(20)))
		}
		// p = d·p', e = d·e', so that every numerator is a multiple of d.
		scale := 1 + rng.IntN(40)
		p1, e1 := randBig(rng, scale), randBig(rng, scale)
		if p1.Sign() == 0 {
			p1.SetInt64(1)
		}
		if rng.IntN(5) == 0 {
			e1.SetInt64(0)
		}
		p, e := new(big.Int).Mul(d, p1), new(big.Int).Mul(d, e1)
		n := 1 + rng.IntN(25)
		entryBits := 1 + rng.IntN(90)
		row, pr := make([]Int, n), make([]Int, n)
		for k := range n {
			row[k], pr[k] = FromBig(randBig(rng, entryBits)), FromBig(randBig(rng, entryBits))
		}
		skip := rng.IntN(n+1) - 1
		before := append([]Int(nil), row...)
		dv := NewDivisor(FromBig(d))
		m := dv.UpdateRow(row, pr, FromBig(p), FromBig(e), skip, RowBits(row), RowBits(pr))
		for k := range n {
			want := before[k].Big()
			if k != skip {
				want.Mul(want, p1)
				want.Sub(want, new(big.Int).Mul(e1, pr[k].Big()))
			}
			if got := row[k].Big(); got.Cmp(want) != 0 {
				t.Fatalf("iteration %d, entry %d (skip %d): %s, want %s", iter, k, skip, got, want)
			}
			if k != skip && m >= 0 && want.BitLen() > m {
				t.Fatalf("iteration %d, entry %d: %d bits, bound %d", iter, k, want.BitLen(), m)
			}
		}
	}
}
