package events

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/tablero-project/tablero/internal/yamlsafe"
	"github.com/tablero-project/tablero/scenario"
)

// Mapping turns event data into proposed observations of a scenario's
// signposts: each rule names a signpost and the events that signal it.
// It is written in YAML (or JSON) beside its scenario, e.g.
// scenarios/us-mexico-2025.events.yaml.
type Mapping struct {
	// Scenario is the id of the scenario whose signposts the rules name.
	Scenario string `yaml:"scenario" json:"scenario"`
	// Keep is how many source events a proposal lists, the most mentioned
	// [10].
	Keep  int    `yaml:"keep,omitempty" json:"keep,omitempty"`
	Rules []Rule `yaml:"rules" json:"rules"`
}

// Rule proposes an observation of Signpost when, within Window days, at
// least MinCount events match: actors from Source acting on Target (also
// the reverse with BothDirections), with one of SourceTypes and
// TargetTypes when given, and a CAMEO code matching Codes.
type Rule struct {
	Signpost       string   `yaml:"signpost" json:"signpost"`
	Note           string   `yaml:"note,omitempty" json:"note,omitempty"`
	Source         []string `yaml:"source" json:"source"`
	Target         []string `yaml:"target" json:"target"`
	BothDirections bool     `yaml:"both_directions,omitempty" json:"both_directions,omitempty"`
	SourceTypes    []string `yaml:"source_types,omitempty" json:"source_types,omitempty"`
	TargetTypes    []string `yaml:"target_types,omitempty" json:"target_types,omitempty"`
	// Codes are CAMEO patterns: "19*" (a root or any prefix), "057", or
	// several in one string, "057,061".
	Codes    []string `yaml:"codes" json:"codes"`
	RootOnly bool     `yaml:"root_only,omitempty" json:"root_only,omitempty"` // only GDELT root events
	MinCount int      `yaml:"min_count,omitempty" json:"min_count,omitempty"` // [1]
	Window   int      `yaml:"window_days,omitempty" json:"window_days,omitempty"`
	// Occurred is what the observation asserts [true]; false for rules
	// whose events signal that the signpost did not happen.
	Occurred *bool `yaml:"occurred,omitempty" json:"occurred,omitempty"`
}

// signpostID matches signpost ids; compiled on first use, not at start-up.
var signpostID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`) })

// ReadMapping reads and checks the mapping file at path.
func ReadMapping(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMapping(data, path)
}

// ParseMapping reads a mapping (YAML or JSON; unknown keys are errors) and
// checks it: signpost ids, CAMEO country and actor-type codes of the
// built-in tables, CAMEO patterns, counts and windows. name locates
// errors.
func ParseMapping(data []byte, name string) (*Mapping, error) {
	var m Mapping
	if err := yamlsafe.Guard(func() error { return yaml.UnmarshalWithOptions(data, &m, yaml.Strict()) }); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, true))
	}
	for i := range m.Rules {
		r := &m.Rules[i]
		// "source_types: []" and no key mean the same: one form, so that
		// a mapping reads back equal from what it writes.
		for _, l := range []*[]string{&r.Source, &r.Target, &r.SourceTypes, &r.TargetTypes, &r.Codes} {
			if len(*l) == 0 {
				*l = nil
			}
		}
	}
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &m, nil
}

// Check reports the first problem of the mapping, located by rule.
func (m *Mapping) Check() error {
	if m.Scenario == "" {
		return fmt.Errorf("scenario: missing (the id of the scenario whose signposts the rules name)")
	}
	if m.Keep < 0 || m.Keep > 1000 {
		return fmt.Errorf("keep %d: want 0 to 1000", m.Keep)
	}
	if len(m.Rules) == 0 {
		return fmt.Errorf("rules: none")
	}
	for i := range m.Rules {
		if err := m.Rules[i].check(); err != nil {
			return fmt.Errorf("rules[%d] (signpost %q): %w", i, m.Rules[i].Signpost, err)
		}
	}
	return nil
}

func (r *Rule) check() error {
	if !signpostID().MatchString(r.Signpost) {
		return fmt.Errorf("signpost: want an id (a letter, then letters, digits, _ . -)")
	}
	for _, side := range []struct {
		name string
		list []string
	}{{"source", r.Source}, {"target", r.Target}} {
		if len(side.list) == 0 {
			return fmt.Errorf("%s: no country (CAMEO codes such as USA, MEX)", side.name)
		}
		for _, c := range side.list {
			if _, ok := CountryName(c); !ok {
				return fmt.Errorf("%s: %q is not a CAMEO country code", side.name, c)
			}
		}
	}
	for _, t := range slices.Concat(r.SourceTypes, r.TargetTypes) {
		if _, ok := TypeName(t); !ok {
			return fmt.Errorf("actor type %q is not a CAMEO type (GOV, MIL, COP, JUD, SPY…)", t)
		}
	}
	ps, err := ParsePatterns(r.Codes...)
	if err != nil {
		return fmt.Errorf("codes: %w", err)
	}
	if len(ps) == 0 {
		return fmt.Errorf("codes: none (CAMEO patterns such as 19* or 057,061)")
	}
	if r.MinCount < 0 || r.MinCount > 1e6 {
		return fmt.Errorf("min_count %d: want 1 to 10^6", r.MinCount)
	}
	if r.Window < 0 || r.Window > 366 {
		return fmt.Errorf("window_days %d: want 1 to 366", r.Window)
	}
	return nil
}

// Filter returns the event filter of the rule (its window and count
// aside).
func (r *Rule) Filter() Filter {
	ps, _ := ParsePatterns(r.Codes...) // checked by Check
	return Filter{Source: r.Source, Target: r.Target, Undirected: r.BothDirections,
		SourceTypes: r.SourceTypes, TargetTypes: r.TargetTypes, Codes: ps, RootOnly: r.RootOnly}
}

// Signposts lists the signpost ids the rules name, sorted, once each.
func (m *Mapping) Signposts() []string {
	var ids []string
	for _, r := range m.Rules {
		ids = append(ids, r.Signpost)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// CheckScenario checks the mapping against its scenario: the scenario's
// id is the mapping's, and every rule names a signpost it declares.
func (m *Mapping) CheckScenario(s *scenario.Scenario) error {
	if s.ID != m.Scenario {
		return fmt.Errorf("the mapping is for scenario %q, not %q", m.Scenario, s.ID)
	}
	var ids []string
	for _, sp := range s.Signposts {
		ids = append(ids, sp.ID)
	}
	return m.CheckSignposts(ids)
}

// ScenarioBeside returns the path of the scenario a mapping file sits
// beside: NAME.events.yaml (or .yml, .json) belongs to NAME.yaml; "" for
// another name.
func ScenarioBeside(mappingPath string) string {
	for _, ext := range []string{".events.yaml", ".events.yml", ".events.json"} {
		if base, ok := strings.CutSuffix(mappingPath, ext); ok {
			return base + ".yaml"
		}
	}
	return ""
}

// CheckSignposts reports the rules naming a signpost not in declared (the
// scenario's signpost ids).
func (m *Mapping) CheckSignposts(declared []string) error {
	var unknown []string
	for i, r := range m.Rules {
		if !slices.Contains(declared, r.Signpost) {
			unknown = append(unknown, fmt.Sprintf("rules[%d]: %q", i, r.Signpost))
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("signposts not declared by scenario %s: %s (declared: %s)",
			m.Scenario, strings.Join(unknown, ", "), strings.Join(declared, ", "))
	}
	return nil
}
