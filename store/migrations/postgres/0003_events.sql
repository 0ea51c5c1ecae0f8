-- Event data (GDELT, ICEWS) ingested by the server's poller, PostgreSQL:
-- the files ingested (once each), the additive sums per directed dyad and
-- day, and the observations the mappings proposed. Days are integer days
-- since 1970-01-01.

CREATE TABLE event_files (
	url         text PRIMARY KEY,
	md5         text NOT NULL,
	bytes       bigint NOT NULL,
	events      bigint NOT NULL,
	bad         bigint NOT NULL,
	report      bytea NOT NULL,  -- the readers' reports, JSON
	ingested_at timestamptz NOT NULL
);
CREATE INDEX event_files_ingested ON event_files (ingested_at);

CREATE TABLE event_cells (
	source            text NOT NULL,     -- CAMEO country code of the source actor
	target            text NOT NULL,
	day               integer NOT NULL,
	events            bigint NOT NULL,
	verbal_coop       bigint NOT NULL,
	material_coop     bigint NOT NULL,
	verbal_conflict   bigint NOT NULL,
	material_conflict bigint NOT NULL,
	goldstein         double precision NOT NULL,  -- sum of Goldstein values
	mentions          bigint NOT NULL,
	m_goldstein       double precision NOT NULL,  -- sum of mentions × Goldstein
	tone              double precision NOT NULL,  -- sum of tones, over events with one
	toned             bigint NOT NULL,
	m_tone            double precision NOT NULL,
	m_toned           bigint NOT NULL,
	PRIMARY KEY (source, target, day)
);
CREATE INDEX event_cells_day ON event_cells (day);

CREATE TABLE event_proposals (
	scenario   text NOT NULL,
	id         text NOT NULL,
	signpost   text NOT NULL,
	date       text NOT NULL,   -- YYYY-MM-DD
	document   bytea NOT NULL,  -- the proposal, JSON
	created_at timestamptz NOT NULL,
	PRIMARY KEY (scenario, id)
);
CREATE INDEX event_proposals_created ON event_proposals (created_at);
