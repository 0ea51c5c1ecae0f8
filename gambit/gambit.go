// Package gambit reads and writes the file formats of the Gambit game
// theory software: extensive games (.efg, version 2) and strategic games
// (.nfg, version 1, in both the payoff and the outcome version).
//
// Numbers are kept exactly: integers, fractions (1/3), decimals (0.1 is
// 1/10) and exponents (1e-3) all become math/big.Rat values. Labels are
// kept verbatim: unlike Gambit 17, the reader neither renames empty or
// repeated labels nor rejects repeated node and information-set names, so
// that a file read and written again keeps every label.
//
// Quoted text follows Gambit's reader: a backslash makes the next character
// literal, and only an escaped quote loses its backslash, so \" is a quote
// and \n stays the two characters \n. (As in Gambit, a backslash that
// follows a backslash escapes the next character too.) The writers invert
// this rule and report an error for the few texts it cannot express, such
// as one ending in a backslash.
//
// Malformed input gives a *SyntaxError naming the line and column of the
// offending token and what was expected there. The readers never panic and
// refuse inputs whose declared sizes could not fit in the file.
package gambit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tablero-project/tablero/game"
)

// Limits protecting the readers against absurd inputs.
const (
	// maxInput is the largest file the readers accept, in bytes.
	maxInput = 256 << 20
	// maxDepth is the deepest game tree the .efg reader accepts.
	maxDepth = 100000
	// maxProfiles is the largest number of pure-strategy profiles an .nfg
	// file may declare.
	maxProfiles = 1 << 24
	// maxNumberLen is the longest number token, in bytes.
	maxNumberLen = 10000
	// maxExponent bounds the decimal exponent of a number.
	maxExponent = 1000
	// maxDenBits bounds the common denominator of the probabilities of a
	// chance information set, which keeps checking their sum fast.
	maxDenBits = 4096
	// maxID bounds player, information-set and outcome numbers and
	// strategy counts.
	maxID = 1<<31 - 1
)

// File is a parsed Gambit file: exactly one of Tree and Normal is set.
type File struct {
	Tree   *game.Game
	Normal *game.Normal
}

// SyntaxError reports malformed input: Line and Col (both from 1; columns
// count characters) locate the offending token, and Msg says what was
// expected there and what was found.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

// Error formats the error as "line:col: message".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// Read reads a Gambit game, choosing the format from the first token of
// the input: "EFG" for an extensive game, "NFG" for a strategic game.
// Action-graph games (#AGG, #BAGG) and XML workbooks (.gbt) are reported
// as unsupported formats.
func Read(r io.Reader) (*File, error) {
	return ReadContext(context.Background(), r)
}

// ReadContext is Read with a context that cancels the parse (every few
// thousand tokens): a file of millions of payoffs takes seconds.
func ReadContext(ctx context.Context, r io.Reader) (*File, error) {
	src, err := readAll(r)
	if err != nil {
		return nil, err
	}
	lx := newLexer(src)
	t, err := lx.next()
	if err != nil {
		return nil, err
	}
	switch {
	case t.kind == tokSymbol && t.text == "EFG":
		g, err := parseEFG(ctx, src)
		if err != nil {
			return nil, err
		}
		return &File{Tree: g}, nil
	case t.kind == tokSymbol && t.text == "NFG":
		n, err := parseNFG(ctx, src)
		if err != nil {
			return nil, err
		}
		return &File{Normal: n}, nil
	}
	return nil, unknownFormat(t)
}

// unknownFormat explains why the first token t does not start a supported
// file.
func unknownFormat(t token) error {
	msg := "expected 'EFG' or 'NFG' at the start of the file, found " + t.String()
	if t.kind == tokSymbol {
		switch {
		case t.text == "#AGG":
			msg = "unsupported format: action graph games (#AGG) cannot be read; convert the game to .nfg"
		case t.text == "#BAGG":
			msg = "unsupported format: Bayesian action graph games (#BAGG) cannot be read; convert the game to .nfg"
		case len(t.text) > 0 && t.text[0] == '<':
			msg = "unsupported format: Gambit workbooks (.gbt, XML) cannot be read; save the game as .efg or .nfg"
		}
	}
	return errorAt(t.pos, "%s", msg)
}

// ReadFile reads the Gambit game in the named file, as Read does. Syntax
// errors are prefixed with the path: "path:line:col: message".
func ReadFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	file, err := Read(f)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%s:%w", path, err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return file, nil
}

// ReadEFG reads an extensive game in Gambit's .efg format (version 2) and
// returns it validated. The tree is read in pre-order; the first node of
// an information set or outcome defines it, and later nodes either omit
// the definition or repeat it exactly (numbers compared by value). Chance
// probabilities must be non-negative and sum to exactly 1. Unlike Gambit,
// which ignores anything after the tree, the reader requires the file to
// end there.
func ReadEFG(r io.Reader) (*game.Game, error) {
	src, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return parseEFG(context.Background(), src)
}

// ReadNFG reads a strategic game in Gambit's .nfg format (version 1),
// either the payoff version (a plain list of payoffs; every cell then has
// its own unlabelled outcome) or the outcome version (a list of outcomes
// followed by one outcome number per cell). The game is returned validated.
func ReadNFG(r io.Reader) (*game.Normal, error) {
	src, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return parseNFG(context.Background(), src)
}

// readAll reads the whole input, refusing inputs larger than maxInput.
func readAll(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("gambit: reading input: %w", err)
	}
	if n > maxInput {
		return nil, fmt.Errorf("gambit: input larger than the limit of %d MiB", maxInput>>20)
	}
	return buf.Bytes(), nil
}
