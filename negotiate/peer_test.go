package negotiate

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

const peerDir = "../../shared/peers/negotiation"

func needPeers(t testing.TB) {
	t.Helper()
	peertest.Need(t, filepath.Join(peerDir, "domains", "INDEX.csv"))
}

type peerDomain struct {
	Name       string
	DomainFile string
	Profiles   []string
}

func peerIndex(t testing.TB) []peerDomain {
	t.Helper()
	rows, col := peertest.CSV(t, filepath.Join(peerDir, "domains", "INDEX.csv"))
	var out []peerDomain
	for _, r := range rows {
		out = append(out, peerDomain{Name: r[col["domain"]], DomainFile: r[col["domain_file"]], Profiles: strings.Split(r[col["profiles"]], "|")})
	}
	return out
}

func peerLookup(t testing.TB, name string) peerDomain {
	for _, p := range peerIndex(t) {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no peer domain %s", name)
	return peerDomain{}
}

// loadPeer reads a peer domain and its profiles (all, or the first n).
func loadPeer(t testing.TB, pd peerDomain, n int, opt XMLOptions) (*Domain, []*Profile) {
	t.Helper()
	dir := filepath.Join(peerDir, "domains", pd.Name)
	d, err := ReadDomainXMLFile(filepath.Join(dir, pd.DomainFile), opt)
	if err != nil {
		t.Fatal(err)
	}
	files := pd.Profiles
	if n > 0 && n < len(files) {
		files = files[:n]
	}
	var ps []*Profile
	for _, f := range files {
		p, err := ReadProfileXMLFile(filepath.Join(dir, f), d, opt)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return d, ps
}

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(peerDir, "reference", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// sameSets reports whether two sets of utility points are equal within tol
// (as sets of distinct points).
func sameSets(a [][]float64, b [][]float64, tol float64) bool {
	return subset(a, b, tol) && subset(b, a, tol)
}

func subset(a, b [][]float64, tol float64) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if closeVec(x, y, tol) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func closeVec(x, y []float64, tol float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Abs(x[i]-y[i]) > tol {
			return false
		}
	}
	return true
}

func utilsOf(ps []Point) [][]float64 {
	out := make([][]float64, len(ps))
	for i, p := range ps {
		out[i] = p.U
	}
	return out
}
