package gambit

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds the fixtures with the given extension, well formed and
// malformed, to the fuzzer's corpus.
func addSeeds(f *testing.F, ext string, extra ...string) {
	for _, pattern := range []string{"testdata/*" + ext, "testdata/malformed/*" + ext} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// checkReadError fails unless err is nil or a positioned *SyntaxError.
func checkReadError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 || se.Msg == "" {
		t.Fatalf("error %q (%T) is not a positioned *SyntaxError", err, err)
	}
}

// FuzzReadEFG checks that ReadEFG never panics, reports positioned errors,
// and that every game it accepts round-trips through WriteEFG.
func FuzzReadEFG(f *testing.F) {
	addSeeds(f, ".efg",
		`EFG 2 R "" { "" } t "" 0`,
		`EFG 2 R "t\\\"" { "a" } c "" 1 "" { "x" .5e0 "y" 1/2 } 1 "o" { -1e-3 } t "" 0 t "" 1`,
		`EFG 2 D "t" { "a" "b" } p "" 1 1 "" { "x" } 0 p "" 1 1 0 p "" 2 1 "" { "y" } 0 t "" 0`)
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ReadEFG(bytes.NewReader(data))
		checkReadError(t, err)
		if err != nil {
			return
		}
		var out1, out2 bytes.Buffer
		if err := WriteEFG(&out1, g); err != nil {
			t.Fatalf("WriteEFG of a game read from a file: %v", err)
		}
		g2, err := ReadEFG(bytes.NewReader(out1.Bytes()))
		if err != nil {
			t.Fatalf("reading the written game: %v\n%s", err, out1.Bytes())
		}
		if err := diffGames(g, g2); err != nil {
			t.Fatalf("round trip changed the game: %v", err)
		}
		if err := WriteEFG(&out2, g2); err != nil || !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatalf("second write differs (%v):\n%s\n---\n%s", err, out1.Bytes(), out2.Bytes())
		}
	})
}

// FuzzReadNFG checks ReadNFG like FuzzReadEFG.
func FuzzReadNFG(f *testing.F) {
	addSeeds(f, ".nfg",
		`NFG 1 R "" { "" } { 1 } 0`,
		`NFG 1 R "t" { "a" "b" } { { "x" } { "y" "z" } } "c" { { "" 1, 2 } { "o" 3 4, } } 2 0`,
		`NFG 1 D "t" { "a" "b" } { 2 1 } "" 1e2 -.5 +3/4 0.`)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ReadNFG(bytes.NewReader(data))
		checkReadError(t, err)
		if err != nil {
			return
		}
		var out1, out2 bytes.Buffer
		if err := WriteNFG(&out1, n); err != nil {
			t.Fatalf("WriteNFG of a game read from a file: %v", err)
		}
		n2, err := ReadNFG(bytes.NewReader(out1.Bytes()))
		if err != nil {
			t.Fatalf("reading the written game: %v\n%s", err, out1.Bytes())
		}
		if err := diffNormals(n, n2); err != nil {
			t.Fatalf("round trip changed the game: %v", err)
		}
		if err := WriteNFG(&out2, n2); err != nil || !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Fatalf("second write differs (%v):\n%s\n---\n%s", err, out1.Bytes(), out2.Bytes())
		}
	})
}
