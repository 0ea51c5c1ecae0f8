package negotiate

import (
	"context"
	"math/rand/v2"
	"testing"
)

// Benchmarks beside the peers' timings (../shared/research/negotiation.md
// §7, measured there on a shared 2-core machine). Results are in
// docs/benchmarks-negotiate.md.

func peerSpace(b *testing.B, name string, n int, opt XMLOptions) (*Domain, []*Profile) {
	needPeers(b)
	return loadPeer(b, peerLookup(b, name), n, opt)
}

// BenchmarkStats is the equivalent of NegMAS's calc_scenario_stats on two
// profiles: evaluate every outcome, the frontier, Nash / Kalai / KS /
// modified variants / welfare, opposition and rational fraction.
func BenchmarkStats(b *testing.B) {
	for _, name := range []string{"Energy", "Travel", "ParsCat3p"} {
		b.Run(name, func(b *testing.B) {
			d, ps := peerSpace(b, name, 2, XMLOptions{NoCap: true})
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s, err := Evaluate(ctx, d, ps, 0)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Analyze(ctx, s, NegMAS, AnalysisOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParetoEndToEnd is NegMAS's pareto_frontier end to end
// (evaluation of both profiles + frontier) and GENIUS's BidSpace Pareto.
func BenchmarkParetoEndToEnd(b *testing.B) {
	for _, name := range []string{"Laptop", "EnglandZimbabwe", "Camera", "Car", "Wholesaler", "SupermarketC", "Travel", "Energy", "ParsCat3p"} {
		b.Run(name, func(b *testing.B) {
			d, ps := peerSpace(b, name, 2, XMLOptions{})
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s, err := Evaluate(ctx, d, ps, 0)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Pareto(ctx, s, ParetoOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParetoOnly is the dominance filter alone on pre-computed
// utilities (NegMAS's pareto_frontier_numpy), all profiles of the domain.
func BenchmarkParetoOnly(b *testing.B) {
	for _, name := range []string{"Energy", "Travel", "ParsCat3p"} {
		b.Run(name, func(b *testing.B) {
			d, ps := peerSpace(b, name, 0, XMLOptions{})
			s, err := Evaluate(context.Background(), d, ps, 0)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Pareto(context.Background(), s, ParetoOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// synthetic is a random additive bilateral domain with issues^values
// outcomes.
func synthetic(issues, values int, seed uint64) (*Domain, []*Profile) {
	rng := rand.New(rand.NewPCG(seed, 99))
	d := &Domain{Name: "synthetic"}
	for i := 0; i < issues; i++ {
		is := Issue{Name: string(rune('a' + i)), Kind: Discrete}
		for k := 0; k < values; k++ {
			is.Values = append(is.Values, string(rune('0'+k%10))+string(rune('a'+k/10)))
		}
		d.Issues = append(d.Issues, is)
	}
	var ps []*Profile
	for p := 0; p < 2; p++ {
		pr := &Profile{Name: string(rune('A' + p))}
		tot := 0.0
		for i := 0; i < issues; i++ {
			w := rng.Float64()
			tot += w
			pr.Weights = append(pr.Weights, w)
			t := make([]float64, values)
			for k := range t {
				t[k] = rng.Float64()
			}
			pr.Evaluators = append(pr.Evaluators, Evaluator{Kind: EvalTable, Table: NormalizeMax(t)})
		}
		for i := range pr.Weights {
			pr.Weights[i] /= tot
		}
		ps = append(ps, pr)
	}
	return d, ps
}

// BenchmarkSynthetic1e6 is the frontier of a random 10^6-outcome bilateral
// domain (6 issues × 10 values): evaluation + frontier, the frontier alone,
// and the branch-and-bound search that does not enumerate.
func BenchmarkSynthetic1e6(b *testing.B) {
	d, ps := synthetic(6, 10, 1)
	ctx := context.Background()
	b.Run("evaluate+pareto", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s, err := Evaluate(ctx, d, ps, 0)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Pareto(ctx, s, ParetoOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	s, err := Evaluate(ctx, d, ps, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("pareto", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := Pareto(ctx, s, ParetoOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := ParetoSearch(ctx, d, ps, SearchOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkNegotiation is one LinearTB-vs-LinearTB negotiation, views
// built once (as in a tournament); NegMAS: 5.1 s CPU on Energy.
func BenchmarkNegotiation(b *testing.B) {
	for _, name := range []string{"Laptop", "Camera", "Car", "Travel", "Energy"} {
		b.Run(name, func(b *testing.B) {
			d, ps := peerSpace(b, name, 2, XMLOptions{NoCap: true})
			s, err := Evaluate(context.Background(), d, ps, 0)
			if err != nil {
				b.Fatal(err)
			}
			views := []*View{NewView(s, 0), NewView(s, 1)}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Run(context.Background(), s, []Negotiator{NewLinear(), NewLinear()}, views, Protocol{NSteps: 100}); err != nil {
					b.Fatal(err)
				}
			}
		})
		// with setup: evaluating the space and presorting both views, as
		// NegMAS's figure includes building the negotiators
		b.Run(name+"+setup", func(b *testing.B) {
			d, ps := peerSpace(b, name, 2, XMLOptions{NoCap: true})
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s, err := Evaluate(context.Background(), d, ps, 0)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Run(context.Background(), s, []Negotiator{NewLinear(), NewLinear()}, nil, Protocol{NSteps: 100}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTournament measures tournament throughput: 5 agents (25 ordered
// pairings) × the small and medium peer domains, 100 steps.
func BenchmarkTournament(b *testing.B) {
	needPeers(b)
	var scs []Scenario
	for _, name := range []string{"Laptop", "ItexvsCypress", "EnglandZimbabwe", "Grocery", "Camera", "Party"} {
		d, ps := loadPeer(b, peerLookup(b, name), 2, XMLOptions{NoCap: true})
		s, err := Evaluate(context.Background(), d, ps, 0)
		if err != nil {
			b.Fatal(err)
		}
		scs = append(scs, Scenario{Name: name, Space: s})
	}
	cfg := TournamentConfig{Agents: []string{"Boulware", "Linear", "Conceder", "NaiveTitForTat", "MiCRO"}, Scenarios: scs, Protocol: Protocol{NSteps: 100}}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		res, err := RunTournament(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		n += len(res.Records)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "negotiations/s")
}

// BenchmarkNonlinear10issues is the frontier of the 10^10-outcome ANAC
// 2014 domain by branch and bound (no enumeration).
func BenchmarkNonlinear10issues(b *testing.B) {
	d, ps := peerSpace(b, "Nonlinear10issues", 2, XMLOptions{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := ParetoSearch(context.Background(), d, ps, SearchOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
