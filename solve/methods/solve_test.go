package methods_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/solve"
	"github.com/tablero-project/tablero/solve/methods"
)

// The games of testdata/ and their equilibria, computed by hand.
//
// pennies.nfg, matching pennies: the unique equilibrium is (1/2, 1/2) for
// both players, and so is the QRE at every λ, by symmetry.
//
// coordination.nfg: (A, A) pays 2 each, (B, B) 1 each, a mismatch 0. The
// equilibria are (A, A), (B, B) and the mixed one in which each plays A
// with probability 1/3, which makes the other indifferent (2p = 1 − p);
// each is its own maximal convex set. Logit's branch ends at (A, A).
//
// entry.efg: the entrant chooses In or Out (0, 2); after In the
// incumbent chooses Fight (−1, −1) or Accommodate (1, 1). The pure
// equilibria are (In, Accommodate), the only subgame-perfect one, and
// (Out, Fight); in the strategic form, Out with Fight at probability
// q ≥ 1/2 is a convex set of equilibria (In pays 1 − 2q ≤ 0) with
// extreme points q = 1 and q = 1/2.
//
// pennies.efg: matching pennies as a tree in which Odd does not see
// Even's coin: (1/2, 1/2) each in behaviour strategies too.

// readGame reads a game of testdata/.
func readGame(t testing.TB, name string) *gambit.File {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, err := gambit.Read(fh)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func TestSolve(t *testing.T) {
	const (
		halves   = "NE,1/2,1/2,1/2,1/2\n"
		halves6  = "NE,0.500000,0.500000,0.500000,0.500000\n"
		coordAll = "NE,1,0,1,0\nNE,1/3,2/3,1/3,2/3\nNE,0,1,0,1\n"
		entryAll = "NE,1,0,0,1\nNE,0,1,1,0\nNE,0,1,1/2,1/2\n"
		spe      = "NE,1,0,0,1\n"
	)
	tests := []struct {
		game string
		o    methods.Options
		form string
		want string
		// approx: compare the numbers within 1e-6 of want, for logit's
		// end points, which approach an equilibrium without reaching it.
		approx bool
	}{
		{game: "pennies.nfg", o: methods.Options{Method: "enumpure"}, form: "strategic", want: ""},
		{game: "pennies.nfg", o: methods.Options{Method: "enummixed"}, form: "strategic", want: halves},
		{game: "pennies.nfg", o: methods.Options{Method: "lcp"}, form: "strategic", want: halves},
		{game: "pennies.nfg", o: methods.Options{Method: "lp"}, form: "strategic", want: halves},
		{game: "pennies.nfg", o: methods.Options{Method: "simpdiv"}, form: "strategic", want: halves},
		{game: "pennies.nfg", o: methods.Options{Method: "gnm"}, form: "strategic", want: halves6},
		{game: "pennies.nfg", o: methods.Options{Method: "ipa"}, form: "strategic", want: halves6},
		{game: "pennies.nfg", o: methods.Options{Method: "liap"}, form: "strategic", want: halves6},
		{game: "pennies.nfg", o: methods.Options{Method: "enumpoly", Decimals: 2}, form: "strategic", want: "NE,0.50,0.50,0.50,0.50\n"},
		{game: "pennies.nfg", o: methods.Options{Method: "logit"}, form: "strategic", want: "NE,0.5,0.5,0.5,0.5\n"},
		{game: "pennies.nfg", o: methods.Options{Method: "logit", Lambdas: []float64{0, 2}}, form: "strategic",
			want: "0.0000000000,0.5,0.5,0.5,0.5\n2.0000000000,0.5,0.5,0.5,0.5\n"},

		{game: "coordination.nfg", o: methods.Options{Method: "enumpure"}, form: "strategic", want: "NE,1,0,1,0\nNE,0,1,0,1\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "enummixed"}, form: "strategic", want: coordAll},
		{game: "coordination.nfg", o: methods.Options{Method: "enummixed", Components: true}, form: "strategic",
			want: coordAll + "convex-1,1,0,1,0\nconvex-2,1/3,2/3,1/3,2/3\nconvex-3,0,1,0,1\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "lcp"}, form: "strategic", want: coordAll},
		{game: "coordination.nfg", o: methods.Options{Method: "lcp", Stop: 1}, form: "strategic", want: "NE,1,0,1,0\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "simpdiv"}, form: "strategic", want: "NE,1,0,1,0\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "gnm", Decimals: 4}, form: "strategic",
			want: "NE,1.0000,0.0000,1.0000,0.0000\nNE,0.3333,0.6667,0.3333,0.6667\nNE,0.0000,1.0000,0.0000,1.0000\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "ipa", Decimals: 4}, form: "strategic", want: "NE,0.3333,0.6667,0.3333,0.6667\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "liap", Decimals: 4}, form: "strategic",
			want: "NE,0.0000,1.0000,0.0000,1.0000\nNE,1.0000,0.0000,1.0000,0.0000\nNE,0.3333,0.6667,0.3333,0.6667\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "enumpoly", Decimals: 4}, form: "strategic",
			want: "NE,1.0000,0.0000,1.0000,0.0000\nNE,0.0000,1.0000,0.0000,1.0000\nNE,0.3333,0.6667,0.3333,0.6667\n"},
		{game: "coordination.nfg", o: methods.Options{Method: "logit"}, form: "strategic", want: "NE,1,0,1,0\n", approx: true},

		{game: "entry.efg", o: methods.Options{Method: "enumpure"}, form: "behaviour", want: "NE,0,1,1,0\nNE,1,0,0,1\n"},
		{game: "entry.efg", o: methods.Options{Method: "enumpure", Agent: true}, form: "behaviour", want: "NE,1,0,0,1\nNE,0,1,1,0\n"},
		{game: "entry.efg", o: methods.Options{Method: "enumpure", Strategic: true}, form: "strategic", want: "NE,0,1,1,0\nNE,1,0,0,1\n"},
		{game: "entry.efg", o: methods.Options{Method: "enumpure", Perfect: true}, form: "behaviour", want: spe},
		{game: "entry.efg", o: methods.Options{Method: "spe"}, form: "behaviour", want: spe},
		{game: "entry.efg", o: methods.Options{Method: "spe", Perfect: true}, form: "behaviour", want: spe},
		{game: "entry.efg", o: methods.Options{Method: "enummixed"}, form: "strategic", want: entryAll},
		{game: "entry.efg", o: methods.Options{Method: "enummixed", Components: true}, form: "strategic",
			want: entryAll + "convex-1,1,0,0,1\nconvex-2,0,1,1,0\nconvex-2,0,1,1/2,1/2\n"},
		{game: "entry.efg", o: methods.Options{Method: "lcp"}, form: "behaviour", want: spe},
		{game: "entry.efg", o: methods.Options{Method: "lcp", Strategic: true}, form: "strategic", want: "NE,1,0,0,1\nNE,0,1,1/2,1/2\nNE,0,1,1,0\n"},
		{game: "entry.efg", o: methods.Options{Method: "lcp", Perfect: true}, form: "behaviour", want: spe},
		{game: "entry.efg", o: methods.Options{Method: "simpdiv"}, form: "strategic", want: spe},
		{game: "entry.efg", o: methods.Options{Method: "gnm"}, form: "strategic",
			want: "NE,1.000000,0.000000,0.000000,1.000000\nNE,0.000000,1.000000,1.000000,0.000000\n"},
		{game: "entry.efg", o: methods.Options{Method: "ipa"}, form: "strategic", want: "NE,0.000000,1.000000,0.500000,0.500000\n"},
		{game: "entry.efg", o: methods.Options{Method: "enumpoly", Decimals: 1, Strategic: true}, form: "strategic", want: "NE,1.0,0.0,0.0,1.0\nNE,0.0,1.0,1.0,0.0\nNE,0.0,1.0,0.5,0.5\n"},
		{game: "entry.efg", o: methods.Options{Method: "enumpoly", Decimals: 1}, form: "behaviour", want: "NE,0.0,1.0,1.0,0.0\nNE,1.0,0.0,0.0,1.0\n"},
		{game: "entry.efg", o: methods.Options{Method: "logit"}, form: "behaviour", want: spe, approx: true},
		{game: "entry.efg", o: methods.Options{Method: "logit", Perfect: true}, form: "behaviour", want: spe, approx: true},
		{game: "entry.efg", o: methods.Options{Method: "logit", Lambdas: []float64{0}}, form: "behaviour", want: "0.0000000000,0.5,0.5,0.5,0.5\n"},

		{game: "pennies.efg", o: methods.Options{Method: "enumpure"}, form: "behaviour", want: ""},
		{game: "pennies.efg", o: methods.Options{Method: "enumpure", Agent: true}, form: "behaviour", want: ""},
		{game: "pennies.efg", o: methods.Options{Method: "enummixed"}, form: "strategic", want: halves},
		{game: "pennies.efg", o: methods.Options{Method: "lcp"}, form: "behaviour", want: halves},
		{game: "pennies.efg", o: methods.Options{Method: "lcp", Perfect: true}, form: "behaviour", want: halves},
		{game: "pennies.efg", o: methods.Options{Method: "lp"}, form: "behaviour", want: halves},
		{game: "pennies.efg", o: methods.Options{Method: "lp", Strategic: true}, form: "strategic", want: halves},
		{game: "pennies.efg", o: methods.Options{Method: "simpdiv"}, form: "strategic", want: halves},
		{game: "pennies.efg", o: methods.Options{Method: "gnm"}, form: "strategic", want: halves6},
		{game: "pennies.efg", o: methods.Options{Method: "ipa"}, form: "strategic", want: halves6},
		{game: "pennies.efg", o: methods.Options{Method: "liap"}, form: "strategic", want: halves6},
		{game: "pennies.efg", o: methods.Options{Method: "liap", Agent: true, Starts: 1, Decimals: 4}, form: "behaviour", want: "NE,0.5000,0.5000,0.5000,0.5000\n"},
		{game: "pennies.efg", o: methods.Options{Method: "enumpoly", Strategic: true}, form: "strategic", want: halves6},
		{game: "pennies.efg", o: methods.Options{Method: "enumpoly"}, form: "behaviour", want: halves6},
		{game: "pennies.efg", o: methods.Options{Method: "logit"}, form: "behaviour", want: "NE,0.5,0.5,0.5,0.5\n"},
	}
	for _, tt := range tests {
		sol, err := methods.Solve(context.Background(), readGame(t, tt.game), tt.o)
		if err != nil {
			t.Errorf("%s %+v: %v", tt.game, tt.o, err)
			continue
		}
		var buf bytes.Buffer
		if err := sol.WriteNE(&buf); err != nil {
			t.Fatal(err)
		}
		if sol.Method != tt.o.Method || sol.Form != tt.form {
			t.Errorf("%s %+v: method %q, form %q; want %q, %q", tt.game, tt.o, sol.Method, sol.Form, tt.o.Method, tt.form)
		}
		if got := buf.String(); got != tt.want && !(tt.approx && sameNumbers(got, tt.want)) {
			t.Errorf("%s %+v:\n got %q\nwant %q", tt.game, tt.o, got, tt.want)
		}
	}
}

// sameNumbers reports whether the NE lines got and want have the same tags
// and numbers within 1e-6.
func sameNumbers(got, want string) bool {
	g, w := strings.Fields(got), strings.Fields(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		gf, wf := strings.Split(g[i], ","), strings.Split(w[i], ",")
		if len(gf) != len(wf) || gf[0] != wf[0] {
			return false
		}
		for k := 1; k < len(gf); k++ {
			if !near(gf[k], wf[k]) {
				return false
			}
		}
	}
	return true
}

// near reports whether the numbers a and b are within 1e-6.
func near(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	if !ok1 || !ok2 {
		return false
	}
	fx, _ := x.Float64()
	fy, _ := y.Float64()
	return math.Abs(fx-fy) <= 1e-6
}

// TestLiapContinuum checks liap's points of the entry game's strategic
// form, which lie on its continuum of equilibria or at (In, Accommodate).
func TestLiapContinuum(t *testing.T) {
	sol, err := methods.Solve(context.Background(), readGame(t, "entry.efg"), methods.Options{Method: "liap"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sol.Equilibria) == 0 {
		t.Fatal("no equilibria")
	}
	for _, e := range sol.Equilibria {
		p := make([]float64, len(e.Profile))
		for i, s := range e.Profile {
			r, ok := new(big.Rat).SetString(s)
			if !ok {
				t.Fatalf("%q is not a number", s)
			}
			p[i], _ = r.Float64()
		}
		in := math.Abs(p[0]-1) < 1e-6 && math.Abs(p[3]-1) < 1e-6
		out := math.Abs(p[1]-1) < 1e-6 && p[2] >= 0.5-1e-6
		if !in && !out {
			t.Errorf("%v is not an equilibrium", e.Profile)
		}
	}
}

func TestSolveErrors(t *testing.T) {
	tests := []struct {
		game string
		o    methods.Options
		want error
	}{
		{"pennies.nfg", methods.Options{Method: "magic"}, methods.ErrUnknownMethod},
		{"pennies.nfg", methods.Options{}, methods.ErrUnknownMethod},
		{"pennies.nfg", methods.Options{Method: "spe"}, methods.ErrNotApplicable},
		{"entry.efg", methods.Options{Method: "spe", Strategic: true}, methods.ErrNotApplicable},
		{"pennies.efg", methods.Options{Method: "spe"}, methods.ErrNotApplicable},
		{"pennies.efg", methods.Options{Method: "spe", Perfect: true}, methods.ErrNotApplicable},
		{"entry.efg", methods.Options{Method: "enummixed", Perfect: true}, methods.ErrNotApplicable},
		{"entry.efg", methods.Options{Method: "gnm", Perfect: true}, methods.ErrNotApplicable},
		{"coordination.nfg", methods.Options{Method: "lp"}, methods.ErrNotApplicable},
		{"entry.efg", methods.Options{Method: "lp"}, methods.ErrNotApplicable},
		{"entry.efg", methods.Options{Method: "lp", Strategic: true}, methods.ErrNotApplicable},
		{"pennies.efg", methods.Options{Method: "enumpure", Perfect: true}, nil}, // no pure equilibrium in the subgame: a plain error
	}
	for _, tt := range tests {
		_, err := methods.Solve(context.Background(), readGame(t, tt.game), tt.o)
		if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s %+v: error %v, want %v", tt.game, tt.o, err, tt.want)
		}
	}
	_, err := methods.Solve(context.Background(), readGame(t, "pennies.nfg"), methods.Options{Method: "magic"})
	if !strings.Contains(err.Error(), "enummixed, enumpoly, enumpure") {
		t.Errorf("%v: the names are not listed", err)
	}
}

// TestBudget solves with a budget of one step every game of testdata/ by
// every method that applies to it, as a tree, in the agent form and in
// the strategic form.
func TestBudget(t *testing.T) {
	notApplicable := map[string]bool{"entry.efg lp": true, "pennies.efg spe": true}
	for _, game := range []string{"pennies.nfg", "pennies.efg", "entry.efg"} {
		f := readGame(t, game)
		for _, m := range methods.List() {
			if notApplicable[game+" "+m.Name] {
				continue
			}
			for _, o := range []methods.Options{{}, {Agent: true}, {Strategic: true}} {
				if !m.Strategic && (f.Tree == nil || o.Strategic) {
					continue
				}
				o.Method, o.Budget = m.Name, 1
				if _, err := methods.Solve(context.Background(), f, o); !errors.Is(err, solve.ErrBudget) {
					t.Errorf("%s %+v: error %v, want solve.ErrBudget", game, o, err)
				}
			}
		}
	}
}

// TestCancelled solves with a context cancelled already and with one
// cancelled during a long search: gnm from 200,000 rays, ten times the
// work of a run from 20,000 timed first, must stop in less than three
// times that run (it draws all rays before looking at the context, some
// 5% of the work).
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, m := range methods.List() {
		for _, game := range []string{"coordination.nfg", "entry.efg"} {
			_, err := methods.Solve(ctx, readGame(t, game), methods.Options{Method: m.Name, Agent: true})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s on %s: error %v, want context.Canceled", m.Name, game, err)
			}
		}
	}
	f := readGame(t, "coordination.nfg")
	start := time.Now()
	if _, err := methods.Solve(context.Background(), f, methods.Options{Method: "gnm", Starts: 20_000}); err != nil {
		t.Fatal(err)
	}
	tenth := time.Since(start)
	ctx, cancel = context.WithTimeout(context.Background(), tenth/10)
	defer cancel()
	start = time.Now()
	_, err := methods.Solve(ctx, f, methods.Options{Method: "gnm", Starts: 200_000, Budget: math.MaxInt})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*tenth {
		t.Errorf("returned after %v; the whole search takes some %v", d, 10*tenth)
	}
}

