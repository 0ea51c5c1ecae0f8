package soltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/internal/peertest"
)

// RandomRef returns the path of a reference output on a random game, or
// "" if there is none.
func RandomRef(game, tool string) string {
	p := filepath.Join(PeerDir, "random", "reference", game+".nfg."+tool+".txt")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// RandomStatus returns the status of tool on a random game in
// random/timings.csv.
func RandomStatus(t *testing.T, game, tool string) string {
	data, err := os.ReadFile(peertest.Need(t, filepath.Join(PeerDir, "random", "timings.csv")))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ",")
		if len(f) > 4 && f[0] == game+".nfg" && f[2] == tool {
			return f[4]
		}
	}
	return ""
}

// RandomGames are Gambit's random two-player games. The 30×30 ones are
// beyond vertex enumeration (LCP alone finds over a thousand equilibria),
// and rand_20x20_s1 (2.2 million bases) is left to the benchmarks.
var RandomGames = []struct {
	Name  string
	Heavy bool // skipped in -short mode
	Enum  bool // run EnumMixed
}{
	{"rand_5x5_s1", false, true}, {"rand_5x5_s2", false, true},
	{"rand_10x10_s1", false, true}, {"rand_10x10_s2", false, true},
	{"rand_15x15_s1", false, true}, {"rand_15x15_s2", false, true},
	{"rand_20x20_s1", true, false}, // ~25 s: see BenchmarkEnumMixed
	{"rand_20x20_s2", true, true},
	{"rand_30x30_s1", true, false}, {"rand_30x30_s2", true, false},
}

func ReadRandom(t *testing.T, name string) *gambit.File {
	f, err := gambit.ReadFile(peertest.Need(t, filepath.Join(PeerDir, "random", "games", name+".nfg")))
	if err != nil {
		t.Fatal(err)
	}
	return f
}
