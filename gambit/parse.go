package gambit

import (
	"context"
	"math/big"
	"strconv"
	"strings"
)

// parser holds the token stream shared by the .efg and .nfg readers: tok
// is the current token, not yet consumed.
type parser struct {
	lx     *lexer
	tok    token
	ctx    context.Context
	tokens int
}

// ctxCheckEvery is how many tokens the parser reads between two looks at
// its context.
const ctxCheckEvery = 1 << 12

func newParser(ctx context.Context, src []byte) (*parser, error) {
	p := &parser{lx: newLexer(src), ctx: ctx}
	return p, p.next()
}

// next consumes the current token.
func (p *parser) next() error {
	if p.tokens++; p.tokens%ctxCheckEvery == 0 {
		if err := p.ctx.Err(); err != nil {
			return err
		}
	}
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// expect consumes the current token if it has the given kind, and
// otherwise reports "expected <what>, found <token>".
func (p *parser) expect(kind tokKind, what string) (token, error) {
	t := p.tok
	if t.kind != kind {
		return t, p.unexpected(what)
	}
	return t, p.next()
}

// unexpected reports that the current token is not what was expected.
func (p *parser) unexpected(what string) error {
	return errorAt(p.tok.pos, "expected %s, found %s", what, p.tok)
}

// accept consumes the current token if it has the given kind.
func (p *parser) accept(kind tokKind) (bool, error) {
	if p.tok.kind != kind {
		return false, nil
	}
	return true, p.next()
}

// text consumes a quoted text.
func (p *parser) text(what string) (string, error) {
	t, err := p.expect(tokText, what)
	return t.text, err
}

// integer consumes an integer, written with digits only and an optional
// plus sign, no smaller than min and no larger than maxID.
func (p *parser) integer(min int, what string) (int, token, error) {
	t := p.tok
	digits := strings.TrimPrefix(t.text, "+")
	if t.kind != tokNumber || !allDigits(digits) {
		return 0, t, p.unexpected(what)
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v > maxID {
		return 0, t, errorAt(t.pos, "expected %s, found number %s, which is larger than the limit of %d", what, shorten(t.text), maxID)
	}
	if v < min {
		return 0, t, p.unexpected(what)
	}
	return v, t, p.next()
}

// number consumes a number and returns its exact value.
func (p *parser) number(what string) (*big.Rat, token, error) {
	r, t, err := p.numberTo(new(big.Rat), func() string { return what })
	return r, t, err
}

// numberTo consumes a number and sets z to its exact value. what, which
// describes the expected number in an error, is called only on error: the
// payoff table of a large game would otherwise format a description per
// payoff.
func (p *parser) numberTo(z *big.Rat, what func() string) (*big.Rat, token, error) {
	t := p.tok
	if t.kind != tokNumber {
		return nil, t, p.unexpected(what())
	}
	r, err := setRat(z, t.text)
	if err != nil {
		return nil, t, errorAt(t.pos, "%v", err)
	}
	return r, t, p.next()
}

// header consumes the common start of both formats:
// KIND VERSION (R|D) TITLE { PLAYER* }.
func (p *parser) header(kind, version string) (title string, players []string, err error) {
	if p.tok.kind != tokSymbol || p.tok.text != kind {
		return "", nil, p.wrongKind(kind)
	}
	if err := p.next(); err != nil {
		return "", nil, err
	}
	if p.tok.kind != tokNumber || p.tok.text != version {
		return "", nil, p.unexpected("version number " + version + " after '" + kind + "'")
	}
	if err := p.next(); err != nil {
		return "", nil, err
	}
	if p.tok.kind != tokSymbol || (p.tok.text != "R" && p.tok.text != "D") {
		return "", nil, p.unexpected("'R' or 'D' after the version number")
	}
	if err := p.next(); err != nil {
		return "", nil, err
	}
	if title, err = p.text("the game title (a quoted text)"); err != nil {
		return "", nil, err
	}
	players, err = p.players()
	return title, players, err
}

// wrongKind reports a file that does not start with the expected kind.
func (p *parser) wrongKind(kind string) error {
	what := "'" + kind + "' at the start of the file"
	if p.tok.kind == tokSymbol && (p.tok.text == "EFG" || p.tok.text == "NFG") {
		other := map[string]string{"EFG": "an extensive", "NFG": "a strategic"}[p.tok.text]
		return errorAt(p.tok.pos, "expected %s, found %q: this is %s game (use Read to accept both)", what, p.tok.text, other)
	}
	return p.unexpected(what)
}

// players consumes the player list { "name" ... }, which must name at
// least one player.
func (p *parser) players() ([]string, error) {
	if _, err := p.expect(tokLBrace, "'{' opening the player list"); err != nil {
		return nil, err
	}
	var names []string
	for p.tok.kind == tokText {
		names = append(names, p.tok.text)
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if p.tok.kind == tokRBrace && len(names) == 0 {
		return nil, errorAt(p.tok.pos, "the player list is empty: a game needs at least one player")
	}
	if _, err := p.expect(tokRBrace, "a player name or '}' closing the player list"); err != nil {
		return nil, err
	}
	return names, nil
}

// payoffs consumes one payoff per player, each optionally followed by a
// comma, and the closing brace.
func (p *parser) payoffs(n int, whose string) ([]*big.Rat, error) {
	v := make([]*big.Rat, n)
	for i := range v {
		r, _, err := p.number("the payoff of player " + strconv.Itoa(i+1) + " in " + whose)
		if err != nil {
			return nil, err
		}
		v[i] = r
		if _, err := p.accept(tokComma); err != nil {
			return nil, err
		}
	}
	what := "'}' closing the payoffs of " + whose + " (one per player: " + strconv.Itoa(n) + ")"
	_, err := p.expect(tokRBrace, what)
	return v, err
}

// sameRats reports whether a and b hold equal values.
func sameRats(a, b []*big.Rat) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Cmp(b[i]) != 0 {
			return false
		}
	}
	return true
}
