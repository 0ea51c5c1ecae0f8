package gambit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tablero-project/tablero/game"
	"github.com/tablero-project/tablero/internal/testmem"
)

// chainEFG writes an .efg chain of depth personal nodes, players 1 and 2
// alternating, each with its own information set: action 1 ends the game
// with its own outcome, action 2 goes on. At depth 10^5 it is about 6 MB.
func chainEFG(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("EFG 2 R \"chain\" { \"1\" \"2\" }\n")
	for i := range depth {
		fmt.Fprintf(&b, "p \"\" %d %d \"\" { \"stop\" \"go\" } 0\n", i%2+1, i/2+1)
		fmt.Fprintf(&b, "t \"\" %d \"\" { %d %d }\n", i+1, i, -i)
	}
	b.WriteString("t \"\" 0\n")
	return b.Bytes()
}

// TestReadDeepChain reads a chain of 10^5 nodes and checks its perfect
// recall, within bounded time and memory (the recall check alone used to
// take 4.5 GB).
func TestReadDeepChain(t *testing.T) {
	src := chainEFG(100_000)
	var g *game.Game
	var err, recall error
	start := time.Now()
	peak := testmem.PeakHeap(func() {
		if g, err = ReadEFG(bytes.NewReader(src)); err == nil {
			recall = g.PerfectRecall()
		}
	})
	elapsed := time.Since(start)
	if err != nil || recall != nil {
		t.Fatalf("ReadEFG: %v; PerfectRecall: %v", err, recall)
	}
	t.Logf("read and checked %d nodes (%d KB) in %v, peak heap %d MB", len(g.Nodes), len(src)>>10, elapsed, peak>>20)
	if peak > 200<<20 {
		t.Errorf("reading and checking a chain of 10^5 nodes took a peak heap of %d MB, want < 200 MB", peak>>20)
	}
}

func TestReadTooDeep(t *testing.T) {
	_, err := ReadEFG(bytes.NewReader(chainEFG(maxDepth + 1)))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("deeper than the limit")) {
		t.Fatalf("ReadEFG of a chain deeper than %d: %v, want the depth limit", maxDepth, err)
	}
}

// TestReadContextCancelled checks that ReadContext stops parsing a large
// file when its context is cancelled.
func TestReadContextCancelled(t *testing.T) {
	var b strings.Builder
	b.WriteString(`NFG 1 R "" { "1" "2" } { 5000 2 }` + "\n")
	for range 10_000 {
		b.WriteString("1 2 ")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadContext(ctx, strings.NewReader(b.String())); !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadContext with a cancelled context: %v, want context.Canceled", err)
	}
	if f, err := ReadContext(context.Background(), strings.NewReader(b.String())); err != nil || f.Normal == nil {
		t.Fatalf("ReadContext: %v", err)
	}
}
