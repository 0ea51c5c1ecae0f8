package gametest

import (
	"strings"
	"testing"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/game"
)

// ReadEFG parses a tree written inline in Gambit's .efg format.
func ReadEFG(t testing.TB, src string) *game.Game {
	t.Helper()
	g, err := gambit.ReadEFG(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return g
}