func TestSeedDefault(t *testing.T) {
	f := readGame(t, "coordination.nfg")
	for _, name := range []string{"gnm", "liap"} {
		zero, err := methods.Solve(context.Background(), f, methods.Options{Method: name, Starts: 2})
		if err != nil {
			t.Fatal(err)
		}
		one, err := methods.Solve(context.Background(), f, methods.Options{Method: name, Starts: 2, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(zero.Equilibria, one.Equilibria, func(a, b methods.Equilibrium) bool { return slices.Equal(a.Profile, b.Profile) }) {
			t.Errorf("%s: seed 0 gives %v, seed 1 %v", name, zero.Equilibria, one.Equilibria)
		}
	}
}

func TestSolutionJSON(t *testing.T) {
	sol, err := methods.Solve(context.Background(), readGame(t, "pennies.nfg"), methods.Options{Method: "enumpure"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(sol)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"method":"enumpure","form":"strategic","players":["Even","Odd"],"equilibria":[]}`
	if string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
	sol, err = methods.Solve(context.Background(), readGame(t, "pennies.nfg"), methods.Options{Method: "logit", Lambdas: []float64{1}})
	if err != nil {
		t.Fatal(err)
	}
	if data, _ = json.Marshal(sol.Equilibria); string(data) != `[{"lambda":1,"profile":["0.5","0.5","0.5","0.5"]}]` {
		t.Errorf("logit -l 1: %s", data)
	}
}

func TestList(t *testing.T) {
	list := methods.List()
	want := []string{"enummixed", "enumpoly", "enumpure", "gnm", "ipa", "lcp", "liap", "logit", "lp", "simpdiv", "spe"}
	var names []string
	for _, m := range list {
		names = append(names, m.Name)
		if m.About == "" || !m.Trees && !m.Strategic {
			t.Errorf("%+v: no description or no game it applies to", m)
		}
		if got, ok := methods.Lookup(m.Name); !ok || got != m {
			t.Errorf("Lookup(%q) = %+v, %v", m.Name, got, ok)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("List: %v, want %v", names, want)
	}
	if m, _ := methods.Lookup("spe"); !m.Trees || m.Strategic || !m.Exact {
		t.Errorf("spe: %+v", m)
	}
	if m, _ := methods.Lookup("liap"); !m.Trees || !m.AgentOnly || !m.Strategic || m.Exact {
		t.Errorf("liap: %+v", m)
	}
	if _, ok := methods.Lookup("magic"); ok {
		t.Error("Lookup found magic")
	}
}

// TestStreamEnumPure checks that Stream hands over enumpure's equilibria
// one at a time: on a 3×3 game of zeros (every profile an equilibrium) a
// budget that runs out midway leaves the lines yielded before the
// budget's error, the first ones of Solve's, and an error from yield
// stops the search.
func TestStreamEnumPure(t *testing.T) {
	f, err := gambit.Read(strings.NewReader("NFG 1 R \"zeros\" { \"1\" \"2\" } { 3 3 }\n\n" + strings.Repeat("0 0 ", 9)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	all, err := methods.Solve(ctx, f, methods.Options{Method: "enumpure"})
	if err != nil || len(all.Equilibria) != 9 {
		t.Fatalf("Solve: %d equilibria, %v; want 9", len(all.Equilibria), err)
	}
	var got []string
	_, err = methods.Stream(ctx, f, methods.Options{Method: "enumpure", Budget: 50}, func(e methods.Equilibrium) error {
		got = append(got, e.Line())
		return nil
	})
	if !errors.Is(err, solve.ErrBudget) || len(got) == 0 || len(got) >= 9 {
		t.Fatalf("Stream with budget 50: %d lines, %v; want some of the 9, then ErrBudget", len(got), err)
	}
	for i, line := range got {
		if want := all.Equilibria[i].Line(); line != want {
			t.Errorf("line %d: %s, want %s", i, line, want)
		}
	}
	stop := errors.New("stop")
	n := 0
	_, err = methods.Stream(ctx, f, methods.Options{Method: "enumpure"}, func(methods.Equilibrium) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Stream with a yield that fails: %d calls, %v; want 1 and the yield's error", n, err)
	}
}
