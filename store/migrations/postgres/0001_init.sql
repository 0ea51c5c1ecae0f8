-- The first schema of tablero's store, PostgreSQL. Times are timestamptz
-- (microseconds), NULL when not yet; documents are bytea, kept byte for
-- byte.

CREATE TABLE scenarios (
	id         text PRIMARY KEY,          -- sha256:<hex> of canonical
	name       text NOT NULL,             -- the scenario's id field
	title      text NOT NULL DEFAULT '',
	format     text NOT NULL DEFAULT '',  -- of source: yaml or json
	created_at timestamptz NOT NULL,
	created_by text NOT NULL DEFAULT '',
	canonical  bytea NOT NULL,
	source     bytea NOT NULL
);
CREATE INDEX scenarios_created ON scenarios (created_at, id);
CREATE INDEX scenarios_name_created ON scenarios (name, created_at);

CREATE TABLE scenario_labels (
	scenario_id text NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
	label       text NOT NULL,
	PRIMARY KEY (scenario_id, label)
);
CREATE INDEX scenario_labels_label ON scenario_labels (label, scenario_id);

CREATE TABLE runs (
	id               text PRIMARY KEY,
	scenario_id      text NOT NULL REFERENCES scenarios (id),
	kind             text NOT NULL DEFAULT '',
	hash             text NOT NULL DEFAULT '',
	options          bytea,
	status           text NOT NULL
		CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
	stage            text NOT NULL DEFAULT '',
	done             bigint NOT NULL DEFAULT 0,
	total            bigint NOT NULL DEFAULT 0,
	error            text NOT NULL DEFAULT '',
	cancel_requested boolean NOT NULL DEFAULT false,
	worker           text NOT NULL DEFAULT '',
	submitted_by     text NOT NULL DEFAULT '',
	created_at       timestamptz NOT NULL,
	started_at       timestamptz,
	finished_at      timestamptz,
	heartbeat_at     timestamptz,
	result           bytea
);
CREATE INDEX runs_created ON runs (created_at, id);
CREATE INDEX runs_status_created ON runs (status, created_at, id);
CREATE INDEX runs_scenario_created ON runs (scenario_id, created_at);
CREATE INDEX runs_hash_created ON runs (hash, created_at);
CREATE INDEX runs_worker ON runs (worker, status);

CREATE TABLE workers (
	name         text PRIMARY KEY,
	started_at   timestamptz NOT NULL, -- first heartbeat
	heartbeat_at timestamptz NOT NULL  -- last heartbeat
);

CREATE TABLE audit (
	id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at     timestamptz NOT NULL,
	actor  text NOT NULL DEFAULT '',
	action text NOT NULL DEFAULT '',
	object text NOT NULL DEFAULT '',
	detail text NOT NULL DEFAULT '',
	remote text NOT NULL DEFAULT ''
);
