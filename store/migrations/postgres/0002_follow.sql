-- Following a scenario (PostgreSQL): its timeline of observations,
-- questions and their forecasts, webhook subscriptions, the outbox of
-- deliveries and the log of their attempts. Times are timestamptz, NULL
-- when not yet.

-- An observation of a scenario version, in the order it was added (seq 1,
-- 2, …), with the run that recomputed the forecast with every observation
-- up to it. announced: the events its forecast causes were queued.
CREATE TABLE observations (
	scenario_id text NOT NULL REFERENCES scenarios (id),
	seq         bigint NOT NULL,
	id          text NOT NULL,
	body        bytea NOT NULL,
	run_id      text NOT NULL REFERENCES runs (id),
	created_at  timestamptz NOT NULL,
	created_by  text NOT NULL DEFAULT '',
	announced   boolean NOT NULL DEFAULT false,
	PRIMARY KEY (scenario_id, seq),
	UNIQUE (scenario_id, id)
);
CREATE INDEX observations_unannounced ON observations (announced, created_at);

CREATE TABLE questions (
	id              text PRIMARY KEY,
	scenario_id     text NOT NULL DEFAULT '',
	statement       text NOT NULL,
	criterion       text NOT NULL DEFAULT '',
	close_at        timestamptz NOT NULL,
	options         text NOT NULL,            -- JSON array of the option names
	mapping         text NOT NULL DEFAULT '',
	created_at      timestamptz NOT NULL,
	created_by      text NOT NULL DEFAULT '',
	outcome         text,                     -- NULL until resolved
	resolved_at     timestamptz,
	resolution_note text NOT NULL DEFAULT '',
	resolved_by     text NOT NULL DEFAULT ''
);
CREATE INDEX questions_scenario ON questions (scenario_id, created_at);

CREATE TABLE forecasts (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	question_id   text NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	at            timestamptz NOT NULL,
	run_id        text NOT NULL DEFAULT '',   -- '' for a forecast made by hand
	probabilities text NOT NULL               -- JSON object: option → probability
);
CREATE INDEX forecasts_question ON forecasts (question_id, at, id);
CREATE UNIQUE INDEX forecasts_question_run ON forecasts (question_id, run_id) WHERE run_id <> '';

CREATE TABLE webhooks (
	id          text PRIMARY KEY,
	scenario_id text NOT NULL REFERENCES scenarios (id),
	url         text NOT NULL,
	threshold   double precision NOT NULL,
	secret      text NOT NULL,
	created_at  timestamptz NOT NULL,
	created_by  text NOT NULL DEFAULT ''
);
CREATE INDEX webhooks_scenario ON webhooks (scenario_id, created_at);

-- One event to deliver to one webhook; pending until delivered, or failed
-- after the last attempt. A dispatcher leases a due row (lease_until,
-- leased_by) while it posts it; a dispatcher that dies loses the lease.
CREATE TABLE outbox (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	webhook_id   text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	event_id     text NOT NULL,
	type         text NOT NULL,
	body         bytea NOT NULL,
	status       text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
	attempts     integer NOT NULL DEFAULT 0,
	next_at      timestamptz NOT NULL,
	lease_until  timestamptz,
	leased_by    text NOT NULL DEFAULT '',
	last_error   text NOT NULL DEFAULT '',
	created_at   timestamptz NOT NULL,
	delivered_at timestamptz,
	UNIQUE (webhook_id, event_id)
);
CREATE INDEX outbox_due ON outbox (status, next_at, id);

CREATE TABLE delivery_attempts (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	outbox_id   bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
	webhook_id  text NOT NULL,
	event_id    text NOT NULL,
	attempt     integer NOT NULL,
	at          timestamptz NOT NULL,
	status_code integer NOT NULL DEFAULT 0,   -- 0: no HTTP response
	error       text NOT NULL DEFAULT '',
	duration_us bigint NOT NULL DEFAULT 0,
	outcome     text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed'))
);
CREATE INDEX delivery_attempts_webhook ON delivery_attempts (webhook_id, id);
