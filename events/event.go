package events

import (
	"fmt"
	"time"
)

// Day is a calendar day, counted from 1970-01-01 (day 0), so that series
// index by day without time zones. GDELT and ICEWS date events by day.
type Day int32

// DayOf returns the day of t's calendar date (in t's location).
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Time returns midnight UTC of the day.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String returns the day as YYYY-MM-DD.
func (d Day) String() string { return d.Time().Format(time.DateOnly) }

// Monday returns the Monday starting the ISO week of d (1970-01-01, day 0,
// was a Thursday).
func (d Day) Monday() Day { return d - Day((int64(d)+3)%7+7)%7 }

// ParseDay reads YYYY-MM-DD or YYYYMMDD.
func ParseDay(s string) (Day, error) {
	if len(s) == 8 {
		if d, ok := parseYMD([]byte(s)); ok {
			return d, nil
		}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return DayOf(t), nil
}

// parseYMD reads 8 digits YYYYMMDD, refusing impossible dates (20250230)
// and years outside 1800–2200.
func parseYMD(b []byte) (Day, bool) {
	if len(b) != 8 {
		return 0, false
	}
	var n [8]int
	for i, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n[i] = int(c - '0')
	}
	y := n[0]*1000 + n[1]*100 + n[2]*10 + n[3]
	m := n[4]*10 + n[5]
	d := n[6]*10 + n[7]
	if y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return Day(t.Unix() / 86400), true
}

// Format is the layout of an event file.
type Format string

// The layouts the readers know. Auto detects the layout of each file: an
// ICEWS header line, else GDELT by the column count of each row.
const (
	Auto   Format = ""
	GDELT1 Format = "gdelt1" // GDELT 1.0 daily files: 58 columns (57 in pre-2013-04 backfile rows)
	GDELT2 Format = "gdelt2" // GDELT 2.0 15-minute exports: 61 columns
	ICEWS  Format = "icews"  // ICEWS coded event data: 20 tab-separated columns under a header
)

// ParseFormat reads a format name: auto (or ""), gdelt1, gdelt2, icews.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case "auto", Auto:
		return Auto, nil
	case GDELT1, GDELT2, ICEWS:
		return f, nil
	}
	return "", fmt.Errorf("event format %q: want auto, gdelt1, gdelt2 or icews", s)
}

// Actor is one side of an event.
type Actor struct {
	Code    string    // GDELT's full actor code (e.g. "USAGOV"); ICEWS: empty
	Name    string    // e.g. "UNITED STATES", "Foreign Affairs (Bangladesh)"
	Country string    // CAMEO three-letter country code ("USA", "MEX"); "" unknown
	Types   [3]string // CAMEO actor types (GOV, MIL, COP…), "" unused
}

// HasType reports whether the actor carries one of the types (any, when
// none are given).
func (a *Actor) HasType(want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, t := range a.Types {
		if t == "" {
			continue
		}
		for _, w := range want {
			if t == w {
				return true
			}
		}
	}
	return false
}

// Event is one coded event. Readers reuse one Event for every row, so a
// callback that keeps an event must copy it (Ref keeps what a report
// needs).
type Event struct {
	ID        string // GLOBALEVENTID, or the ICEWS Event ID
	Day       Day
	Source    Actor // GDELT Actor1, ICEWS source
	Target    Actor // GDELT Actor2, ICEWS target
	Code      string
	Base      string // the three-digit base code (GDELT EventBaseCode)
	Root      string // the two-digit root code
	Quad      Quad
	Goldstein float64
	IsRoot    bool // GDELT IsRootEvent
	Mentions  int  // GDELT NumMentions; 1 for ICEWS
	Sources   int
	Articles  int
	Tone      float64 // GDELT AvgTone; meaningful only when HasTone
	HasTone   bool
	// ActionCountry is where it happened: GDELT's ActionGeo_CountryCode, a
	// FIPS 10-4 two-letter code (MX, US; Germany is GM), or the ICEWS
	// country name.
	ActionCountry string
	URL           string // GDELT SOURCEURL (absent from 57-column rows)
	Format        Format
	Line          int64 // line number in its file
}

// EventRef is what a report keeps of an event: enough to find it again.
type EventRef struct {
	ID        string  `json:"id"`
	Date      string  `json:"date"`
	Source    string  `json:"source"` // actor code, else country, else name
	Target    string  `json:"target"`
	Code      string  `json:"code"`
	Goldstein float64 `json:"goldstein"`
	Mentions  int     `json:"mentions"`
	URL       string  `json:"url,omitempty"`
	Line      int64   `json:"line"`
}

// Ref returns what a report keeps of e.
func (e *Event) Ref() EventRef {
	return EventRef{ID: e.ID, Date: e.Day.String(), Source: e.Source.label(), Target: e.Target.label(),
		Code: e.Code, Goldstein: e.Goldstein, Mentions: e.Mentions, URL: e.URL, Line: e.Line}
}

func (a *Actor) label() string {
	switch {
	case a.Code != "":
		return a.Code
	case a.Country != "":
		return a.Country
	}
	return a.Name
}
