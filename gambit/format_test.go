package gambit

import (
	"bufio"
	"io/fs"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tablero-project/tablero/internal/peertest"
)

func TestFormatRats(t *testing.T) {
	tests := []struct {
		tag  string
		v    []*big.Rat
		want string
	}{
		{"NE", []*big.Rat{big.NewRat(1, 1), new(big.Rat), big.NewRat(2, 4)}, "NE,1,0,1/2"},
		{"convex-1", []*big.Rat{big.NewRat(-3, 7)}, "convex-1,-3/7"},
		{"", []*big.Rat{big.NewRat(5, 1), nil}, "5,0"},
		{"NE", nil, "NE"},
	}
	for _, tt := range tests {
		if got := FormatRats(tt.tag, tt.v); got != tt.want {
			t.Errorf("FormatRats(%q, %v) = %q, want %q", tt.tag, tt.v, got, tt.want)
		}
	}
}

func TestFormatFloats(t *testing.T) {
	tests := []struct {
		v        []float64
		decimals int
		want     string
	}{
		{[]float64{0.5, 1, 0}, 10, "NE,0.5000000000,1.0000000000,0.0000000000"},
		{[]float64{1.0 / 3}, 6, "NE,0.333333"},
		{[]float64{2.0 / 3}, -1, "NE,0.666667"},
		{[]float64{-1e-12}, 4, "NE,-0.0000"},
		{[]float64{math.Inf(1), math.Inf(-1), math.NaN()}, 2, "NE,inf,-inf,nan"},
		{[]float64{1234.5}, 0, "NE,1234"},
	}
	for _, tt := range tests {
		if got := FormatFloats("NE", tt.v, tt.decimals); got != tt.want {
			t.Errorf("FormatFloats(%v, %d) = %q, want %q", tt.v, tt.decimals, got, tt.want)
		}
	}
}

func TestFormatGeneral(t *testing.T) {
	tests := []struct {
		v    float64
		prec int
		want string
	}{
		{1.3859351494e-08, 10, "1.385935149e-08"},
		{1.38594e-08, 6, "1.38594e-08"},
		{0.5, 10, "0.5"},
		{1, 10, "1"},
		{0, 6, "0"},
		{0.0001, 6, "0.0001"},
		{0.00001, 6, "1e-05"},
		{123456, 6, "123456"},
		{1234567, 6, "1.23457e+06"},
		{999999.5, 6, "1e+06"},
		{12, 1, "1e+01"},
		{0.57404585064, 10, "0.5740458506"},
		{-2.5, 0, "-2"},
		{1e100, 3, "1e+100"},
		{math.NaN(), 6, "nan"},
		{1.0 / 3, -1, "0.333333"},
	}
	for _, tt := range tests {
		if got := FormatGeneral("", []float64{tt.v}, tt.prec); got != tt.want {
			t.Errorf("FormatGeneral(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.want)
		}
	}
}

// peerReference is the directory of Gambit's outputs on its sample games.
const peerReference = "../../shared/peers/gambit/reference"

// TestFormatPeerOutputs re-formats every profile line printed by Gambit's
// exact tools (FormatRats), by its -d 10 float tools (FormatFloats) and by
// gambit-logit -d 10 (FormatGeneral) and checks that the text is identical.
func TestFormatPeerOutputs(t *testing.T) {
	peertest.Need(t, peerReference)
	formats := map[string]func(tag string, fields []string) (string, bool){
		".enummixed.txt":       formatRatFields,
		".lcp.txt":             formatRatFields,
		".enumpure.txt":        formatRatFields,
		".enummixed-float.txt": floatFields(FormatFloats),
		".lcp-float.txt":       floatFields(FormatFloats),
		".logit.txt":           floatFields(FormatGeneral),
	}
	lines := 0
	err := filepath.WalkDir(peerReference, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for suffix, format := range formats {
			if strings.HasSuffix(path, suffix) {
				lines += checkFormatted(t, path, format)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if lines == 0 {
		t.Fatal("no profile lines found")
	}
	t.Logf("%d profile lines re-formatted identically", lines)
}

// checkFormatted re-formats each line of the file and returns how many
// lines it checked.
func checkFormatted(t *testing.T, path string, format func(string, []string) (string, bool)) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		got, ok := format(fields[0], fields[1:])
		if !ok {
			continue
		}
		n++
		if got != sc.Text() {
			t.Errorf("%s: re-formatted %q as %q", path, sc.Text(), got)
		}
	}
	return n
}

func formatRatFields(tag string, fields []string) (string, bool) {
	v := make([]*big.Rat, len(fields))
	for i, s := range fields {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			return "", false
		}
		v[i] = r
	}
	return FormatRats(tag, v), true
}

// floatFields adapts a float formatter with 10 digits to string fields.
func floatFields(format func(string, []float64, int) string) func(string, []string) (string, bool) {
	return func(tag string, fields []string) (string, bool) {
		v := make([]float64, len(fields))
		for i, s := range fields {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return "", false
			}
			v[i] = x
		}
		return format(tag, v, 10), true
	}
}
