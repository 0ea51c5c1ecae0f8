// Package poll follows a GDELT 2.0-style lastupdate.txt: it downloads the
// new export files (bounded in size, with timeouts, checking the listed
// size and MD5), reads them with package events into daily sums per
// directed dyad for a store, and passes the observations CAMEO → signpost
// mappings propose to sinks.
package poll

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tablero-project/tablero/events"
)

// Ingester keeps what the poller reads: a store of files and their sums.
type Ingester interface {
	// Seen reports whether the file at url was ingested.
	Seen(ctx context.Context, url string) (bool, error)
	// Ingest records the file and adds its cells (daily sums per directed
	// dyad) atomically; false when the file was ingested before.
	Ingest(ctx context.Context, f IngestedFile, cells []events.Cell) (bool, error)
}

// IngestedFile describes a downloaded export.
type IngestedFile struct {
	URL     string           `json:"url"`
	MD5     string           `json:"md5"`
	Bytes   int64            `json:"bytes"`
	Reports []*events.Report `json:"reports"`
}

// Sink receives the observations the poller's mappings propose, each
// once. The server stores them; a follower (the follow timeline) applies
// them to the scenarios it follows by adding a Sink.
type Sink interface {
	Propose(ctx context.Context, ps []events.Proposal) error
}

// SinkFunc adapts a function to a Sink.
type SinkFunc func(ctx context.Context, ps []events.Proposal) error

// Propose calls f.
func (f SinkFunc) Propose(ctx context.Context, ps []events.Proposal) error { return f(ctx, ps) }

// Poller follows a GDELT 2.0-style lastupdate.txt: each poll reads the
// list (lines "SIZE MD5 URL"), downloads the export files not ingested
// yet (bounded in size, with timeouts, checking size and MD5), reads their
// events into daily dyad sums for the Ingester, and passes the
// observations its mappings propose to the sinks.
type Poller struct {
	URL      string        // the lastupdate.txt
	Client   *http.Client  // [a client with a 60 s timeout]
	Every    time.Duration // between polls [15 min, GDELT 2.0's cadence]
	MaxBytes int64         // the largest file downloaded [128 MiB]
	// Match selects the list's entries to ingest, by URL [those whose
	// name contains ".export."].
	Match    func(url string) bool
	Options  events.Options // reader options [GDELT 2.0]
	Ingester Ingester
	Mappings []*events.Mapping
	Sinks    []Sink
	Log      *slog.Logger

	once      sync.Once
	proposers []*events.Proposer
	sent      map[string]bool // scenario + id of the proposals sent
	lastDay   events.Day      // the latest day of an event read
}

// PollResult says what one poll did.
type PollResult struct {
	Listed    int      `json:"listed"`    // entries selected in the list
	Ingested  []string `json:"ingested"`  // URLs read and stored
	Skipped   int      `json:"skipped"`   // already ingested
	Events    int64    `json:"events"`    // events read
	Bad       int64    `json:"bad"`       // rows not read
	Proposals int      `json:"proposals"` // new proposals sent to the sinks
}

// maxList bounds the size of lastupdate.txt.
const maxList = 1 << 16

func (p *Poller) init() {
	p.once.Do(func() {
		if p.Client == nil {
			p.Client = &http.Client{Timeout: 60 * time.Second}
		}
		if p.Every <= 0 {
			p.Every = 15 * time.Minute
		}
		if p.MaxBytes <= 0 {
			p.MaxBytes = 128 << 20
		}
		if p.Match == nil {
			p.Match = func(u string) bool { return strings.Contains(strings.ToLower(u), ".export.") }
		}
		if p.Options.Format == events.Auto {
			p.Options.Format = events.GDELT2
		}
		if p.Log == nil {
			p.Log = slog.Default()
		}
		for _, m := range p.Mappings {
			p.proposers = append(p.proposers, events.NewProposer(m))
		}
		p.sent = map[string]bool{}
	})
}

