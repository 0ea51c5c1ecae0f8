package estimate

import (
	"context"
	"math"
	"testing"
)

// TestVuongClarke reproduces games' comparison of the balance-of-power and
// regime models (games_examples_output.txt): Vuong 1.7, p = 0.087; Clarke
// 158 of 282 (56 %), model 1 preferred, p = 0.049.
func TestVuongClarke(t *testing.T) {
	d := readData(t, "war1800.csv")
	fit := func(name string) *Fit {
		f, err := Estimate(context.Background(), gamesModels[name].spec, d, Options{Method: "vmmin"})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	m1, m2 := fit("egame12_war1800_balance_of_power"), fit("egame12_war1800_regime")
	v, err := Vuong(m1, m2)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(v.Stat-1.7) > 0.05 || math.Abs(v.P-0.087) > 0.0005 || v.Preferred != 1 {
		t.Errorf("Vuong %+v; games: 1.7, p = 0.087", v)
	}
	c, err := Clarke(m1, m2)
	if err != nil {
		t.Fatal(err)
	}
	if c.Stat != 158 || math.Abs(c.P-0.049) > 0.0005 || c.Preferred != 1 {
		t.Errorf("Clarke %+v; games: 158, p = 0.049, model 1", c)
	}
}
