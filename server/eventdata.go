package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/events/poll"
	"github.com/tablero-project/tablero/store"
)

// EventIngester adapts a store to the event poller: it is the poller's
// Ingester (files and their dyad-day sums) and a Sink that stores the
// proposed observations, which GET /v1/events/proposals lists.
type EventIngester struct{ es store.EventStore }

// NewEventIngester returns the adapter of st, which must keep event data
// (both backends do).
func NewEventIngester(st store.Store) (*EventIngester, error) {
	es, ok := st.(store.EventStore)
	if !ok {
		return nil, fmt.Errorf("the %s store keeps no event data", st.Kind())
	}
	return &EventIngester{es}, nil
}

// Seen reports whether the file at url was ingested.
func (d *EventIngester) Seen(ctx context.Context, url string) (bool, error) {
	return d.es.EventFileSeen(ctx, url)
}

// Ingest stores a file's reports and adds its cells.
func (d *EventIngester) Ingest(ctx context.Context, f poll.IngestedFile, cells []events.Cell) (bool, error) {
	rep, err := f.MarshalReports()
	if err != nil {
		return false, err
	}
	sf := &store.EventFile{URL: f.URL, MD5: f.MD5, Bytes: f.Bytes, Report: rep}
	for _, r := range f.Reports {
		sf.Events += r.Events
		sf.Bad += r.Bad
	}
	sc := make([]store.EventCell, len(cells))
	for i, c := range cells {
		s := c.Sums
		sc[i] = store.EventCell{Source: c.Source, Target: c.Target, Day: int32(c.Day), Events: int64(s.Events),
			VerbalCoop: int64(s.VerbalCoop), MaterialCoop: int64(s.MaterialCoop), VerbalConflict: int64(s.VerbalConflict),
			MaterialConflict: int64(s.MaterialConflict), Goldstein: s.Goldstein, Mentions: int64(s.Mentions), MGoldstein: s.MGoldstein,
			Tone: s.Tone, Toned: int64(s.Toned), MTone: s.MTone, MToned: int64(s.MToned)}
	}
	return d.es.IngestEvents(ctx, sf, sc)
}

// Propose stores the proposals (each once, by scenario and id).
func (d *EventIngester) Propose(ctx context.Context, ps []events.Proposal) error {
	var sp []store.EventProposal
	for _, p := range ps {
		doc, err := json.Marshal(p)
		if err != nil {
			return err
		}
		sp = append(sp, store.EventProposal{Scenario: p.Scenario, ID: p.Observation.ID, Signpost: p.Observation.Signpost,
			Date: p.Observation.Date, Document: doc})
	}
	_, err := d.es.PutEventProposals(ctx, sp)
	return err
}

// EventSeriesView is the answer of GET /v1/events/series.
type EventSeriesView struct {
	Period events.Period   `json:"period"`
	From   string          `json:"from"`
	To     string          `json:"to"`
	Series []events.Series `json:"series"`
}

// EventProposalList is the answer of GET /v1/events/proposals.
type EventProposalList struct {
	Proposals []events.Proposal `json:"proposals"`
}

// maxSeriesDays bounds the range of a series request.
const maxSeriesDays = 3660

// eventStore returns the server's event store, or a 404 problem.
func (s *Server) eventStore() (store.EventStore, error) {
	es, ok := s.st.(store.EventStore)
	if !ok {
		return nil, notFound("this server's store keeps no event data")
	}
	return es, nil
}

