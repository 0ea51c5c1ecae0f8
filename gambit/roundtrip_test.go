package gambit

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

// peerGames is the directory of Gambit's own sample games, copied into the
// shared reference data next to the repository.
const peerGames = "../../shared/peers/gambit/games"

// TestPeerRoundTrip reads every .efg and .nfg file of Gambit's samples,
// writes it, reads it again and compares the two games; a second write
// must give the same bytes as the first.
func TestPeerRoundTrip(t *testing.T) {
	peertest.Need(t, peerGames)
	var files []string
	err := filepath.WalkDir(peerGames, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".efg") || strings.HasSuffix(path, ".nfg")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	passed := 0
	for _, path := range files {
		name, _ := filepath.Rel(peerGames, path)
		t.Run(name, func(t *testing.T) {
			if err := roundTripFile(path); err != nil {
				t.Fatal(err)
			}
			passed++
		})
	}
	t.Logf("%d of %d Gambit sample files round-trip", passed, len(files))
}

// roundTripFile checks one file: read, write, read, compare, write, and
// compare the two writes byte for byte.
func roundTripFile(path string) error {
	f1, err := ReadFile(path)
	if err != nil {
		return err
	}
	out1, err := writeFile(f1)
	if err != nil {
		return fmt.Errorf("first write: %w", err)
	}
	f2, err := Read(bytes.NewReader(out1))
	if err != nil {
		return fmt.Errorf("reading the written file: %w\n%s", err, out1)
	}
	if f1.Tree != nil {
		if f2.Tree == nil {
			return fmt.Errorf("written as a strategic game")
		}
		err = diffGames(f1.Tree, f2.Tree)
	} else {
		if f2.Normal == nil {
			return fmt.Errorf("written as an extensive game")
		}
		err = diffNormals(f1.Normal, f2.Normal)
	}
	if err != nil {
		return fmt.Errorf("games differ after a round trip: %w", err)
	}
	out2, err := writeFile(f2)
	if err != nil {
		return fmt.Errorf("second write: %w", err)
	}
	if !bytes.Equal(out1, out2) {
		return fmt.Errorf("second write differs from the first:\n%s\n---\n%s", out1, out2)
	}
	return nil
}

// writeFile writes a parsed file in its own format.
func writeFile(f *File) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if f.Tree != nil {
		err = WriteEFG(&buf, f.Tree)
	} else {
		err = WriteNFG(&buf, f.Normal)
	}
	return buf.Bytes(), err
}
