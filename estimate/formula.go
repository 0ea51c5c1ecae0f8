package estimate

import (
	"fmt"
	"slices"
	"strings"
)

// Formula is a model formula in the notation of R's Formula package, as the
// games package reads it: responses on the left of "~", then one
// right-hand side per equation separated by "|":
//
//	esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2
//
// An equation "0" has no terms: its utility is fixed at zero. "1" is a
// constant only; "- 1" (or "+ 0") drops the constant.
type Formula struct {
	Text      string
	Responses []string
	Equations []Equation
}

// Equation is one right-hand side: its variables in order and whether it
// has a constant.
type Equation struct {
	Terms     []string
	Intercept bool
}

// ParseFormula reads a formula with a left-hand side (the responses).
func ParseFormula(text string) (Formula, error) {
	lhs, rhs, ok := strings.Cut(text, "~")
	if !ok {
		return Formula{}, fmt.Errorf("formula %q: no '~' separating the responses from the equations", text)
	}
	f := Formula{Text: strings.TrimSpace(text)}
	for _, name := range strings.Split(lhs, "+") {
		name = strings.TrimSpace(name)
		if name == "" {
			return Formula{}, fmt.Errorf("formula %q: empty response on the left of '~'", text)
		}
		if !isName(name) {
			return Formula{}, fmt.Errorf("formula %q: response %q is not a column name", text, name)
		}
		f.Responses = append(f.Responses, name)
	}
	eqs, err := ParseEquations(rhs)
	if err != nil {
		return Formula{}, fmt.Errorf("formula %q: %w", text, err)
	}
	f.Equations = eqs
	return f, nil
}

// ParseEquations reads right-hand sides separated by "|" (a leading "~" is
// allowed, as in a one-sided scale formula "~ balanc - 1").
func ParseEquations(text string) ([]Equation, error) {
	text = strings.TrimSpace(text)
	text = strings.TrimPrefix(text, "~")
	var eqs []Equation
	for i, part := range strings.Split(text, "|") {
		eq, err := parseEquation(part)
		if err != nil {
			return nil, fmt.Errorf("equation %d (%q): %w", i+1, strings.TrimSpace(part), err)
		}
		eqs = append(eqs, eq)
	}
	return eqs, nil
}

// parseEquation reads "a + b - 1", "0", "1", "a + 0".
func parseEquation(text string) (Equation, error) {
	eq := Equation{Intercept: true}
	toks, err := tokens(text)
	if err != nil {
		return Equation{}, err
	}
	if len(toks) == 0 {
		return Equation{}, fmt.Errorf("empty equation (write 0 to fix it at zero)")
	}
	sign := "+"
	expectTerm := true
	for _, t := range toks {
		if t == "+" || t == "-" {
			if expectTerm {
				if t == "-" && sign == "+" && len(eq.Terms) == 0 {
					sign = "-"
					continue
				}
				return Equation{}, fmt.Errorf("misplaced %q", t)
			}
			sign, expectTerm = t, true
			continue
		}
		if !expectTerm {
			return Equation{}, fmt.Errorf("missing '+' before %q", t)
		}
		expectTerm = false
		switch {
		case t == "0":
			if sign == "-" {
				return Equation{}, fmt.Errorf("'- 0' is not meaningful")
			}
			eq.Intercept = false
		case t == "1":
			eq.Intercept = sign == "+"
		case sign == "-":
			return Equation{}, fmt.Errorf("removing the term %q is not supported (only '- 1')", t)
		case !isName(t):
			return Equation{}, fmt.Errorf("term %q is not a column name (interactions and transformations are not supported; add a column instead)", t)
		default:
			if !slices.Contains(eq.Terms, t) {
				eq.Terms = append(eq.Terms, t)
			}
		}
	}
	if expectTerm {
		return Equation{}, fmt.Errorf("dangling %q at the end", sign)
	}
	return eq, nil
}

// tokens splits an equation into names, numbers and the signs + and -.
func tokens(s string) ([]string, error) {
	out := strings.Fields(strings.NewReplacer("+", " + ", "-", " - ").Replace(s))
	for _, t := range out {
		if strings.ContainsAny(t, "~|()*:^/") {
			return nil, fmt.Errorf("term %q: interactions, transformations and nesting are not supported; add a column instead", t)
		}
	}
	return out, nil
}

// isName reports whether s can be a column name in a formula.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}
