package gambit

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token.
type tokKind int

const (
	tokEOF    tokKind = iota
	tokLBrace         // {
	tokRBrace         // }
	tokComma          // ,
	tokText           // "quoted text"
	tokNumber         // 12, -1/2, 0.5, 1e-3
	tokSymbol         // EFG, NFG, R, D, c, p, t, or anything unexpected
)

// pos is a position in the input: line and column, both from 1.
type pos struct{ line, col int }

// token is a lexical token. For text, text holds the unescaped content; for
// numbers and symbols, their spelling.
type token struct {
	kind tokKind
	text string
	pos  pos
	off  int // byte offset of the token's start
}

// String describes the token for error messages.
func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokLBrace:
		return "'{'"
	case tokRBrace:
		return "'}'"
	case tokComma:
		return "','"
	case tokText:
		return "text " + strconv.Quote(shorten(t.text))
	case tokNumber:
		return "number " + shorten(t.text)
	}
	return "symbol " + strconv.Quote(shorten(t.text))
}

// shorten cuts s to at most 40 characters for error messages.
func shorten(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return string(r[:limit-3]) + "..."
}

// errorAt returns a *SyntaxError at p.
func errorAt(p pos, format string, args ...any) error {
	return &SyntaxError{Line: p.line, Col: p.col, Msg: fmt.Sprintf(format, args...)}
}

// lexer splits Gambit files into tokens. Tokens other than text and braces
// are maximal runs of characters that are neither whitespace nor one of
// the delimiters { } , and ".
type lexer struct {
	src []byte
	off int
	pos pos
}

func newLexer(src []byte) *lexer {
	return &lexer{src: src, pos: pos{1, 1}}
}

// isSpace reports whether c is whitespace in Gambit files (C's isspace).
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isDelim reports whether c ends a number or symbol.
func isDelim(c byte) bool {
	return isSpace(c) || c == '{' || c == '}' || c == ',' || c == '"'
}

// advance consumes one byte, keeping the position up to date. Columns
// count characters: UTF-8 continuation bytes do not move the column.
func (lx *lexer) advance() byte {
	c := lx.src[lx.off]
	lx.off++
	switch {
	case c == '\n':
		lx.pos.line++
		lx.pos.col = 1
	case c&0xC0 != 0x80:
		lx.pos.col++
	}
	return c
}

// next returns the next token.
func (lx *lexer) next() (token, error) {
	for lx.off < len(lx.src) && isSpace(lx.src[lx.off]) {
		lx.advance()
	}
	from := lx.off
	t, err := lx.scan()
	t.off = from
	return t, err
}

// scan reads the token starting at the current offset, which is not
// whitespace.
func (lx *lexer) scan() (token, error) {
	start := lx.pos
	if lx.off >= len(lx.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	switch c := lx.src[lx.off]; c {
	case '{':
		lx.advance()
		return token{kind: tokLBrace, pos: start}, nil
	case '}':
		lx.advance()
		return token{kind: tokRBrace, pos: start}, nil
	case ',':
		lx.advance()
		return token{kind: tokComma, pos: start}, nil
	case '"':
		return lx.text()
	}
	from := lx.off
	for lx.off < len(lx.src) && !isDelim(lx.src[lx.off]) {
		lx.advance()
	}
	word := string(lx.src[from:lx.off])
	if c := word[0]; c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' {
		if len(word) > maxNumberLen {
			return token{}, errorAt(start, "number longer than %d characters", maxNumberLen)
		}
		if !validNumber(word) {
			return token{}, errorAt(start, "malformed number %q: expected an integer, a fraction p/q or a decimal number", shorten(word))
		}
		return token{kind: tokNumber, text: word, pos: start}, nil
	}
	return token{kind: tokSymbol, text: word, pos: start}, nil
}

// text scans quoted text. As in Gambit, a backslash escapes the next
// character; an escaped quote is kept as a quote, any other escaped
// character is kept with its backslash.
func (lx *lexer) text() (token, error) {
	start := lx.pos
	lx.advance() // opening quote
	var b strings.Builder
	escaped := false
	for {
		if lx.off >= len(lx.src) {
			return token{}, errorAt(start, "text starting here is not closed by '\"' before the end of the file")
		}
		c := lx.advance()
		switch {
		case c == '"' && !escaped:
			return token{kind: tokText, text: b.String(), pos: start}, nil
		case c == '"':
			b.WriteByte('"')
		case escaped:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c != '\\':
			b.WriteByte(c)
		}
		escaped = c == '\\'
	}
}

// validNumber reports whether s is a number in one of the forms Gambit
// accepts: [+-]D+/D+ or [+-](D+[.D*] | .D+)[(e|E)[+-]D+], D a decimal digit.
func validNumber(s string) bool {
	s = strings.TrimLeft(s[:1], "+-") + s[1:]
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return allDigits(s[:i]) && allDigits(s[i+1:])
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp := s[i+1:]
		if exp != "" && (exp[0] == '+' || exp[0] == '-') {
			exp = exp[1:]
		}
		if !allDigits(exp) {
			return false
		}
		s = s[:i]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if !dot {
		return allDigits(whole)
	}
	return (whole == "" || allDigits(whole)) && (frac == "" || allDigits(frac)) && whole+frac != ""
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseRat converts a number token (already checked by validNumber) to an
// exact rational.
func parseRat(s string) (*big.Rat, error) {
	return setRat(new(big.Rat), s)
}

// setRat sets z to the exact value of a number token (already checked by
// validNumber) and returns it. Integers that fit an int64, the common
// payoff, take no detour through big.Int parsing.
func setRat(z *big.Rat, s string) (*big.Rat, error) {
	if len(s) <= 18 && !strings.ContainsAny(s, "./eE") {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return z.SetInt64(v), nil
		}
	}
	neg := s[0] == '-'
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	if num, den, ok := strings.Cut(s, "/"); ok {
		a, _ := new(big.Int).SetString(num, 10)
		b, _ := new(big.Int).SetString(den, 10)
		if b.Sign() == 0 {
			return nil, fmt.Errorf("fraction %s has a zero denominator", s)
		}
		z.SetFrac(a, b)
	} else {
		r, err := parseDecimal(s)
		if err != nil {
			return nil, err
		}
		z.Set(r)
	}
	if neg {
		z.Neg(z)
	}
	return z, nil
}

// parseDecimal converts an unsigned decimal number with an optional
// fraction and exponent.
func parseDecimal(s string) (*big.Rat, error) {
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > maxExponent || e < -maxExponent {
			return nil, fmt.Errorf("exponent of %s is out of range (at most %d in size)", s, maxExponent)
		}
		exp, s = e, s[:i]
	}
	whole, frac, _ := strings.Cut(s, ".")
	m, _ := new(big.Int).SetString(whole+frac, 10)
	scale := exp - len(frac)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(scale))), nil)
	if scale >= 0 {
		return new(big.Rat).SetInt(m.Mul(m, p)), nil
	}
	return new(big.Rat).SetFrac(m, p), nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
