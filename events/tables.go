package events

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

type codeRow struct {
	code      string
	goldstein float64
	label     string
}

type labelRow struct{ code, label string }

// Code is one CAMEO event code of the built-in table.
type Code struct {
	Code      string  `json:"code"`      // e.g. "057"; a string: "010" is not "10"
	Root      string  `json:"root"`      // its two-digit root, e.g. "05"
	Label     string  `json:"label"`     // GDELT's description
	Goldstein float64 `json:"goldstein"` // on the GDELT scale
	Quad      Quad    `json:"quad"`      // the quad class of its root
}

// Scale is a named, versioned Goldstein conflict–cooperation scale: the
// value in [−10, 10] of each CAMEO code. Sources disagree on a few codes,
// so a scale is a table with a name, never a constant.
type Scale struct {
	Name   string             // e.g. "gdelt-2013"
	About  string             // where the values come from
	values map[string]float64 // by code
}

// Value returns the scale's value of code and whether the code is on it.
func (s *Scale) Value(code string) (float64, bool) {
	loadTables()
	v, ok := s.values[code]
	return v, ok
}

// Len returns how many codes the scale values.
func (s *Scale) Len() int {
	loadTables()
	return len(s.values)
}

var (
	codes     = map[string]Code{}
	countries = map[string]string{}
	types     = map[string]string{}
	// GDELTScale is the Goldstein scale GDELT publishes
	// (CAMEO.goldsteinscale.txt, with code 106 = −5.0 as in its 2013
	// edition); GDELT's GoldsteinScale column carries these values.
	GDELTScale = &Scale{Name: "gdelt-2013", About: "GDELT CAMEO.goldsteinscale.txt (2013 edition, with 106)", values: map[string]float64{}}
	// ICEWSScale is the scale of the ICEWS codebook (its Intensity column):
	// GDELT's except for 016 (−5), 022 (3.4), 164 (−6.5) and 165 (−7),
	// plus 1213 (reject judicial cooperation, −4), which GDELT lacks.
	ICEWSScale = &Scale{Name: "icews-2015", About: "ICEWS CAMEO codebook as packaged by the R package icews (data-raw/cameo-codes.csv)", values: map[string]float64{}}
)

// icewsDiffers are the codes where the ICEWS codebook's Goldstein value
// differs from GDELT's, or that only ICEWS has.
var icewsDiffers = []codeRow{
	{"016", -5, "Deny responsibility"},
	{"022", 3.4, "Appeal for diplomatic cooperation, such as policy support"},
	{"164", -6.5, "Halt negotiations"},
	{"165", -7, "Halt mediation"},
	{"1213", -4, "Reject judicial cooperation"},
}

// loadTables fills the code, country and type tables and the two scales
// on first use rather than at start-up: most tablero processes read no
// events.
var loadTables = sync.OnceFunc(func() {
	for _, r := range gdeltCodes {
		codes[r.code] = Code{Code: r.code, Root: r.code[:2], Label: r.label, Goldstein: r.goldstein, Quad: RootQuad(r.code[:2])}
		GDELTScale.values[r.code] = r.goldstein
		ICEWSScale.values[r.code] = r.goldstein
	}
	for _, r := range icewsDiffers {
		ICEWSScale.values[r.code] = r.goldstein
		if _, ok := codes[r.code]; !ok {
			codes[r.code] = Code{Code: r.code, Root: r.code[:2], Label: r.label, Goldstein: GDELTScale.values[r.code[:3]], Quad: RootQuad(r.code[:2])}
		}
	}
	for _, r := range cameoCountries {
		countries[r.code] = r.label
	}
	for _, r := range cameoTypes {
		types[r.code] = r.label
	}
})

// LookupCode returns the built-in table's entry of a CAMEO event code.
// Codes 1213 (ICEWS only) carries the Goldstein value of its parent on
// the GDELT scale.
func LookupCode(code string) (Code, bool) {
	loadTables()
	c, ok := codes[code]
	return c, ok
}

