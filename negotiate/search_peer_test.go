package negotiate

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func readParetoXML(t *testing.T, path string) [][]float64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), ",")
		if len(parts) != 2 {
			continue
		}
		a, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		if err1 == nil && err2 == nil {
			out = append(out, []float64{a, b})
		}
	}
	return out
}

// TestNonlinear10issues finds the frontier of the 10^10-outcome ANAC 2014
// domain without enumerating it and compares it with the organisers'
// pareto.xml.
func TestNonlinear10issues(t *testing.T) {
	needPeers(t)
	pd := peerLookup(t, "Nonlinear10issues")
	d, ps := loadPeer(t, pd, 2, XMLOptions{})
	if _, err := Evaluate(context.Background(), d, ps, 0); err == nil {
		t.Fatal("expected ErrTooLarge")
	}
	pts, st, err := ParetoSearch(context.Background(), d, ps, SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := readParetoXML(t, filepath.Join(peerDir, "domains", pd.Name, "pareto.xml"))
	t.Logf("frontier %d points, %d nodes, %d leaves, classes %v", len(pts), st.Nodes, st.Leaves, st.Classes)
	if !sameSets(utilsOf(pts), want, 1e-6) {
		t.Errorf("frontier %v, want %v", utilsOf(pts), want)
	}
}

// TestSearchMatchesEnumeration checks ParetoSearch against the enumerated
// frontier on every additive peer domain (GENIUS semantics, all outcomes).
func TestSearchMatchesEnumeration(t *testing.T) {
	needPeers(t)
	for _, pd := range peerIndex(t) {
		if pd.Name == "Nonlinear10issues" {
			continue
		}
		d, ps := loadPeer(t, pd, 2, XMLOptions{})
		s, err := Evaluate(context.Background(), d, ps, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Pareto(context.Background(), s, ParetoOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, st, err := ParetoSearch(context.Background(), d, ps, SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !sameSets(utilsOf(got), utilsOf(want), 1e-12) || len(got) != len(want) {
			t.Errorf("%s: search found %d points, enumeration %d", pd.Name, len(got), len(want))
		}
		t.Logf("%s: %d points, %d nodes (%d outcomes)", pd.Name, len(got), st.Nodes, s.N)
	}
}
