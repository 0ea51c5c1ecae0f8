-- The first schema of tablero's store, SQLite. Times are INTEGER
-- microseconds since 1970-01-01 UTC, NULL when not yet; documents are BLOBs,
-- kept byte for byte.

CREATE TABLE scenarios (
	id         TEXT PRIMARY KEY,          -- sha256:<hex> of canonical
	name       TEXT NOT NULL,             -- the scenario's id field
	title      TEXT NOT NULL DEFAULT '',
	format     TEXT NOT NULL DEFAULT '',  -- of source: yaml or json
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	canonical  BLOB NOT NULL,
	source     BLOB NOT NULL
) STRICT;
CREATE INDEX scenarios_created ON scenarios (created_at, id);
CREATE INDEX scenarios_name_created ON scenarios (name, created_at);

CREATE TABLE scenario_labels (
	scenario_id TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
	label       TEXT NOT NULL,
	PRIMARY KEY (scenario_id, label)
) STRICT, WITHOUT ROWID;
CREATE INDEX scenario_labels_label ON scenario_labels (label, scenario_id);

CREATE TABLE runs (
	id               TEXT PRIMARY KEY,
	scenario_id      TEXT NOT NULL REFERENCES scenarios (id),
	kind             TEXT NOT NULL DEFAULT '',
	hash             TEXT NOT NULL DEFAULT '',
	options          BLOB,
	status           TEXT NOT NULL
		CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
	stage            TEXT NOT NULL DEFAULT '',
	done             INTEGER NOT NULL DEFAULT 0,
	total            INTEGER NOT NULL DEFAULT 0,
	error            TEXT NOT NULL DEFAULT '',
	cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
	worker           TEXT NOT NULL DEFAULT '',
	submitted_by     TEXT NOT NULL DEFAULT '',
	created_at       INTEGER NOT NULL,
	started_at       INTEGER,
	finished_at      INTEGER,
	heartbeat_at     INTEGER,
	result           BLOB
) STRICT;
CREATE INDEX runs_created ON runs (created_at, id);
CREATE INDEX runs_status_created ON runs (status, created_at, id);
CREATE INDEX runs_scenario_created ON runs (scenario_id, created_at);
CREATE INDEX runs_hash_created ON runs (hash, created_at);
CREATE INDEX runs_worker ON runs (worker, status);

CREATE TABLE workers (
	name         TEXT PRIMARY KEY,
	started_at   INTEGER NOT NULL, -- first heartbeat
	heartbeat_at INTEGER NOT NULL  -- last heartbeat
) STRICT;

CREATE TABLE audit (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	at     INTEGER NOT NULL,
	actor  TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL DEFAULT '',
	object TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	remote TEXT NOT NULL DEFAULT ''
) STRICT;
