package negotiate

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestSimulateWinSets checks Putnam's two-level logic in simulated
// negotiations on testdata/crisis-2.6.yaml: two-level negotiators never
// agree on a package outside a win-set, and negotiators told to ignore
// their win-sets have every breach flagged, with its labels.
func TestSimulateWinSets(t *testing.T) {
	s := mustSpec(t, "testdata/crisis-2.6.yaml")
	ctx := context.Background()
	breaches := 0
	for _, mx := range []string{"T", "L"} {
		opt := BuildOptions{Types: map[string]string{"MX": mx}}
		d, ps, _, err := s.Build(opt)
		if err != nil {
			t.Fatal(err)
		}
		ws, err := s.CompileWinSets(opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, agents := range [][]string{{"Boulware", "Conceder"}, {"Conceder", "Conceder"}, {"Linear", "MiCRO"}, {"Random", "Random"}, {"Hardliner", "Conceder"}} {
			for _, ignore := range []bool{false, true} {
				name := fmt.Sprintf("MX=%s/%s/ignore=%v", mx, strings.Join(agents, "-"), ignore)
				sim, err := Simulate(ctx, d, ps, SimulateOptions{Agents: agents, WinSets: ws, IgnoreWinSets: ignore, Protocol: Protocol{NSteps: 60, Seed: 3}})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				r := sim.Ratification
				if r == nil || r.Respected == ignore {
					t.Fatalf("%s: ratification %+v", name, r)
				}
				if !sim.Result.Agreed {
					continue
				}
				o := d.Decode(sim.Space.ID(int(sim.Result.Agreement)), nil)
				inside := true
				for p := range ps {
					inside = inside && ws.Admits(p, o, sim.Result.Utilities[p])
				}
				switch {
				case !ignore && !inside:
					t.Errorf("%s: two-level negotiators agreed outside a win-set: %v", name, sim.Space.Labels(sim.Result.Agreement))
				case !inside && len(r.Breaches) == 0:
					t.Errorf("%s: agreement %v outside a win-set without a flag", name, sim.Space.Labels(sim.Result.Agreement))
				case inside && len(r.Breaches) > 0:
					t.Errorf("%s: ratifiable agreement flagged: %+v", name, r.Breaches)
				}
				for _, b := range r.Breaches {
					breaches++
					if b.Party != "MX" || !strings.Contains(b.Reason, "Security cooperation: S2_joint_MX_control") {
						t.Errorf("%s: breach %+v", name, b)
					}
				}
				v := NewRunView(sim, false)
				if len(v.Package) != len(s.Issues) || v.Package[0].IssueLabel != "Security cooperation" {
					t.Errorf("%s: package %+v lacks labels", name, v.Package)
				}
			}
		}
	}
	if breaches == 0 {
		t.Error("no run ignoring the win-sets breached one: the flag path is untested")
	}
}

// TestRatifiedSpace checks the space two-level negotiators play on: an
// unratifiable package falls just below the reservation value of the
// party whose audience rejects it, and nothing else changes.
func TestRatifiedSpace(t *testing.T) {
	s := mustSpec(t, "testdata/crisis-2.6.yaml")
	opt := BuildOptions{Types: map[string]string{"MX": "T"}}
	d, ps, _, err := s.Build(opt)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := s.CompileWinSets(opt)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := Evaluate(context.Background(), d, ps, 0)
	if err != nil {
		t.Fatal(err)
	}
	rs, ok := ws.Ratified(sp)
	if ok[0] != nil || ok[1] == nil {
		t.Fatalf("masks: US %v, MX %v", ok[0] != nil, ok[1] != nil)
	}
	o := make([]int, len(d.Issues))
	n := 0
	for i := 0; i < sp.N; i++ {
		d.Decode(sp.ID(i), o)
		if rs.U[0][i] != sp.U[0][i] {
			t.Fatalf("US utility of %v changed", o)
		}
		joint := o[0] == 1
		if ok[1][i] == joint {
			t.Fatalf("package %v: ratified %v", o, ok[1][i])
		}
		if joint {
			n++
			if rs.U[1][i] >= ps[1].Reservation {
				t.Fatalf("unratifiable %v worth %.4f ≥ reservation %.4f", o, rs.U[1][i], ps[1].Reservation)
			}
		} else if rs.U[1][i] != sp.U[1][i] {
			t.Fatalf("ratifiable %v changed", o)
		}
	}
	if n != sp.N/2 {
		t.Errorf("%d unratifiable packages, want %d", n, sp.N/2)
	}
}

// BenchmarkSimulateWinSets times one Boulware–Conceder run on
// testdata/crisis-2.6.yaml (1458 packages) with and without two-level
// negotiators, to show what keeping to the win-sets costs.
func BenchmarkSimulateWinSets(b *testing.B) {
	s, err := LoadSpec("testdata/crisis-2.6.yaml")
	if err != nil {
		b.Fatal(err)
	}
	opt := BuildOptions{Types: map[string]string{"MX": "T"}}
	d, ps, _, err := s.Build(opt)
	if err != nil {
		b.Fatal(err)
	}
	ws, err := s.CompileWinSets(opt)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		ws   *WinSets
	}{{"none", nil}, {"two-level", ws}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Simulate(context.Background(), d, ps, SimulateOptions{WinSets: c.ws}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
