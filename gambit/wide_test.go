package gambit

import (
	"bytes"
	"fmt"
	"math/big"
	"runtime"
	"testing"
)

// wideNFG writes a rows×2 payoff-format game whose payoff k is value(k).
func wideNFG(rows int, value func(k int) string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "NFG 1 R \"wide\" { \"1\" \"2\" } { %d 2 }\n", rows)
	for k := range 4 * rows {
		b.WriteString(value(k))
		b.WriteByte(' ')
	}
	return b.Bytes()
}

// TestReadWideNFGAllocations bounds what reading a large payoff table
// allocates: outcomes, payoff lists and the numbers come in blocks, and
// payoffs written alike share one value, so a cell costs about 100 bytes,
// not the several hundred of one allocation per number.
func TestReadWideNFGAllocations(t *testing.T) {
	const rows = 100_000
	src := wideNFG(rows, func(k int) string { return fmt.Sprint((k * 7919) % 100) })
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n, err := ReadNFG(bytes.NewReader(src))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	cells := uint64(len(n.Cells))
	if per := (after.TotalAlloc - before.TotalAlloc) / cells; per > 200 {
		t.Errorf("reading allocated %d bytes per cell, want at most 200", per)
	}
	if per := (after.Mallocs - before.Mallocs) / cells; per > 4 {
		t.Errorf("reading made %d allocations per cell, want at most 4", per)
	}
}

// TestReadPooledPayoffs checks the values of a table with more distinct
// numbers than the pool shares, spelled in every form the format allows.
func TestReadPooledPayoffs(t *testing.T) {
	spell := func(k int) string {
		switch k % 4 {
		case 0:
			return fmt.Sprint(k)
		case 1:
			return fmt.Sprintf("-%d/3", k)
		case 2:
			return fmt.Sprintf("%d.5e-1", k)
		}
		return "7" // the same number, again and again
	}
	rows := 2 * maxPooled
	n, err := ReadNFG(bytes.NewReader(wideNFG(rows, spell)))
	if err != nil {
		t.Fatal(err)
	}
	for c := range n.Cells {
		for p := range 2 {
			k := 2*c + p
			want, ok := new(big.Rat).SetString(map[int]string{0: fmt.Sprint(k), 1: fmt.Sprintf("-%d/3", k), 2: fmt.Sprintf("%d.5e-1", k), 3: "7"}[k%4])
			if !ok {
				t.Fatalf("test spells %d badly", k)
			}
			if got := n.Payoff(c, p); got.Cmp(want) != 0 {
				t.Fatalf("payoff %d (cell %d, player %d) = %s, want %s", k, c, p, got.RatString(), want.RatString())
			}
		}
	}
}
