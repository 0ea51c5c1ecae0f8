-- Following a scenario (SQLite): its timeline of observations, questions
-- and their forecasts, webhook subscriptions, the outbox of deliveries and
-- the log of their attempts. Times are INTEGER microseconds since
-- 1970-01-01 UTC, NULL when not yet.

-- An observation of a scenario version, in the order it was added (seq 1,
-- 2, …), with the run that recomputed the forecast with every observation
-- up to it. announced: the events its forecast causes were queued.
CREATE TABLE observations (
	scenario_id TEXT NOT NULL REFERENCES scenarios (id),
	seq         INTEGER NOT NULL,
	id          TEXT NOT NULL,
	body        BLOB NOT NULL,
	run_id      TEXT NOT NULL REFERENCES runs (id),
	created_at  INTEGER NOT NULL,
	created_by  TEXT NOT NULL DEFAULT '',
	announced   INTEGER NOT NULL DEFAULT 0 CHECK (announced IN (0, 1)),
	PRIMARY KEY (scenario_id, seq),
	UNIQUE (scenario_id, id)
) STRICT;
CREATE INDEX observations_unannounced ON observations (announced, created_at);

CREATE TABLE questions (
	id              TEXT PRIMARY KEY,
	scenario_id     TEXT NOT NULL DEFAULT '',
	statement       TEXT NOT NULL,
	criterion       TEXT NOT NULL DEFAULT '',
	close_at        INTEGER NOT NULL,
	options         TEXT NOT NULL,            -- JSON array of the option names
	mapping         TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	created_by      TEXT NOT NULL DEFAULT '',
	outcome         TEXT,                     -- NULL until resolved
	resolved_at     INTEGER,
	resolution_note TEXT NOT NULL DEFAULT '',
	resolved_by     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX questions_scenario ON questions (scenario_id, created_at);

CREATE TABLE forecasts (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	question_id   TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	at            INTEGER NOT NULL,
	run_id        TEXT NOT NULL DEFAULT '',   -- '' for a forecast made by hand
	probabilities TEXT NOT NULL               -- JSON object: option → probability
) STRICT;
CREATE INDEX forecasts_question ON forecasts (question_id, at, id);
CREATE UNIQUE INDEX forecasts_question_run ON forecasts (question_id, run_id) WHERE run_id <> '';

CREATE TABLE webhooks (
	id          TEXT PRIMARY KEY,
	scenario_id TEXT NOT NULL REFERENCES scenarios (id),
	url         TEXT NOT NULL,
	threshold   REAL NOT NULL,
	secret      TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	created_by  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX webhooks_scenario ON webhooks (scenario_id, created_at);

-- One event to deliver to one webhook; pending until delivered, or failed
-- after the last attempt. A dispatcher leases a due row (lease_until,
-- leased_by) while it posts it; a dispatcher that dies loses the lease.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	webhook_id   TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event_id     TEXT NOT NULL,
	type         TEXT NOT NULL,
	body         BLOB NOT NULL,
	status       TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL,
	lease_until  INTEGER,
	leased_by    TEXT NOT NULL DEFAULT '',
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	delivered_at INTEGER,
	UNIQUE (webhook_id, event_id)
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_at, id);

CREATE TABLE delivery_attempts (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	outbox_id   INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
	webhook_id  TEXT NOT NULL,
	event_id    TEXT NOT NULL,
	attempt     INTEGER NOT NULL,
	at          INTEGER NOT NULL,
	status_code INTEGER NOT NULL DEFAULT 0,   -- 0: no HTTP response
	error       TEXT NOT NULL DEFAULT '',
	duration_us INTEGER NOT NULL DEFAULT 0,
	outcome     TEXT NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed'))
) STRICT;
CREATE INDEX delivery_attempts_webhook ON delivery_attempts (webhook_id, id);
