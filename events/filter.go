package events

import (
	"fmt"
	"slices"
	"strings"
)

// Filter selects events. Empty fields select everything; the selection is
// the conjunction of the fields set.
type Filter struct {
	// Source and Target are CAMEO country codes of the actors (any of
	// each list). With Undirected, an event also matches with its actors
	// swapped (Target acting on Source).
	Source, Target []string
	Undirected     bool
	// SourceTypes and TargetTypes are CAMEO actor types (GOV, MIL, COP…);
	// an actor matches when one of its types is listed. With Undirected,
	// they follow their countries when the actors are swapped.
	SourceTypes, TargetTypes []string
	From, To                 Day // inclusive; zero: unbounded
	HasFrom, HasTo           bool
	Codes                    Patterns // CAMEO code patterns ("19*", "057")
	Quads                    []Quad
	RootOnly                 bool // only GDELT root events (IsRootEvent)
}

// Match reports whether f selects e.
func (f *Filter) Match(e *Event) bool {
	if f.HasFrom && e.Day < f.From || f.HasTo && e.Day > f.To {
		return false
	}
	if f.RootOnly && !e.IsRoot {
		return false
	}
	if len(f.Quads) > 0 && !slices.Contains(f.Quads, e.Quad) {
		return false
	}
	if !f.Codes.Match(e.Code) {
		return false
	}
	if f.side(&e.Source, &e.Target) {
		return true
	}
	return f.Undirected && f.side(&e.Target, &e.Source)
}

// side reports whether src and tgt match the source and target conditions.
func (f *Filter) side(src, tgt *Actor) bool {
	return inList(f.Source, src.Country) && inList(f.Target, tgt.Country) &&
		src.HasType(f.SourceTypes) && tgt.HasType(f.TargetTypes)
}

func inList(list []string, s string) bool { return len(list) == 0 || slices.Contains(list, s) }

// Patterns are CAMEO code patterns: an exact code ("057", "0871") or a
// prefix followed by * ("19*": every code of root 19; "08*"). An empty
// list matches every code.
type Patterns []string

// ParsePatterns reads comma-separated patterns ("057,061", "19*"),
// refusing anything that is not digits with an optional final *.
func ParsePatterns(list ...string) (Patterns, error) {
	var ps Patterns
	for _, s := range list {
		for p := range strings.SplitSeq(s, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			digits := strings.TrimSuffix(p, "*")
			if digits == "" || len(digits) > 4 || strings.Trim(digits, "0123456789") != "" ||
				(!strings.HasSuffix(p, "*") && len(digits) < 2) {
				return nil, fmt.Errorf("CAMEO pattern %q: want a code of 2 to 4 digits (057) or a prefix and * (19*)", p)
			}
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// Match reports whether code matches one of the patterns (any, when there
// are none).
func (ps Patterns) Match(code string) bool {
	if len(ps) == 0 {
		return true
	}
	for _, p := range ps {
		if n := len(p) - 1; n >= 0 && p[n] == '*' {
			if strings.HasPrefix(code, p[:n]) {
				return true
			}
		} else if code == p {
			return true
		}
	}
	return false
}
