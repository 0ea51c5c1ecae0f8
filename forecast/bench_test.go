package forecast

import (
	"context"
	"testing"
)

// BenchmarkSMP times KTAB's default model on the shipped KTAB datasets
// (smpc takes 0.2–43 s on them, mostly logging), the 80- and 160-actor
// synthetic sets and the stochastic XML scenario.
func BenchmarkSMP(b *testing.B) {
	for _, ds := range []string{"SOE-Pol-Comp", "SOE-Policy", "SOE-Competitive", "dummyData_3Dim", "dummyData_6Dim",
		"dummyData-a040", "dummyData-a080", "dummyData-a160"} {
		b.Run(ds, func(b *testing.B) {
			tb := ktabInput(b, peer(b, "ktab", "input", ds+".csv"))
			benchSMP(b, tb, SMPOptions{})
		})
	}
	b.Run("smpExample_fixed.xml", func(b *testing.B) {
		tb, err := ReadFile(peer(b, "ktab", "input", "smpExample_fixed.xml"))
		if err != nil {
			b.Fatal(err)
		}
		benchSMP(b, tb, *tb.SMP)
	})
}

func benchSMP(b *testing.B, tb *Table, o SMPOptions) {
	turns := 0
	defer reportCPU(b, cpuTime(), 1)
	for b.Loop() {
		res, err := RunSMP(context.Background(), tb, o)
		if err != nil {
			b.Fatal(err)
		}
		turns = res.Turns
	}
	b.ReportMetric(float64(turns), "turns")
}

// BenchmarkEUMRound times one round of the Scholz-code EUM (the run is 10
// rounds; the metric is per round).
func BenchmarkEUMRound(b *testing.B) {
	for _, ds := range eumDatasets {
		b.Run(ds, func(b *testing.B) {
			tb := eumInput(b, ds)
			o := EUMPresets["scholz-code"]
			o.StopOnCycle = false
			defer reportCPU(b, cpuTime(), 10)
			for b.Loop() {
				if _, err := RunEUM(context.Background(), tb, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBaselines times the three static models on the 160-actor set.
func BenchmarkBaselines(b *testing.B) {
	tb := ktabInput(b, peer(b, "ktab", "input", "dummyData-a160.csv"))
	for b.Loop() {
		if _, err := Baselines(tb); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSensitivity times 100 SMP draws on the flagship table.
func BenchmarkSensitivity(b *testing.B) {
	tb, err := ReadFile("../scenarios/us-mexico-2025.yaml")
	if err != nil {
		b.Fatal(err)
	}
	sh := Shocks{Draws: 100, Seed: 1, Ranges: true, Salience: 0.05, Drop: 0.1}
	for b.Loop() {
		if _, err := RunSensitivity(context.Background(), tb, Options{Model: ModelSMP}, sh); err != nil {
			b.Fatal(err)
		}
	}
}

// reportCPU reports the CPU time per operation (divided by per, e.g.
// rounds per run) since start: with -cpu 1 it is the single-threaded cost,
// robust to other load on the machine.
func reportCPU(b *testing.B, start int64, per float64) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/per/1e6, "cpu-ms/op")
}
