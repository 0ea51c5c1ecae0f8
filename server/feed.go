package server

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tablero-project/tablero/scenario"
)

// The Atom feed of a scenario (RFC 4287): an entry when an observation is
// added, and one when a forecast moved some result's probability by at
// least the threshold. Entry ids are tag URIs (RFC 4151) built from the
// scenario id and the observation's number, so they never change.

// AtomNS is the Atom namespace.
const AtomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   atomText   `xml:"summary"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// tagID returns the tag URI of a scenario's feed, or of one of its
// entries (path "observations/3", "forecasts/3").
func tagID(created time.Time, scenarioID, path string) string {
	id := fmt.Sprintf("tag:tablero.dev,%d:scenarios/%s", created.UTC().Year(), scenarioID)
	if path != "" {
		id += "/" + path
	}
	return id
}

// baseURL is the absolute URL of the server as the request reached it.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) getFeed(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	threshold := s.followCfg().FeedThreshold
	if v := r.URL.Query().Get("threshold"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || !(t >= 0 && t <= 1) {
			return badRequest("invalid-parameter", "threshold %q: expected a number in [0, 1]", v)
		}
		threshold = t
	}
	sc, err := s.st.GetScenario(r.Context(), id)
	if err != nil {
		return err
	}
	tl, err := s.buildTimeline(r.Context(), id)
	if err != nil {
		return err
	}
	base := baseURL(r)
	self := base + r.URL.Path
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.RawQuery
	}
	title := sc.Title
	if title == "" {
		title = sc.Name
	}
	f := atomFeed{NS: AtomNS, ID: tagID(sc.CreatedAt, id, ""), Title: "tablero: " + title, Author: atomPerson{Name: "tablero"},
		Links: []atomLink{{Rel: "self", Href: self, Type: "application/atom+xml"},
			{Rel: "alternate", Href: base + tl.Links.Timeline, Type: "application/json"}}}
	updated := sc.CreatedAt
	for _, e := range tl.Entries {
		entries := feedEntries(sc.CreatedAt, id, base, e, threshold)
		for _, fe := range entries {
			if t, _ := time.Parse(time.RFC3339, fe.Updated); t.After(updated) {
				updated = t
			}
		}
		f.Entries = append(f.Entries, entries...)
	}
	slices.Reverse(f.Entries) // newest first
	f.Updated = atomTime(updated)
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(append([]byte(xml.Header), append(b, '\n')...))
	return err
}

// feedEntries returns a timeline entry's feed entries: its observation,
// and its forecast when it moved by at least threshold.
func feedEntries(created time.Time, id, base string, e TimelineEntry, threshold float64) []atomEntry {
	var o scenario.Observation
	json.Unmarshal(e.Observation, &o)
	timeline := atomLink{Rel: "related", Href: base + "/v1/scenarios/" + id + "/timeline", Type: "application/json"}
	run := atomLink{Rel: "related", Href: base + "/v1/runs/" + e.RunID, Type: "application/json"}
	obs := atomEntry{ID: tagID(created, id, fmt.Sprintf("observations/%d", e.Seq)), Title: "Observation: " + observationTitle(o),
		Updated: atomTime(e.AddedAt), Published: atomTime(e.AddedAt), Links: []atomLink{timeline, run},
		Summary: atomText{Type: "text", Body: observationSummary(o)}}
	if u, err := url.Parse(o.Source); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		obs.Links = append([]atomLink{{Rel: "alternate", Href: o.Source}}, obs.Links...)
	} else {
		obs.Links = append([]atomLink{{Rel: "alternate", Href: timeline.Href, Type: "application/json"}}, obs.Links[1:]...)
	}
	out := []atomEntry{obs}
	f := e.Forecast
	if f == nil || len(f.Moves) == 0 || f.MaxMove < threshold || f.MaxMove == 0 {
		return out
	}
	big := f.Moves[0]
	var lines []string
	for _, m := range f.Moves {
		if abs(m.Change) > abs(big.Change) {
			big = m
		}
		lines = append(lines, fmt.Sprintf("%s: %s → %s (%+.1f points)", label(m), pct(m.Before), pct(m.After), 100*m.Change))
	}
	out = append(out, atomEntry{ID: tagID(created, id, fmt.Sprintf("forecasts/%d", e.Seq)),
		Title:   fmt.Sprintf("Forecast moved: %s %s → %s", label(big), pct(big.Before), pct(big.After)),
		Updated: atomTime(f.At), Published: atomTime(f.At), Links: []atomLink{{Rel: "alternate", Href: run.Href, Type: "application/json"}, timeline},
		Summary: atomText{Type: "text", Body: "After " + observationTitle(o) + ":\n" + strings.Join(lines, "\n")}})
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func label(m Move) string {
	if m.Label != "" {
		return m.Label
	}
	return m.Name
}

func pct(p float64) string { return strconv.FormatFloat(100*p, 'f', 1, 64) + " %" }

func observationTitle(o scenario.Observation) string {
	t := o.ID
	if o.Note != "" {
		t += " — " + o.Note
	}
	return t
}

func observationSummary(o scenario.Observation) string {
	var what string
	switch o.Kind() {
	case scenario.KindMove:
		what = "observed moves " + strings.Join(o.Move, ", ")
	case scenario.KindSignpost:
		what = "signpost " + o.Signpost
		if !o.Happened() {
			what += " did not occur"
		}
	case scenario.KindParameter:
		what = "parameter " + o.Parameter + " measured"
		if o.Value != nil {
			what += " at " + strconv.FormatFloat(*o.Value, 'g', -1, 64)
		}
	}
	return fmt.Sprintf("%s (%s, source: %s)", what, o.Date, o.Source)
}