// Codes returns every CAMEO event code of the built-in table, sorted.
func Codes() []Code {
	loadTables()
	out := make([]Code, 0, len(codes))
	for _, c := range codes {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// CountryName returns the label of a CAMEO country or region code (USA:
// United States, MEX: Mexico, NMR: North America).
func CountryName(code string) (string, bool) {
	loadTables()
	l, ok := countries[code]
	return l, ok
}

// TypeName returns the label of a CAMEO actor-type code (GOV, MIL, COP…).
func TypeName(code string) (string, bool) {
	loadTables()
	l, ok := types[code]
	return l, ok
}

// Quad is CAMEO's quad class: 1 verbal cooperation, 2 material
// cooperation, 3 verbal conflict, 4 material conflict; 0 unknown.
type Quad int8

// The four quad classes.
const (
	VerbalCoop       Quad = 1
	MaterialCoop     Quad = 2
	VerbalConflict   Quad = 3
	MaterialConflict Quad = 4
)

var quadNames = [...]string{"unknown", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"}

// String returns the quad class's snake_case name.
func (q Quad) String() string {
	if q < 0 || int(q) >= len(quadNames) {
		return fmt.Sprintf("quad(%d)", int8(q))
	}
	return quadNames[q]
}

// RootQuad returns the quad class of a two-digit CAMEO root code, as GDELT
// assigns it: 01–05 verbal cooperation, 06–09 material cooperation, 10–14
// verbal conflict, 15–20 material conflict; 0 for anything else.
func RootQuad(root string) Quad {
	if len(root) != 2 || root[0] < '0' || root[0] > '2' || root[1] < '0' || root[1] > '9' {
		return 0
	}
	switch n := int(root[0]-'0')*10 + int(root[1]-'0'); {
	case n >= 1 && n <= 5:
		return VerbalCoop
	case n >= 6 && n <= 9:
		return MaterialCoop
	case n >= 10 && n <= 14:
		return VerbalConflict
	case n >= 15 && n <= 20:
		return MaterialConflict
	}
	return 0
}

// countryByName maps the lower-case country names ICEWS writes to CAMEO
// codes: the labels of the built-in table, and the names ICEWS spells
// differently.
var countryByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, r := range cameoCountries {
		m[strings.ToLower(r.label)] = r.code
	}
	for name, code := range map[string]string{
		"colombia": "COL", "russian federation": "RUS", "united states of america": "USA",
		"congo, democratic republic of": "COD", "democratic republic of congo": "COD", "congo": "COG",
		"north korea": "PRK", "south korea": "KOR", "korea, republic of": "KOR", "korea, democratic people's republic of": "PRK",
		"czechia": "CZE", "romania": "ROM", "palestinian territory, occupied": "PSE", "occupied palestinian territory": "PSE",
		"iran, islamic republic of": "IRN", "syrian arab republic": "SYR", "viet nam": "VNM", "lao people's democratic republic": "LAO",
		"macedonia, the former yugoslav republic of": "MKD", "north macedonia": "MKD", "montenegro": "MTN", "timor-leste": "TMP",
		"cote d'ivoire": "CIV", "côte d'ivoire": "CIV", "eswatini": "SWZ", "moldova, republic of": "MDA", "tanzania, united republic of": "TZA",
		"bolivia, plurinational state of": "BOL", "venezuela, bolivarian republic of": "VEN", "brunei": "BRN", "cabo verde": "CPV",
		"serbia": "SRB", "taiwan, province of china": "TWN", "hong kong": "HKG", "macau": "MAC", "micronesia, federated states of": "FSM", "holy see": "VAT", "the former yugoslav republic of macedonia": "MKD",
	} {
		m[name] = code
	}
	return m
})

// CountryCode returns the CAMEO code of a country name as ICEWS writes it
// ("United States", "Mexico", "Russian Federation"), case-insensitively.
func CountryCode(name string) (string, bool) {
	c, ok := countryByName()[strings.ToLower(strings.TrimSpace(name))]
	return c, ok
}
