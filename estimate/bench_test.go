package estimate

import (
	"context"
	"testing"
)

// The benchmarks fit the headline models of games_timings.csv (war1800,
// 282 observations, 10 parameters) and run its 100-replicate bootstrap.

func benchFit(b *testing.B, spec Spec, method string) {
	d := readData(b, "war1800.csv")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Estimate(context.Background(), spec, d, Options{Method: method}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitProbitAgentVmmin(b *testing.B) {
	benchFit(b, Spec{Model: "egame12", Formula: headline}, "vmmin")
}

func BenchmarkFitProbitAgentBFGS(b *testing.B) {
	benchFit(b, Spec{Model: "egame12", Formula: headline}, "bfgs")
}

func BenchmarkFitProbitAgentNewton(b *testing.B) {
	benchFit(b, Spec{Model: "egame12", Formula: headline}, "newton")
}

func BenchmarkFitProbitPrivateVmmin(b *testing.B) {
	benchFit(b, Spec{Model: "egame12", Formula: headline, Noise: Private}, "vmmin")
}

func BenchmarkFitProbitPrivateBFGS(b *testing.B) {
	benchFit(b, Spec{Model: "egame12", Formula: headline, Noise: Private}, "bfgs")
}

func benchBoot(b *testing.B, workers int) {
	fit := headlineFit(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := fit.Boot(context.Background(), 100, 1, workers); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBoot100Workers1(b *testing.B) { benchBoot(b, 1) }
func BenchmarkBoot100Workers2(b *testing.B) { benchBoot(b, 2) }
