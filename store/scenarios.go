package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// scenarioCols are the columns of a listed scenario; a fetched one adds
// canonical and source.
const scenarioCols = "id, name, title, format, created_at, created_by"

// PutScenario stores sc unless a scenario with sc.ID exists, and merges
// sc.Labels into the stored ones; see Store.
func (s *db) PutScenario(ctx context.Context, sc *Scenario) (*Scenario, bool, error) {
	if sc.ID == "" {
		return nil, false, errors.New("store: put scenario: empty id")
	}
	created := micro(sc.CreatedAt)
	if sc.CreatedAt.IsZero() {
		created = s.stamp()
	}
	var out *Scenario
	var isNew bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO scenarios
			(id, name, title, format, created_at, created_by, canonical, source)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
			sc.ID, sc.Name, sc.Title, sc.Format, s.t(created), sc.CreatedBy,
			nonNil(sc.Canonical), nonNil(sc.Source))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		isNew = n == 1
		for _, l := range normLabels(sc.Labels) {
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO scenario_labels (scenario_id, label)
				VALUES (?, ?) ON CONFLICT DO NOTHING`), sc.ID, l)
			if err != nil {
				return err
			}
		}
		out, err = s.getScenario(ctx, tx, sc.ID)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: put scenario %s: %w", sc.ID, err)
	}
	return out, isNew, nil
}

// nonNil returns b, or an empty slice for nil, for NOT NULL columns.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// GetScenario returns the scenario with the id, or ErrNotFound.
func (s *db) GetScenario(ctx context.Context, id string) (*Scenario, error) {
	sc, err := s.getScenario(ctx, s.r, id)
	if err != nil {
		return nil, fmt.Errorf("store: get scenario %s: %w", id, err)
	}
	return sc, nil
}

func (s *db) getScenario(ctx context.Context, q querier, id string) (*Scenario, error) {
	row := q.QueryRowContext(ctx, s.q(`SELECT `+scenarioCols+`, canonical, source
		FROM scenarios WHERE id = ?`), id)
	sc := new(Scenario)
	err := row.Scan(&sc.ID, &sc.Name, &sc.Title, &sc.Format, timeCol{&sc.CreatedAt}, &sc.CreatedBy,
		&sc.Canonical, &sc.Source)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := s.addLabels(ctx, q, []*Scenario{sc}); err != nil {
		return nil, err
	}
	return sc, nil
}

// ListScenarios returns the scenarios f selects, newest first; see Store.
func (s *db) ListScenarios(ctx context.Context, f ScenarioFilter) ([]*Scenario, error) {
	var where []string
	var args []any
	if f.Name != "" {
		where = append(where, "name = ?")
		args = append(args, f.Name)
	}
	if f.Label != "" {
		where = append(where, "EXISTS (SELECT 1 FROM scenario_labels l WHERE l.scenario_id = scenarios.id AND l.label = ?)")
		args = append(args, f.Label)
	}
	if !f.Before.IsZero() {
		where = append(where, "created_at < ?")
		args = append(args, s.t(ceilMicro(f.Before)))
	}
	query := "SELECT " + scenarioCols + " FROM scenarios" + whereClause(where) +
		" ORDER BY created_at DESC, id DESC LIMIT ?"
	args = append(args, limit(f.Limit))
	out, err := s.listScenarios(ctx, query, args)
	if err != nil {
		return nil, fmt.Errorf("store: list scenarios: %w", err)
	}
	return out, nil
}

func (s *db) listScenarios(ctx context.Context, query string, args []any) ([]*Scenario, error) {
	rows, err := s.r.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Scenario{}
	for rows.Next() {
		sc := new(Scenario)
		err := rows.Scan(&sc.ID, &sc.Name, &sc.Title, &sc.Format, timeCol{&sc.CreatedAt}, &sc.CreatedBy)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return out, s.addLabels(ctx, s.r, out)
}

// addLabels fills in the labels of scs, in one query.
func (s *db) addLabels(ctx context.Context, q querier, scs []*Scenario) error {
	if len(scs) == 0 {
		return nil
	}
	byID := make(map[string]*Scenario, len(scs))
	args := make([]any, len(scs))
	for i, sc := range scs {
		sc.Labels = []string{}
		byID[sc.ID] = sc
		args[i] = sc.ID
	}
	rows, err := q.QueryContext(ctx, s.q(`SELECT scenario_id, label FROM scenario_labels
		WHERE scenario_id IN (`+placeholders(len(scs))+`)`), args...)
	if err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, label string
		if err := rows.Scan(&id, &label); err != nil {
			return fmt.Errorf("labels: %w", err)
		}
		sc := byID[id]
		sc.Labels = append(sc.Labels, label)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	for _, sc := range scs {
		slices.Sort(sc.Labels) // bytewise, whatever the database's collation
	}
	return nil
}

// whereClause joins conditions with AND into a WHERE clause, "" for none.
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}
