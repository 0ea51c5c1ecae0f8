package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// EventStore keeps ingested event data: which files were read, the sums of
// their events per directed dyad and day, and the observations mappings
// proposed from them. Both backends implement it (assert a Store to it).
type EventStore interface {
	// EventFileSeen reports whether a file with the URL was ingested.
	EventFileSeen(ctx context.Context, url string) (bool, error)
	// IngestEvents records f and adds cells to the stored sums, in one
	// transaction; when f.URL was ingested before it adds nothing and
	// returns false. IngestedAt is set by the store when zero.
	IngestEvents(ctx context.Context, f *EventFile, cells []EventCell) (bool, error)
	// EventCells returns the stored cells q selects, by source, target,
	// day; at most MaxEventCells.
	EventCells(ctx context.Context, q EventQuery) ([]EventCell, error)
	// PutEventProposals stores the proposals not stored yet (by scenario
	// and id) and returns those it stored.
	PutEventProposals(ctx context.Context, ps []EventProposal) ([]EventProposal, error)
	// ListEventProposals returns the newest proposals (limit as for
	// lists), of one scenario unless it is "".
	ListEventProposals(ctx context.Context, scenario string, limit int) ([]EventProposal, error)
	// EventFiles returns the newest ingested files, reports included.
	EventFiles(ctx context.Context, limit int) ([]*EventFile, error)
}

// EventFile is one ingested event file.
type EventFile struct {
	URL         string
	MD5         string
	Bytes       int64
	Events, Bad int64
	Report      []byte // the readers' reports, JSON
	IngestedAt  time.Time
}

// EventCell holds the additive sums of one directed dyad's events on one
// day (see events.Sums).
type EventCell struct {
	Source, Target                                                     string
	Day                                                                int32 // days since 1970-01-01
	Events, VerbalCoop, MaterialCoop, VerbalConflict, MaterialConflict int64
	Goldstein                                                          float64
	Mentions                                                           int64
	MGoldstein, Tone                                                   float64
	Toned                                                              int64
	MTone                                                              float64
	MToned                                                             int64
}

// EventQuery selects cells: source and target countries (any when
// empty), also swapped with Both, days From..To inclusive.
type EventQuery struct {
	Sources, Targets []string
	Both             bool
	From, To         int32
}

// EventProposal is an observation a mapping proposed, stored once.
type EventProposal struct {
	Scenario, ID, Signpost, Date string
	Document                     []byte // the proposal, JSON
	CreatedAt                    time.Time
}

// MaxEventCells bounds the cells one EventCells call returns.
const MaxEventCells = 200_000

// ErrTooManyCells means an EventCells query selects more than
// MaxEventCells cells: narrow it.
var ErrTooManyCells = errors.New("store: the query selects too many event cells")

func (s *db) EventFileSeen(ctx context.Context, url string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, s.q(`SELECT count(*) FROM event_files WHERE url = ?`), url).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: event file %s: %w", url, err)
	}
	return n > 0, nil
}

