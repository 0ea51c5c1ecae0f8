package gambit

import (
	"context"
	"fmt"
	"math/big"
	"strconv"

	"github.com/tablero-project/tablero/game"
)

// nfgParser reads an .nfg file.
type nfgParser struct {
	*parser
	n *game.Normal
}

// parseNFG reads an .nfg file held in src.
func parseNFG(ctx context.Context, src []byte) (*game.Normal, error) {
	base, err := newParser(ctx, src)
	if err != nil {
		return nil, err
	}
	p := &nfgParser{parser: base, n: &game.Normal{}}
	if p.n.Title, p.n.Players, err = p.header("NFG", "1"); err != nil {
		return nil, err
	}
	if err := p.strategies(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokText {
		p.n.Comment = p.tok.text
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if err := p.body(); err != nil {
		return nil, err
	}
	if err := p.n.Validate(); err != nil {
		return nil, errorAt(p.tok.pos, "invalid game: %v", err)
	}
	return p.n, nil
}

// strategies reads the strategy header: either one list of strategy
// labels per player, { { "a" "b" } { "c" "d" } }, or one count per
// player, { 2 2 }, whose strategies are then labelled "1", "2", ...
func (p *nfgParser) strategies() error {
	open, err := p.expect(tokLBrace, "'{' opening the strategy lists or counts")
	if err != nil {
		return err
	}
	var sizes []int
	if p.tok.kind == tokLBrace {
		sizes, err = p.strategyLists()
	} else {
		sizes, err = p.strategyCounts()
	}
	if err != nil {
		return err
	}
	what := fmt.Sprintf("'}' closing the strategies (one entry per player: %d)", len(p.n.Players))
	if _, err = p.expect(tokRBrace, what); err != nil {
		return err
	}
	if err := p.checkProfiles(sizes, open.pos); err != nil {
		return err
	}
	if p.n.Strategies == nil {
		p.n.Strategies = numbered(sizes)
	}
	return nil
}

// strategyLists reads one list of strategy labels per player.
func (p *nfgParser) strategyLists() ([]int, error) {
	p.n.Strategies = make([][]string, len(p.n.Players))
	sizes := make([]int, len(p.n.Players))
	for i := range p.n.Strategies {
		whose := "player " + strconv.Itoa(i+1)
		if _, err := p.expect(tokLBrace, "'{' opening the strategy list of "+whose); err != nil {
			return nil, err
		}
		var labels []string
		for p.tok.kind == tokText {
			labels = append(labels, p.tok.text)
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		if p.tok.kind == tokRBrace && len(labels) == 0 {
			return nil, errorAt(p.tok.pos, "%s has no strategies: expected at least one strategy label", whose)
		}
		if _, err := p.expect(tokRBrace, "a strategy label or '}' closing the strategy list of "+whose); err != nil {
			return nil, err
		}
		p.n.Strategies[i], sizes[i] = labels, len(labels)
	}
	return sizes, nil
}

// strategyCounts reads one strategy count per player.
func (p *nfgParser) strategyCounts() ([]int, error) {
	sizes := make([]int, len(p.n.Players))
	for i := range sizes {
		what := fmt.Sprintf("the number of strategies of player %d (a positive integer)", i+1)
		if i == 0 {
			what = "'{' opening the strategy list of player 1, or " + what
		}
		k, _, err := p.integer(1, what)
		if err != nil {
			return nil, err
		}
		sizes[i] = k
	}
	return sizes, nil
}

// numbered returns strategy labels "1", "2", ... for the given counts.
func numbered(sizes []int) [][]string {
	labels := make([][]string, len(sizes))
	for i, k := range sizes {
		labels[i] = make([]string, k)
		for j := range k {
			labels[i][j] = strconv.Itoa(j + 1)
		}
	}
	return labels
}

// checkProfiles refuses strategy sizes, declared at pos at, whose number
// of profiles exceeds maxProfiles or what the rest of the input could hold
// (each profile needs at least one character), before anything that large
// is allocated.
func (p *nfgParser) checkProfiles(sizes []int, at pos) error {
	left := len(p.lx.src) - p.tok.off + 1
	limit := min(maxProfiles, left)
	total := 1
	for _, k := range sizes {
		if k > limit/total {
			return errorAt(at, "the strategies declared here define %s pure-strategy profiles, more than %s", profileCount(sizes), profileLimit(left))
		}
		total *= k
	}
	return nil
}

// profileCount returns the product of sizes in decimal.
func profileCount(sizes []int) string {
	t := big.NewInt(1)
	for _, k := range sizes {
		t.Mul(t, big.NewInt(int64(k)))
	}
	return t.String()
}

// profileLimit explains the bound checkProfiles applied.
func profileLimit(left int) string {
	if left < maxProfiles {
		return fmt.Sprintf("the rest of the file (%d bytes) could hold", left)
	}
	return fmt.Sprintf("the limit of %d", maxProfiles)
}

// body reads the outcome version ('{' opens the list of outcomes) or the
// payoff version (a number starts the payoff list), then the end of file.
func (p *nfgParser) body() error {
	var err error
	switch p.tok.kind {
	case tokLBrace:
		err = p.outcomeBody()
	case tokNumber:
		err = p.payoffBody()
	default:
		return p.unexpected("the payoffs (numbers) or '{' opening the outcome list")
	}
	if err != nil {
		return err
	}
	if p.tok.kind != tokEOF {
		return p.unexpected(fmt.Sprintf("end of file after the %d strategy profiles", len(p.n.Cells)))
	}
	return nil
}

// payoffBody reads one payoff per player for every profile, giving every
// cell its own unlabelled outcome. Outcomes and payoff lists are each
// allocated as one block, and payoffs written alike share one value (see
// ratPool): a table of millions of cells would otherwise cost several
// small allocations per payoff.
func (p *nfgParser) payoffBody() error {
	cells, players := p.n.NumProfiles(), len(p.n.Players)
	outcomes := make([]game.Outcome, cells)
	pays := make([]*big.Rat, cells*players)
	pool := ratPool{seen: map[string]*big.Rat{}}
	p.n.Outcomes = make([]*game.Outcome, cells)
	for c := range cells {
		o := &outcomes[c]
		o.ID, o.Payoffs = c+1, pays[c*players:(c+1)*players:(c+1)*players]
		for i := range o.Payoffs {
			what := func() string {
				return fmt.Sprintf("the payoff of player %d in strategy profile %d of %d", i+1, c+1, cells)
			}
			r, err := p.pooledNumber(&pool, what)
			if err != nil {
				return err
			}
			o.Payoffs[i] = r
		}
		p.n.Outcomes[c] = o
	}
	p.n.Cells = p.n.Outcomes
	return nil
}

// outcomeBody reads the list of outcomes, then one outcome number per
// profile (0 for the null outcome).
func (p *nfgParser) outcomeBody() error {
	if err := p.outcomeList(); err != nil {
		return err
	}
	cells := p.n.NumProfiles()
	p.n.Cells = make([]*game.Outcome, cells)
	last := len(p.n.Outcomes)
	for c := range p.n.Cells {
		what := fmt.Sprintf("the outcome number of strategy profile %d of %d (an integer from 0 to %d)", c+1, cells, last)
		k, t, err := p.integer(0, what)
		if err != nil {
			return err
		}
		if k > last {
			return errorAt(t.pos, "outcome %d does not exist: expected %s", k, what)
		}
		if k > 0 {
			p.n.Cells[c] = p.n.Outcomes[k-1]
		}
	}
	return nil
}

// outcomeList reads { { "label" payoff ... } ... }.
func (p *nfgParser) outcomeList() error {
	if err := p.next(); err != nil { // the opening brace, checked by body
		return err
	}
	for p.tok.kind == tokLBrace {
		if err := p.next(); err != nil {
			return err
		}
		id := len(p.n.Outcomes) + 1
		whose := "outcome " + strconv.Itoa(id)
		label, err := p.text("the label of " + whose + " (a quoted text)")
		if err != nil {
			return err
		}
		pay, err := p.payoffs(len(p.n.Players), whose)
		if err != nil {
			return err
		}
		p.n.Outcomes = append(p.n.Outcomes, &game.Outcome{ID: id, Label: label, Payoffs: pay})
	}
	_, err := p.expect(tokRBrace, "'{' opening an outcome or '}' closing the outcome list")
	return err
}

// ratPool hands out the payoffs of a payoff table. Numbers written alike
// share one value — game payoffs are never modified in place, as cells
// already share outcomes in the outcome format — for up to maxPooled
// distinct spellings; the others come from blocks.
type ratPool struct {
	seen  map[string]*big.Rat
	block []big.Rat
}

// maxPooled bounds the distinct numbers a ratPool shares.
const maxPooled = 1 << 12

// fresh returns an unshared zero value.
func (rp *ratPool) fresh() *big.Rat {
	if len(rp.block) == 0 {
		rp.block = make([]big.Rat, 1<<10)
	}
	r := &rp.block[0]
	rp.block = rp.block[1:]
	return r
}

// pooledNumber consumes a number, sharing its value with earlier numbers
// written the same way.
func (p *nfgParser) pooledNumber(rp *ratPool, what func() string) (*big.Rat, error) {
	text := p.tok.text
	if r, ok := rp.seen[text]; ok && p.tok.kind == tokNumber {
		return r, p.next()
	}
	r, _, err := p.numberTo(rp.fresh(), what)
	if err == nil && len(rp.seen) < maxPooled {
		rp.seen[text] = r
	}
	return r, err
}
