package exact

import (
	"math"
	"math/big"
	"testing"
)

func TestAddOverflowsToBig(t *testing.T) {
	a := FromBig(big.NewInt(math.MaxInt64))
	s := a.Add(FromBig(big.NewInt(1)))
	want := new(big.Int).Add(big.NewInt(math.MaxInt64), big.NewInt(1))
	if s.Big().Cmp(want) != 0 {
		t.Errorf("MaxInt64 + 1 = %v, want %v", s.Big(), want)
	}
	if s.Cmp(a) <= 0 || a.Cmp(s) >= 0 || s.Cmp(s) != 0 {
		t.Error("comparisons across representations are wrong")
	}
}

func TestScaleAll(t *testing.T) {
	tests := []struct {
		in   []string
		want []int64
		den  int64
	}{
		{[]string{"1/2", "1/3", "2"}, []int64{3, 2, 12}, 6},
		{[]string{"-3/4", "5"}, []int64{-3, 20}, 4},
		{[]string{"7"}, []int64{7}, 1},
	}
	for _, tt := range tests {
		var rats []*big.Rat
		for _, s := range tt.in {
			r, _ := new(big.Rat).SetString(s)
			rats = append(rats, r)
		}
		got, d := ScaleAll(rats)
		if d.Int64() != tt.den {
			t.Errorf("%v: denominator %v, want %d", tt.in, d, tt.den)
		}
		for i, g := range got {
			if g.Big().Int64() != tt.want[i] || g.Rat(d).Cmp(rats[i]) != 0 {
				t.Errorf("%v: term %d scaled to %v, want %d", tt.in, i, g.Big(), tt.want[i])
			}
		}
	}
	huge, _ := new(big.Rat).SetString("10000000000000000000/3")
	got, d := ScaleAll([]*big.Rat{huge, big.NewRat(1, 7)})
	if got[0].Rat(d).Cmp(huge) != 0 {
		t.Error("huge value not kept exactly")
	}
}