func (s *db) IngestEvents(ctx context.Context, f *EventFile, cells []EventCell) (bool, error) {
	at := micro(f.IngestedAt)
	if f.IngestedAt.IsZero() {
		at = s.stamp()
	}
	added := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO event_files (url, md5, bytes, events, bad, report, ingested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`),
			f.URL, f.MD5, f.Bytes, f.Events, f.Bad, nonNil(f.Report), s.t(at))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		added = true
		stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO event_cells (source, target, day, events, verbal_coop, material_coop,
			verbal_conflict, material_conflict, goldstein, mentions, m_goldstein, tone, toned, m_tone, m_toned)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (source, target, day) DO UPDATE SET
			events = event_cells.events + excluded.events,
			verbal_coop = event_cells.verbal_coop + excluded.verbal_coop,
			material_coop = event_cells.material_coop + excluded.material_coop,
			verbal_conflict = event_cells.verbal_conflict + excluded.verbal_conflict,
			material_conflict = event_cells.material_conflict + excluded.material_conflict,
			goldstein = event_cells.goldstein + excluded.goldstein,
			mentions = event_cells.mentions + excluded.mentions,
			m_goldstein = event_cells.m_goldstein + excluded.m_goldstein,
			tone = event_cells.tone + excluded.tone,
			toned = event_cells.toned + excluded.toned,
			m_tone = event_cells.m_tone + excluded.m_tone,
			m_toned = event_cells.m_toned + excluded.m_toned`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, c := range cells {
			if _, err := stmt.ExecContext(ctx, c.Source, c.Target, c.Day, c.Events, c.VerbalCoop, c.MaterialCoop, c.VerbalConflict,
				c.MaterialConflict, c.Goldstein, c.Mentions, c.MGoldstein, c.Tone, c.Toned, c.MTone, c.MToned); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: ingest events %s: %w", f.URL, err)
	}
	f.IngestedAt = at
	return added, nil
}

func (s *db) EventCells(ctx context.Context, q EventQuery) ([]EventCell, error) {
	var where []string
	var args []any
	side := func(src, tgt []string) string {
		var conds []string
		if len(src) > 0 {
			conds = append(conds, "source IN ("+placeholders(len(src))+")")
			args = append(args, anys(src)...)
		}
		if len(tgt) > 0 {
			conds = append(conds, "target IN ("+placeholders(len(tgt))+")")
			args = append(args, anys(tgt)...)
		}
		if len(conds) == 0 {
			return "1 = 1"
		}
		return strings.Join(conds, " AND ")
	}
	dyad := "(" + side(q.Sources, q.Targets) + ")"
	if q.Both {
		dyad = "(" + dyad + " OR (" + side(q.Targets, q.Sources) + "))"
	}
	where = append(where, dyad, "day >= ?", "day <= ?")
	args = append(args, q.From, q.To, MaxEventCells+1)
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT source, target, day, events, verbal_coop, material_coop, verbal_conflict,
		material_conflict, goldstein, mentions, m_goldstein, tone, toned, m_tone, m_toned
		FROM event_cells WHERE `+strings.Join(where, " AND ")+` ORDER BY source, target, day LIMIT ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: event cells: %w", err)
	}
	defer rows.Close()
	out := []EventCell{}
	for rows.Next() {
		var c EventCell
		if err := rows.Scan(&c.Source, &c.Target, &c.Day, &c.Events, &c.VerbalCoop, &c.MaterialCoop, &c.VerbalConflict,
			&c.MaterialConflict, &c.Goldstein, &c.Mentions, &c.MGoldstein, &c.Tone, &c.Toned, &c.MTone, &c.MToned); err != nil {
			return nil, fmt.Errorf("store: event cells: %w", err)
		}
		if len(out) == MaxEventCells {
			return nil, ErrTooManyCells
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: event cells: %w", err)
	}
	return out, nil
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (s *db) PutEventProposals(ctx context.Context, ps []EventProposal) ([]EventProposal, error) {
	var added []EventProposal
	err := s.tx(ctx, func(tx *sql.Tx) error {
		added = added[:0]
		for _, p := range ps {
			at := micro(p.CreatedAt)
			if p.CreatedAt.IsZero() {
				at = s.stamp()
			}
			res, err := tx.ExecContext(ctx, s.q(`INSERT INTO event_proposals (scenario, id, signpost, date, document, created_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scenario, id) DO NOTHING`),
				p.Scenario, p.ID, p.Signpost, p.Date, nonNil(p.Document), s.t(at))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				p.CreatedAt = at
				added = append(added, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: put event proposals: %w", err)
	}
	return added, nil
}

func (s *db) ListEventProposals(ctx context.Context, scenario string, n int) ([]EventProposal, error) {
	query := `SELECT scenario, id, signpost, date, document, created_at FROM event_proposals`
	args := []any{}
	if scenario != "" {
		query += ` WHERE scenario = ?`
		args = append(args, scenario)
	}
	rows, err := s.r.QueryContext(ctx, s.q(query+` ORDER BY created_at DESC, date DESC, id LIMIT ?`), append(args, limit(n))...)
	if err != nil {
		return nil, fmt.Errorf("store: list event proposals: %w", err)
	}
	defer rows.Close()
	out := []EventProposal{}
	for rows.Next() {
		var p EventProposal
		if err := rows.Scan(&p.Scenario, &p.ID, &p.Signpost, &p.Date, &p.Document, timeCol{&p.CreatedAt}); err != nil {
			return nil, fmt.Errorf("store: list event proposals: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list event proposals: %w", err)
	}
	return out, nil
}

func (s *db) EventFiles(ctx context.Context, n int) ([]*EventFile, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT url, md5, bytes, events, bad, report, ingested_at
		FROM event_files ORDER BY ingested_at DESC, url LIMIT ?`), limit(n))
	if err != nil {
		return nil, fmt.Errorf("store: event files: %w", err)
	}
	defer rows.Close()
	out := []*EventFile{}
	for rows.Next() {
		f := new(EventFile)
		if err := rows.Scan(&f.URL, &f.MD5, &f.Bytes, &f.Events, &f.Bad, &f.Report, timeCol{&f.IngestedAt}); err != nil {
			return nil, fmt.Errorf("store: event files: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: event files: %w", err)
	}
	return out, nil
}

var _ EventStore = (*db)(nil)
