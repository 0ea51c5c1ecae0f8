-- Event data (GDELT, ICEWS) ingested by the server's poller, SQLite: the
-- files ingested (once each), the additive sums per directed dyad and day,
-- and the observations the mappings proposed. Days are INTEGER days since
-- 1970-01-01; times INTEGER microseconds since the epoch.

CREATE TABLE event_files (
	url         TEXT PRIMARY KEY,
	md5         TEXT NOT NULL,
	bytes       INTEGER NOT NULL,
	events      INTEGER NOT NULL,
	bad         INTEGER NOT NULL,
	report      BLOB NOT NULL,  -- the readers' reports, JSON
	ingested_at INTEGER NOT NULL
) STRICT;
CREATE INDEX event_files_ingested ON event_files (ingested_at);

CREATE TABLE event_cells (
	source            TEXT NOT NULL,    -- CAMEO country code of the source actor
	target            TEXT NOT NULL,
	day               INTEGER NOT NULL,
	events            INTEGER NOT NULL,
	verbal_coop       INTEGER NOT NULL,
	material_coop     INTEGER NOT NULL,
	verbal_conflict   INTEGER NOT NULL,
	material_conflict INTEGER NOT NULL,
	goldstein         REAL NOT NULL,    -- sum of Goldstein values
	mentions          INTEGER NOT NULL,
	m_goldstein       REAL NOT NULL,    -- sum of mentions × Goldstein
	tone              REAL NOT NULL,    -- sum of tones, over events with one
	toned             INTEGER NOT NULL,
	m_tone            REAL NOT NULL,
	m_toned           INTEGER NOT NULL,
	PRIMARY KEY (source, target, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_cells_day ON event_cells (day);

CREATE TABLE event_proposals (
	scenario   TEXT NOT NULL,
	id         TEXT NOT NULL,
	signpost   TEXT NOT NULL,
	date       TEXT NOT NULL,  -- YYYY-MM-DD
	document   BLOB NOT NULL,  -- the proposal, JSON
	created_at INTEGER NOT NULL,
	PRIMARY KEY (scenario, id)
) STRICT;
CREATE INDEX event_proposals_created ON event_proposals (created_at);