// Run polls now and every Every until ctx ends; failed polls are logged
// and retried at the next tick.
func (p *Poller) Run(ctx context.Context) {
	p.init()
	tick := time.NewTicker(p.Every)
	defer tick.Stop()
	for {
		res, err := p.Poll(ctx)
		if err != nil && ctx.Err() == nil {
			p.Log.Warn("events: poll failed", "url", p.URL, "err", err)
		} else if len(res.Ingested) > 0 {
			p.Log.Info("events: ingested", "files", len(res.Ingested), "events", res.Events, "bad_rows", res.Bad, "proposals", res.Proposals)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Entry is one line of lastupdate.txt.
type Entry struct {
	Size int64
	MD5  string
	URL  string
}

// Poll polls once. A file that fails (download, size, checksum, store)
// stops the poll with an error; the files before it stay ingested.
func (p *Poller) Poll(ctx context.Context) (PollResult, error) {
	p.init()
	res := PollResult{Ingested: []string{}}
	list, err := p.get(ctx, p.URL, maxList)
	if err != nil {
		return res, err
	}
	entries, err := ParseLastUpdate(list, p.URL)
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		if !p.Match(e.URL) {
			continue
		}
		res.Listed++
		seen, err := p.Ingester.Seen(ctx, e.URL)
		if err != nil {
			return res, err
		}
		if seen {
			res.Skipped++
			continue
		}
		n, bad, err := p.ingest(ctx, e)
		if err != nil {
			return res, fmt.Errorf("%s: %w", e.URL, err)
		}
		res.Ingested = append(res.Ingested, e.URL)
		res.Events += n
		res.Bad += bad
	}
	if len(res.Ingested) > 0 {
		res.Proposals, err = p.propose(ctx)
	}
	return res, err
}

// ParseLastUpdate reads the lines "SIZE MD5 URL" of a lastupdate.txt,
// resolving relative URLs against base and refusing other schemes than
// http and https.
func ParseLastUpdate(data []byte, base string) ([]Entry, error) {
	b, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("lastupdate %s: %w", base, err)
	}
	var out []Entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 3 {
			return nil, fmt.Errorf("%s:%d: want SIZE MD5 URL", base, n)
		}
		size, err := strconv.ParseInt(fs[0], 10, 64)
		if err != nil || size < 0 {
			return nil, fmt.Errorf("%s:%d: size %q: not a byte count", base, n, fs[0])
		}
		if _, err := hex.DecodeString(fs[1]); err != nil || len(fs[1]) != 32 {
			return nil, fmt.Errorf("%s:%d: MD5 %q: want 32 hex digits", base, n, fs[1])
		}
		u, err := b.Parse(fs[2])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s:%d: URL %q: want an http(s) URL with a host", base, n, fs[2])
		}
		out = append(out, Entry{Size: size, MD5: strings.ToLower(fs[1]), URL: u.String()})
	}
	return out, sc.Err()
}

// get downloads url, refusing more than limit bytes.
func (p *Poller) get(ctx context.Context, u string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := p.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("GET %s: %d bytes, more than the limit of %d", u, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("GET %s: more than the limit of %d bytes", u, limit)
	}
	return data, nil
}

// ingest downloads, checks, reads and stores one export.
func (p *Poller) ingest(ctx context.Context, e Entry) (n, bad int64, err error) {
	if e.Size > p.MaxBytes {
		return 0, 0, fmt.Errorf("listed at %d bytes, more than the limit of %d", e.Size, p.MaxBytes)
	}
	data, err := p.get(ctx, e.URL, p.MaxBytes)
	if err != nil {
		return 0, 0, err
	}
	if int64(len(data)) != e.Size {
		return 0, 0, fmt.Errorf("%d bytes downloaded, %d listed", len(data), e.Size)
	}
	if sum := md5.Sum(data); hex.EncodeToString(sum[:]) != e.MD5 {
		return 0, 0, fmt.Errorf("MD5 %x, listed %s", sum, e.MD5)
	}
	a := events.NewAggregator(events.Daily, 0)
	reps, err := events.ScanBytes(ctx, data, e.URL, p.Options, func(ev *events.Event) error {
		a.Add(ev)
		p.lastDay = max(p.lastDay, ev.Day)
		for _, pr := range p.proposers {
			pr.Add(ev)
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for _, r := range reps {
		n += r.Events
		bad += r.Bad
	}
	if _, err := p.Ingester.Ingest(ctx, IngestedFile{URL: e.URL, MD5: e.MD5, Bytes: e.Size, Reports: reps}, a.Cells()); err != nil {
		return 0, 0, err
	}
	return n, bad, nil
}

// keepDays is how long proposers remember days.
const keepDays = 400

// propose passes the proposals not sent before to the sinks.
func (p *Poller) propose(ctx context.Context) (int, error) {
	var fresh []events.Proposal
	for _, pr := range p.proposers {
		for _, x := range pr.Proposals() {
			if k := x.Scenario + "\x00" + x.Observation.ID; !p.sent[k] {
				p.sent[k] = true
				fresh = append(fresh, x)
			}
		}
		pr.Forget(p.lastDay - keepDays)
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	var errs []error
	for _, s := range p.Sinks {
		if err := s.Propose(ctx, slices.Clone(fresh)); err != nil {
			errs = append(errs, err)
		}
	}
	return len(fresh), errors.Join(errs...)
}

// MarshalReports encodes an ingested file's reports for a store.
func (f IngestedFile) MarshalReports() ([]byte, error) { return json.Marshal(f.Reports) }
