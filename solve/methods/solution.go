package methods

import (
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/tablero-project/tablero/gambit"
	"github.com/tablero-project/tablero/repro"
)

// Solution is the result of Solve: the equilibria found, formatted as
// Gambit's tools print them. It is also the JSON document of a solve
// (snake_case keys).
type Solution struct {
	// Run says how the document was computed (set by front ends).
	Run *repro.Record `json:"run,omitempty"`
	// Method is the method's registered name.
	Method string `json:"method"`
	// Form is "behaviour" for profiles of a tree's behaviour strategies
	// (player by player, information sets in tree order), "strategic" for
	// mixed profiles of a strategic game or of a tree's reduced strategic
	// form.
	Form string `json:"form"`
	// Players names the game's players.
	Players []string `json:"players"`
	// Equilibria lists what the method found, in its order; never nil, so
	// that none encodes as an empty JSON list.
	Equilibria []Equilibrium `json:"equilibria"`
}

// Equilibrium is one line of a solution: an equilibrium, a point of a
// maximal convex set (Tag) or of a logit branch (Lambda).
type Equilibrium struct {
	// Tag is the line's tag when it is not "NE", e.g. "convex-1" for a
	// point of the first maximal convex set of enummixed -c.
	Tag string `json:"tag,omitempty"`
	// Lambda is the λ of a point of a logit branch (logit -l).
	Lambda *float64 `json:"lambda,omitempty"`
	// Profile holds the probabilities in Gambit's order, as exact
	// fractions ("1/2") or decimals.
	Profile []string `json:"profile"`
}

// WriteNE writes s as Gambit's tools print it, one line per equilibrium:
// "NE,1,0,1/2,1/2", "convex-1,..." for a point of a maximal convex set,
// and for a point of a logit branch its λ with 10 decimals in place of
// the tag ("1.0000000000,0.5,...").
func (s *Solution) WriteNE(w io.Writer) error {
	for _, e := range s.Equilibria {
		if _, err := fmt.Fprintln(w, e.Line()); err != nil {
			return err
		}
	}
	return nil
}

// Line returns e as the line Gambit prints for it (without the newline).
func (e Equilibrium) Line() string {
	tag := "NE"
	switch {
	case e.Lambda != nil:
		tag = gambit.FormatFloats("", []float64{*e.Lambda}, 10)
	case e.Tag != "":
		tag = e.Tag
	}
	var b strings.Builder
	b.WriteString(tag)
	for _, x := range e.Profile {
		b.WriteByte(',')
		b.WriteString(x)
	}
	return b.String()
}

// profile is one equilibrium a method computed, exact or in floating
// point, with λ for points of a logit branch.
type profile struct {
	exact  []*big.Rat
	float  []float64
	lambda *float64
	tag    string // the line's tag, "NE" when empty
	// fixed prints float in fixed point, as Gambit's floating-point tools
	// do; otherwise in general notation, as gambit-logit does.
	fixed bool
}

// equilibrium formats p with the given digits of floating-point output.
func (p profile) equilibrium(decimals int) Equilibrium {
	e := Equilibrium{Lambda: p.lambda, Tag: p.tag}
	if p.exact != nil {
		e.Profile = make([]string, len(p.exact))
		var last *big.Rat // runs of one shared value are formatted once
		for i, r := range p.exact {
			if i == 0 || r != last {
				e.Profile[i] = r.RatString()
			} else {
				e.Profile[i] = e.Profile[i-1]
			}
			last = r
		}
		return e
	}
	format := gambit.FormatGeneral
	if p.fixed {
		format = gambit.FormatFloats
	}
	e.Profile = make([]string, len(p.float))
	for i, x := range p.float {
		e.Profile[i] = format("", []float64{x}, decimals)
	}
	return e
}
