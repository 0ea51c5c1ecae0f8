package events

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

// icewsLayout is the column of each field an ICEWS reader needs, from the
// file's header.
type icewsLayout struct {
	columns                                   int
	id, date, srcName, srcSectors, srcCountry int
	code, intensity                           int
	tgtName, tgtSectors, tgtCountry           int
	country, story                            int // -1 when absent
}

// icewsColumns are the header names of the ICEWS coded event data
// (Boschee et al., Harvard Dataverse doi:10.7910/DVN/28075), in order.
var icewsColumns = []string{"Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
	"Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country",
	"Story ID", "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"}

// standardICEWS is the layout of a header-less file read as ICEWS.
var standardICEWS = sync.OnceValue(func() *icewsLayout {
	l, err := layoutOf(icewsColumns)
	if err != nil {
		panic(err)
	}
	return l
})

func isICEWSHeader(line []byte) bool { return bytes.HasPrefix(line, []byte("Event ID\t")) }

// readHeader takes the layout of an ICEWS header line.
func (r *Reader) readHeader(line []byte) error {
	r.rep.Header++
	l, err := layoutOf(strings.Split(string(line), "\t"))
	if err != nil {
		return fmt.Errorf("%s:%d: ICEWS header: %w", r.rep.File, r.lr.line, err)
	}
	r.icews = l
	r.rep.Format = ICEWS
	return nil
}

func layoutOf(header []string) (*icewsLayout, error) {
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	l := &icewsLayout{columns: len(header)}
	for _, c := range []struct {
		name string
		to   *int
	}{{"Event ID", &l.id}, {"Event Date", &l.date}, {"Source Name", &l.srcName}, {"Source Sectors", &l.srcSectors},
		{"Source Country", &l.srcCountry}, {"CAMEO Code", &l.code}, {"Intensity", &l.intensity},
		{"Target Name", &l.tgtName}, {"Target Sectors", &l.tgtSectors}, {"Target Country", &l.tgtCountry}} {
		i, ok := col[c.name]
		if !ok {
			return nil, fmt.Errorf("no column %q", c.name)
		}
		*c.to = i
	}
	l.country, l.story = -1, -1
	if i, ok := col["Country"]; ok {
		l.country = i
	}
	if i, ok := col["Story ID"]; ok {
		l.story = i
	}
	return l, nil
}

// parseICEWS reads an ICEWS row from r.fields into r.ev.
func (r *Reader) parseICEWS() error {
	f, l := r.fields, r.icews
	if len(f) != l.columns {
		return fmt.Errorf("%d columns, want %d (ICEWS)", len(f), l.columns)
	}
	e := &r.ev
	*e = Event{Format: ICEWS, Mentions: 1, Sources: 1, Articles: 1}
	if len(f[l.id]) == 0 {
		return fmt.Errorf("Event ID is empty")
	}
	e.ID = string(f[l.id])
	date := f[l.date]
	if len(date) == 10 && date[4] == '-' && date[7] == '-' {
		date = append(append(append(make([]byte, 0, 8), date[:4]...), date[5:7]...), date[8:]...)
	}
	d, ok := parseYMD(date)
	if !ok {
		return fmt.Errorf("Event Date %q: not a date YYYY-MM-DD", clip(f[l.date]))
	}
	e.Day = d
	r.icewsActor(&e.Source, f[l.srcName], f[l.srcSectors], f[l.srcCountry])
	r.icewsActor(&e.Target, f[l.tgtName], f[l.tgtSectors], f[l.tgtCountry])
	if !validCode(f[l.code]) {
		return fmt.Errorf("CAMEO Code %q: not a CAMEO code", clip(f[l.code]))
	}
	e.Code = r.str(f[l.code])
	e.Root = e.Code[:2]
	e.Base = e.Code[:min(3, len(e.Code))]
	e.Quad = RootQuad(e.Root)
	v, err := parseFloat(f[l.intensity], "Intensity")
	if err != nil {
		return err
	}
	if v < -10 || v > 10 {
		return fmt.Errorf("Intensity %v: outside [-10, 10]", v)
	}
	e.Goldstein = v
	e.IsRoot = true
	if l.country >= 0 {
		e.ActionCountry = r.str(naToEmpty(f[l.country]))
	}
	if l.story >= 0 && len(naToEmpty(f[l.story])) > 0 {
		e.URL = "icews:story:" + string(f[l.story])
	}
	r.rep.Format = ICEWS
	return nil
}

func naToEmpty(b []byte) []byte {
	if string(b) == "NA" {
		return nil
	}
	return b
}

// icewsActor reads an ICEWS actor: its country name becomes a CAMEO code
// (CountryCode) and its sectors CAMEO actor types (sectorTypes).
func (r *Reader) icewsActor(a *Actor, name, sectors, country []byte) {
	a.Name = r.str(naToEmpty(name))
	a.Country = ""
	if c := naToEmpty(country); len(c) > 0 {
		a.Country, _ = CountryCode(r.str(c))
	}
	a.Types = sectorTypes(r.str(naToEmpty(sectors)))
}

// sectorTypes maps ICEWS sectors ("Executive,Foreign Ministry,Government")
// to at most three CAMEO actor types, in the priority order of
// typePriority. The mapping is approximate: ICEWS has about 700 sectors,
// CAMEO 40 types; docs/events.md lists it.
func sectorTypes(sectors string) [3]string {
	var has [len(typePriority)]bool
	for s := range strings.SplitSeq(sectors, ",") {
		s = strings.TrimSpace(s)
		t, ok := sectorType[s]
		if !ok && strings.Contains(s, "Ministry") {
			t, ok = "GOV", true
		}
		if !ok {
			continue
		}
		for i, p := range typePriority {
			if p == t {
				has[i] = true
			}
		}
		if s == "Defense / Security Ministry" {
			has[1] = true // also MIL
		}
	}
	var out [3]string
	n := 0
	for i, ok := range has {
		if ok && n < 3 {
			out[n] = typePriority[i]
			n++
		}
	}
	return out
}

// typePriority orders the CAMEO types an ICEWS actor may get.
var typePriority = [...]string{"GOV", "MIL", "COP", "JUD", "SPY", "LEG", "OPP", "REB", "INS", "CRM", "BUS", "MED", "CVL", "EDU", "NGO", "IGO"}

// sectorType maps ICEWS sector names to CAMEO actor types.
var sectorType = map[string]string{
	"Government": "GOV", "Executive": "GOV", "Executive Office": "GOV", "Cabinet": "GOV", "Foreign Ministry": "GOV",
	"Military": "MIL", "Marines": "MIL", "Army": "MIL", "Navy": "MIL", "Air Force": "MIL",
	"Police": "COP", "Judicial": "JUD", "Intelligence": "SPY",
	"Legislative / Parliamentary": "LEG", "Lower House": "LEG", "Upper House": "LEG", "Unicameral": "LEG",
	"Protestors / Popular Opposition / Mobs": "OPP", "Opposition Major Party (Out Of Government)": "OPP",
	"Rebels": "REB", "Insurgents": "INS", "Criminals / Gangs": "CRM", "Business": "BUS", "Media": "MED",
	"General Population / Civilian / Social": "CVL", "Education": "EDU",
	"Nongovernmental Organizations / Activists": "NGO", "International Government Organization": "IGO",
}
