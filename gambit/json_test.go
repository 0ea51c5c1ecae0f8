package gambit

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/game"
)

// TestJSONRoundTrip checks that every game, written as JSON and read back,
// is the same game: the fixtures always, Gambit's samples when present.
func TestJSONRoundTrip(t *testing.T) {
	var files []string
	for _, dir := range []string{"testdata", peerGames} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".efg") || strings.HasSuffix(path, ".nfg")) && !strings.Contains(path, "malformed") {
				files = append(files, path)
			}
			return err
		})
	}
	for _, path := range files {
		f, err := ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if g := f.Tree; g != nil {
			data, err := json.Marshal(g)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			var back game.Game
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if err := diffGames(g, &back); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			continue
		}
		data, err := json.Marshal(f.Normal)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var back game.Normal
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for idx := range f.Normal.Cells {
			for p := range f.Normal.Players {
				if f.Normal.Payoff(idx, p).Cmp(back.Payoff(idx, p)) != 0 {
					t.Fatalf("%s: profile %d player %d differs", path, idx, p)
				}
			}
		}
	}
	t.Logf("%d games round-trip through JSON", len(files))
}
