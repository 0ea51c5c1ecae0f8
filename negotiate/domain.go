package negotiate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// IssueKind is the kind of an issue.
type IssueKind int

// Issue kinds.
const (
	// Discrete issues have a finite list of labelled values.
	Discrete IssueKind = iota
	// Integer issues take every integer in [Min, Max].
	Integer
	// Real issues take values in [Min, Max], enumerated on a grid of Levels
	// equally spaced points.
	Real
)

// String names the kind as GENIUS does.
func (k IssueKind) String() string {
	switch k {
	case Discrete:
		return "discrete"
	case Integer:
		return "integer"
	case Real:
		return "real"
	}
	return "unknown"
}

// DefaultRealLevels is the number of grid points on which a real issue is
// enumerated when Issue.Levels is zero (GENIUS's
// IssueReal.fNumberOfDiscretizationSteps).
const DefaultRealLevels = 21

// MaxIssueValues bounds the values of one issue (a sanity limit for
// integer ranges and real grids read from files).
const MaxIssueValues = 1 << 24

// Issue is one negotiation issue. Values of an issue are addressed by their
// index 0..Card()-1.
type Issue struct {
	Name string
	Kind IssueKind
	// Values are the labels of a discrete issue, in document order.
	Values []string
	// Min and Max bound an integer or real issue (inclusive).
	Min, Max float64
	// Levels is the number of grid points of a real issue (0: DefaultRealLevels).
	Levels int
	// Index is the issue's GENIUS index (1-based identity in XML files);
	// zero when the issue was not read from GENIUS XML.
	Index int
}

// Card is the number of values of the issue.
func (is *Issue) Card() int {
	switch is.Kind {
	case Discrete:
		return len(is.Values)
	case Integer:
		if is.Max < is.Min {
			return 0
		}
		return int(is.Max-is.Min) + 1
	case Real:
		if is.Levels > 0 {
			return is.Levels
		}
		return DefaultRealLevels
	}
	return 0
}

// Number is the numeric value of value index k of an integer or real issue
// (k for a discrete issue).
func (is *Issue) Number(k int) float64 {
	switch is.Kind {
	case Integer:
		return is.Min + float64(k)
	case Real:
		n := is.Card()
		if n <= 1 {
			return is.Min
		}
		if k == n-1 {
			return is.Max
		}
		return is.Min + float64(k)*(is.Max-is.Min)/float64(n-1)
	}
	return float64(k)
}

// Label is the text of value index k: the label of a discrete value, the
// number of an integer or real one.
func (is *Issue) Label(k int) string {
	if is.Kind == Discrete {
		if k >= 0 && k < len(is.Values) {
			return is.Values[k]
		}
		return ""
	}
	return strconv.FormatFloat(is.Number(k), 'g', -1, 64)
}

// Lookup finds the index of a value given as text: a discrete label (exact,
// then trimmed), or a number for integer and real issues (the nearest grid
// point within half a step).
func (is *Issue) Lookup(s string) (int, bool) {
	if is.Kind == Discrete {
		for i, v := range is.Values {
			if v == s {
				return i, true
			}
		}
		t := strings.TrimSpace(s)
		for i, v := range is.Values {
			if strings.TrimSpace(v) == t {
				return i, true
			}
		}
		return 0, false
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, false
	}
	return is.Nearest(x)
}

// Nearest is the index of the grid value nearest to x, if x lies within the
// issue's range (with half a step of slack).
func (is *Issue) Nearest(x float64) (int, bool) {
	n := is.Card()
	if n == 0 || math.IsNaN(x) {
		return 0, false
	}
	if is.Kind == Discrete {
		k := int(math.Round(x))
		return k, k >= 0 && k < n && float64(k) == x
	}
	if n == 1 {
		return 0, math.Abs(x-is.Min) <= 0.5
	}
	step := (is.Max - is.Min) / float64(n-1)
	if step <= 0 {
		return 0, x == is.Min
	}
	k := math.Round((x - is.Min) / step)
	if k < -0.5 || k > float64(n-1)+0.5 {
		return 0, false
	}
	if k < 0 {
		k = 0
	}
	if k > float64(n-1) {
		k = float64(n - 1)
	}
	if math.Abs(is.Number(int(k))-x) > step/2+1e-9*math.Max(1, math.Abs(x)) {
		return 0, false
	}
	return int(k), true
}

// Domain is a negotiation domain: an ordered list of issues whose Cartesian
// product is the outcome space. Outcomes are numbered in mixed radix with
// the first issue most significant, i.e. in the order of itertools.product
// (NegMAS's enumeration order).
type Domain struct {
	Name   string
	Issues []Issue
}

// ErrTooLarge is returned (wrapped) when an outcome space is larger than the
// budget of an operation that would enumerate it.
var ErrTooLarge = errors.New("outcome space too large to enumerate")