// eventSeries answers the ingested series of the dyads asked.
func (s *Server) eventSeries(w http.ResponseWriter, r *http.Request) error {
	es, err := s.eventStore()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	period, err := events.ParsePeriod(q.Get("period"))
	if err != nil {
		return badRequest("invalid-parameter", "%v", err)
	}
	from, to, err := dayRange(q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	query := store.EventQuery{From: int32(from), To: int32(to)}
	if query.Sources, err = countries(q["source"], "source"); err != nil {
		return err
	}
	if query.Targets, err = countries(q["target"], "target"); err != nil {
		return err
	}
	if b := q.Get("both"); b != "" {
		if query.Both, err = strconv.ParseBool(b); err != nil {
			return badRequest("invalid-parameter", "both %q: expected true or false", b)
		}
	}
	cells, err := es.EventCells(r.Context(), query)
	if errors.Is(err, store.ErrTooManyCells) {
		return badRequest("too-many-cells", "the request selects more than %d dyad-days: narrow source, target or the dates", store.MaxEventCells)
	}
	if err != nil {
		return err
	}
	ec := make([]events.Cell, len(cells))
	for i, c := range cells {
		ec[i] = events.Cell{Dyad: events.Dyad{Source: c.Source, Target: c.Target}, Day: events.Day(c.Day), Sums: events.Sums{
			Events: int(c.Events), VerbalCoop: int(c.VerbalCoop), MaterialCoop: int(c.MaterialCoop), VerbalConflict: int(c.VerbalConflict),
			MaterialConflict: int(c.MaterialConflict), Goldstein: c.Goldstein, Mentions: int(c.Mentions), MGoldstein: c.MGoldstein,
			Tone: c.Tone, Toned: int(c.Toned), MTone: c.MTone, MToned: int(c.MToned)}}
	}
	series := events.SeriesOfCells(ec, period, from, to)
	if series == nil {
		series = []events.Series{}
	}
	return writeJSON(w, http.StatusOK, EventSeriesView{Period: period, From: from.String(), To: to.String(), Series: series})
}

// dayRange reads from and to (YYYY-MM-DD): both absent, the 90 days to
// today; one absent, 90 days from or to the other.
func dayRange(f, t string) (events.Day, events.Day, error) {
	var from, to events.Day
	var err error
	if t == "" {
		to = events.DayOf(time.Now().UTC())
	} else if to, err = events.ParseDay(t); err != nil {
		return 0, 0, badRequest("invalid-parameter", "to: %v", err)
	}
	if f == "" {
		from = to - 89
	} else if from, err = events.ParseDay(f); err != nil {
		return 0, 0, badRequest("invalid-parameter", "from: %v", err)
	}
	if f != "" && t == "" {
		to = from + 89
	}
	if from > to || to-from >= maxSeriesDays {
		return 0, 0, badRequest("invalid-parameter", "from %s to %s: expected from ≤ to, at most %d days apart", from, to, maxSeriesDays)
	}
	return from, to, nil
}

// countries reads repeatable, comma-separated CAMEO country codes.
func countries(vals []string, name string) ([]string, error) {
	var out []string
	for _, v := range vals {
		for c := range strings.SplitSeq(v, ",") {
			c = strings.ToUpper(strings.TrimSpace(c))
			if c == "" {
				continue
			}
			if _, ok := events.CountryName(c); !ok {
				return nil, badRequest("invalid-parameter", "%s %q: not a CAMEO country code (USA, MEX, CAN…)", name, c)
			}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// eventProposals lists the observations the poller's mappings proposed.
func (s *Server) eventProposals(w http.ResponseWriter, r *http.Request) error {
	es, err := s.eventStore()
	if err != nil {
		return err
	}
	limit, _, err := page(r.URL.Query().Get("limit"), "")
	if err != nil {
		return err
	}
	ps, err := es.ListEventProposals(r.Context(), r.URL.Query().Get("scenario"), limit)
	if err != nil {
		return err
	}
	out := EventProposalList{Proposals: []events.Proposal{}}
	for _, p := range ps {
		var doc events.Proposal
		if err := json.Unmarshal(p.Document, &doc); err != nil {
			return fmt.Errorf("stored proposal %s/%s: %w", p.Scenario, p.ID, err)
		}
		out.Proposals = append(out.Proposals, doc)
	}
	return writeJSON(w, http.StatusOK, out)
}
