package scenario

import (
	"fmt"
	"math"
)

// check validates the parameters a distribution of its kind needs.
func (d *Distribution) check() error {
	need := func(names ...string) error {
		vals := map[string]*float64{"low": d.Low, "high": d.High, "mode": d.Mode, "mean": d.Mean, "sd": d.SD, "alpha": d.Alpha, "beta": d.Beta}
		for _, n := range names {
			if vals[n] == nil {
				return fmt.Errorf("a %s distribution needs %s", d.Kind, n)
			}
		}
		return nil
	}
	switch d.Kind {
	case "uniform":
		if err := need("low", "high"); err != nil {
			return err
		}
		if *d.Low > *d.High {
			return fmt.Errorf("uniform: low %v exceeds high %v", *d.Low, *d.High)
		}
	case "triangular", "pert":
		if err := need("low", "mode", "high"); err != nil {
			return err
		}
		if !(*d.Low <= *d.Mode && *d.Mode <= *d.High) || *d.Low == *d.High {
			return fmt.Errorf("%s: need low <= mode <= high and low < high", d.Kind)
		}
	case "normal", "lognormal":
		if err := need("mean", "sd"); err != nil {
			return err
		}
		if *d.SD <= 0 {
			return fmt.Errorf("%s: sd must be positive", d.Kind)
		}
		if d.Low != nil && d.High != nil && *d.Low >= *d.High {
			return fmt.Errorf("%s: truncation low must be below high", d.Kind)
		}
	case "beta":
		if err := need("alpha", "beta"); err != nil {
			return err
		}
		if *d.Alpha <= 0 || *d.Beta <= 0 {
			return fmt.Errorf("beta: alpha and beta must be positive")
		}
	case "discrete":
		return d.checkDiscrete()
	case "":
		return fmt.Errorf("missing kind: expected uniform, triangular, pert, normal, lognormal, beta or discrete")
	default:
		return fmt.Errorf("unknown kind %q: expected uniform, triangular, pert, normal, lognormal, beta or discrete", d.Kind)
	}
	return nil
}

func (d *Distribution) checkDiscrete() error {
	if len(d.Values) == 0 || len(d.Values) != len(d.Probs) {
		return fmt.Errorf("discrete: need values and as many probs")
	}
	sum := 0.0
	for _, p := range d.Probs {
		if p < 0 {
			return fmt.Errorf("discrete: negative probability %v", p)
		}
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		return fmt.Errorf("discrete: probabilities sum to %v, not 1", sum)
	}
	return nil
}