// Size is the number of outcomes as a float64 (exact up to 2^53, and
// meaningful as an order of magnitude beyond).
func (d *Domain) Size() float64 {
	if len(d.Issues) == 0 {
		return 0
	}
	s := 1.0
	for i := range d.Issues {
		s *= float64(d.Issues[i].Card())
	}
	return s
}

// Count is the number of outcomes if it is at most limit; otherwise ok is
// false.
func (d *Domain) Count(limit int64) (n int64, ok bool) {
	if len(d.Issues) == 0 {
		return 0, true
	}
	n = 1
	for i := range d.Issues {
		c := int64(d.Issues[i].Card())
		if c == 0 {
			return 0, true
		}
		if n > limit/c {
			return 0, false
		}
		n *= c
	}
	return n, n <= limit
}

// Validate checks the domain: at least one issue, unique non-empty names,
// at least one value per issue, unique discrete labels, finite bounds.
func (d *Domain) Validate() error {
	if len(d.Issues) == 0 {
		return errors.New("domain has no issues")
	}
	seen := map[string]bool{}
	for i := range d.Issues {
		is := &d.Issues[i]
		if is.Name == "" {
			return fmt.Errorf("issue %d has no name", i+1)
		}
		if seen[is.Name] {
			return fmt.Errorf("duplicate issue name %q", is.Name)
		}
		seen[is.Name] = true
		switch is.Kind {
		case Discrete:
			if len(is.Values) == 0 {
				return fmt.Errorf("issue %q has no values", is.Name)
			}
			vs := map[string]bool{}
			for _, v := range is.Values {
				if vs[v] {
					return fmt.Errorf("issue %q: duplicate value %q", is.Name, v)
				}
				vs[v] = true
			}
		case Integer, Real:
			if math.IsNaN(is.Min) || math.IsNaN(is.Max) || math.IsInf(is.Min, 0) || math.IsInf(is.Max, 0) {
				return fmt.Errorf("issue %q: bounds must be finite", is.Name)
			}
			if is.Max < is.Min {
				return fmt.Errorf("issue %q: upper bound %g below lower bound %g", is.Name, is.Max, is.Min)
			}
			if is.Kind == Integer && (is.Min != math.Trunc(is.Min) || is.Max != math.Trunc(is.Max)) {
				return fmt.Errorf("issue %q: integer bounds must be integers", is.Name)
			}
			if is.Kind == Integer && is.Max-is.Min+1 > MaxIssueValues {
				return fmt.Errorf("issue %q: %g values, more than %d", is.Name, is.Max-is.Min+1, MaxIssueValues)
			}
			if is.Kind == Real && (is.Levels < 0 || is.Levels > MaxIssueValues) {
				return fmt.Errorf("issue %q: %d grid levels out of range", is.Name, is.Levels)
			}
		default:
			return fmt.Errorf("issue %q: unknown kind", is.Name)
		}
	}
	return nil
}

// IssueIndex finds an issue by name.
func (d *Domain) IssueIndex(name string) (int, bool) {
	for i := range d.Issues {
		if d.Issues[i].Name == name {
			return i, true
		}
	}
	return 0, false
}

// Cards returns the number of values of every issue.
func (d *Domain) Cards() []int {
	c := make([]int, len(d.Issues))
	for i := range d.Issues {
		c[i] = d.Issues[i].Card()
	}
	return c
}

// Decode writes the value indices of outcome id into dst (allocated when
// nil or short) and returns it.
func (d *Domain) Decode(id int64, dst []int) []int {
	n := len(d.Issues)
	if cap(dst) < n {
		dst = make([]int, n)
	}
	dst = dst[:n]
	for i := n - 1; i >= 0; i-- {
		c := int64(d.Issues[i].Card())
		if c <= 0 {
			dst[i] = 0
			continue
		}
		dst[i] = int(id % c)
		id /= c
	}
	return dst
}

// Encode is the outcome id of value indices o.
func (d *Domain) Encode(o []int) int64 {
	var id int64
	for i := range d.Issues {
		id = id*int64(d.Issues[i].Card()) + int64(o[i])
	}
	return id
}

// Labels returns the value labels of outcome id, one per issue.
func (d *Domain) Labels(id int64) []string {
	o := d.Decode(id, nil)
	s := make([]string, len(o))
	for i, k := range o {
		s[i] = d.Issues[i].Label(k)
	}
	return s
}

// ParseOutcome reads an outcome given as one value label per issue.
func (d *Domain) ParseOutcome(labels []string) ([]int, error) {
	if len(labels) != len(d.Issues) {
		return nil, fmt.Errorf("outcome has %d values, domain has %d issues", len(labels), len(d.Issues))
	}
	o := make([]int, len(labels))
	for i, s := range labels {
		k, ok := d.Issues[i].Lookup(s)
		if !ok {
			return nil, fmt.Errorf("issue %q has no value %q", d.Issues[i].Name, s)
		}
		o[i] = k
	}
	return o, nil
}
