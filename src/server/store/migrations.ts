/**
 * The schema of both SQL dialects, as append-only lists of migrations. Never edit a released
 * migration: add a new one (to both lists where both need it). Each runs in a transaction and is
 * recorded by its position, so a list's order is part of every existing database.
 *
 * The tables are written once; only the column types that differ are spelled per dialect:
 * - keys and timestamps are `TEXT COLLATE "C"` on PostgreSQL so ordering and range filters are
 *   bytewise, as SQLite's TEXT always is, whatever the database's default collation;
 * - timestamps stay TEXT because the domain round-trips the exact ISO string it wrote (and the
 *   contract stores opaque markers such as "t1");
 * - JSON documents are JSONB on PostgreSQL, TEXT on SQLite; counters and epoch milliseconds BIGINT
 *   (SQLite's INTEGER is 64-bit); `INTEGER PRIMARY KEY` keeps SQLite's rowid alias.
 * Tables are created unqualified: on PostgreSQL in the configured schema (the connection's search_path).
 */
const POSTGRES = {
  key: 'TEXT COLLATE "C"',
  json: "JSONB",
  bigint: "BIGINT",
  identity: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
  boolean: "BOOLEAN",
  // PostgreSQL tables have no rowid: principals keep their creation order in a column.
  principalSeq: "seq BIGINT GENERATED ALWAYS AS IDENTITY, ",
};
type ColumnTypes = typeof POSTGRES;
const SQLITE: ColumnTypes = {
  key: "TEXT",
  json: "TEXT",
  bigint: "INTEGER",
  identity: "INTEGER PRIMARY KEY AUTOINCREMENT",
  boolean: "INTEGER",
  principalSeq: "",
};

/** The migrations both dialects share, in their order (PostgreSQL runs its leader lease after the third). */
const shared = ({ key, json, bigint, identity, boolean, principalSeq }: ColumnTypes): string[] => [
  `CREATE TABLE programs (
     name ${key} PRIMARY KEY, description TEXT NOT NULL, owners ${json} NOT NULL, seed TEXT NOT NULL,
     created_at TEXT NOT NULL, created_by TEXT NOT NULL, next_version INTEGER NOT NULL
   );
   CREATE TABLE candidates (
     program ${key} NOT NULL REFERENCES programs(name), version INTEGER NOT NULL, description TEXT NOT NULL,
     artifact_uri TEXT, config ${json}, provenance ${json} NOT NULL, metrics ${json} NOT NULL, checks ${json} NOT NULL,
     tags ${json} NOT NULL, status TEXT NOT NULL CHECK (status IN ('registered', 'rejected', 'retired')),
     status_reason TEXT, status_changed_at TEXT,
     PRIMARY KEY (program, version)
   );
   CREATE TABLE aliases (
     program ${key} NOT NULL REFERENCES programs(name), alias ${key} NOT NULL, version INTEGER NOT NULL,
     moved_at TEXT NOT NULL, moved_by TEXT NOT NULL,
     PRIMARY KEY (program, alias),
     FOREIGN KEY (program, version) REFERENCES candidates(program, version)
   );
   CREATE TABLE alias_moves (
     id ${identity}, program ${key} NOT NULL, alias ${key} NOT NULL,
     from_version INTEGER, to_version INTEGER, actor TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
   );
   CREATE INDEX alias_moves_by_alias ON alias_moves (program, alias, id);
   CREATE TABLE traffic_plans (program ${key} PRIMARY KEY REFERENCES programs(name), plan ${json} NOT NULL);
   CREATE TABLE audit_log (
     seq ${bigint} PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, program ${key},
     target TEXT NOT NULL, before ${json}, after ${json}, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
   );
   CREATE INDEX audit_by_program ON audit_log (program, seq);
   CREATE TABLE tokens (
     id ${key} PRIMARY KEY, name TEXT NOT NULL, roles ${json} NOT NULL, hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
     created_at ${key} NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT
   );
   CREATE TABLE counters (name TEXT PRIMARY KEY, value ${bigint} NOT NULL);
   INSERT INTO counters (name, value) VALUES ('serving_revision', 0);
   CREATE TABLE ingest_batches (
     batch_id TEXT PRIMARY KEY, received_at ${key} NOT NULL, accepted INTEGER NOT NULL, dropped INTEGER NOT NULL
   );
   CREATE INDEX ingest_batches_by_time ON ingest_batches (received_at);
   CREATE TABLE exposure_counts (
     program ${key} NOT NULL, alias ${key} NOT NULL, version INTEGER NOT NULL, minute ${key} NOT NULL, count ${bigint} NOT NULL,
     PRIMARY KEY (program, alias, version, minute)
   );`,
  // Telemetry: times are epoch milliseconds; aggregates are JSON documents merged by the application.
  `CREATE TABLE metric_definitions (
     program ${key} NOT NULL REFERENCES programs(name), name ${key} NOT NULL, definition ${json} NOT NULL,
     PRIMARY KEY (program, name)
   );
   CREATE TABLE segment_specs (program ${key} PRIMARY KEY REFERENCES programs(name), spec ${json} NOT NULL);
   CREATE TABLE telemetry_windows (
     program ${key} NOT NULL, version INTEGER NOT NULL, segment ${key} NOT NULL, width ${bigint} NOT NULL, start ${bigint} NOT NULL,
     data ${json} NOT NULL,
     PRIMARY KEY (program, version, segment, width, start)
   );
   CREATE INDEX telemetry_windows_by_time ON telemetry_windows (program, start);
   CREATE INDEX telemetry_windows_by_width ON telemetry_windows (width, start);
   CREATE TABLE telemetry_units (
     program ${key} NOT NULL, version INTEGER NOT NULL, segment ${key} NOT NULL, unit_id ${key} NOT NULL,
     first_seen ${bigint} NOT NULL, totals ${json} NOT NULL,
     PRIMARY KEY (program, version, segment, unit_id)
   );
   CREATE INDEX telemetry_units_by_time ON telemetry_units (program, segment, first_seen);
   CREATE TABLE pending_predictions (
     program TEXT NOT NULL, prediction_id TEXT NOT NULL, version INTEGER NOT NULL, segments ${json} NOT NULL,
     predicted ${boolean} NOT NULL, at ${bigint} NOT NULL,
     PRIMARY KEY (program, prediction_id)
   );
   CREATE INDEX pending_predictions_by_time ON pending_predictions (at);
   CREATE TABLE pending_labels (
     program TEXT NOT NULL, prediction_id TEXT NOT NULL, actual ${boolean} NOT NULL, at ${bigint} NOT NULL,
     PRIMARY KEY (program, prediction_id)
   );
   CREATE INDEX pending_labels_by_time ON pending_labels (at);`,
  // Rollouts and what they decide: documents are JSON; the columns beside them are what queries filter and order on.
  `CREATE TABLE rollouts (
     id ${key} PRIMARY KEY, program ${key} NOT NULL REFERENCES programs(name), status TEXT NOT NULL,
     started_at ${key} NOT NULL, revision INTEGER NOT NULL, doc ${json} NOT NULL
   );
   CREATE INDEX rollouts_by_status ON rollouts (status, started_at);
   CREATE INDEX rollouts_by_program ON rollouts (program, started_at);
   CREATE TABLE decisions (id ${identity}, program ${key} NOT NULL, rollout_id ${key}, at ${key} NOT NULL, doc ${json} NOT NULL);
   CREATE INDEX decisions_by_program ON decisions (program, id);
   CREATE INDEX decisions_by_rollout ON decisions (rollout_id, id);
   CREATE TABLE policies (
     program ${key} NOT NULL, revision INTEGER NOT NULL, document ${json} NOT NULL, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL,
     PRIMARY KEY (program, revision)
   );
   CREATE TABLE freezes (scope ${key} PRIMARY KEY, by TEXT NOT NULL, reason TEXT NOT NULL, at ${key} NOT NULL);
   CREATE TABLE notifications (
     id ${identity}, program ${key} NOT NULL, status TEXT NOT NULL, next_attempt_at ${key} NOT NULL, doc ${json} NOT NULL
   );
   CREATE INDEX notifications_due ON notifications (status, next_attempt_at);`,
  `CREATE TABLE idempotency_keys (
     scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL, status INTEGER, response TEXT, location TEXT, created_at TEXT NOT NULL,
     PRIMARY KEY (scope, key)
   );
   CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);`,
  `ALTER TABLE candidates ADD COLUMN external_ref TEXT;
   CREATE UNIQUE INDEX candidates_by_external_ref ON candidates (program, external_ref) WHERE external_ref IS NOT NULL;`,
  // Governance (ADR 011): principals own tokens; audit entries name the acting principal and carry an Ed25519
  // signature; protected changes wait as change requests.
  `CREATE TABLE principals (${principalSeq}id ${key} PRIMARY KEY, name ${key} NOT NULL UNIQUE, doc ${json} NOT NULL);
   ALTER TABLE tokens ADD COLUMN principal_id TEXT;
   ALTER TABLE audit_log ADD COLUMN actor_id TEXT;
   ALTER TABLE audit_log ADD COLUMN key_id TEXT;
   ALTER TABLE audit_log ADD COLUMN sig TEXT;
   CREATE TABLE change_requests (id ${key} PRIMARY KEY, program ${key}, status TEXT NOT NULL, created_at ${key} NOT NULL, doc ${json} NOT NULL);
   CREATE INDEX change_requests_by_status ON change_requests (status, created_at);
   CREATE TABLE seals (kind ${key} NOT NULL, id ${key} NOT NULL, seal TEXT NOT NULL, PRIMARY KEY (kind, id));`,
];

const postgres = shared(POSTGRES);
export const POSTGRES_MIGRATIONS: readonly string[] = [
  ...postgres.slice(0, 3),
  // Leader election for the rollout controller (src/server/leader/): one row per lease. `token` only grows, by one on
  // every acquisition: it is the fencing token. Expiry uses the database's clock, the one clock every replica shares.
  `CREATE TABLE leader_lease (
     name TEXT COLLATE "C" PRIMARY KEY, holder TEXT, token BIGINT NOT NULL DEFAULT 0,
     acquired_at TIMESTAMPTZ, expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
   );`,
  ...postgres.slice(3),
  // A shadow's prediction shares the champion's predictionId: one parked prediction per (program, id, version).
  `ALTER TABLE pending_predictions DROP CONSTRAINT pending_predictions_pkey, ADD PRIMARY KEY (program, prediction_id, version);`,
];

export const SQLITE_MIGRATIONS: readonly string[] = [
  ...shared(SQLITE),
  // The same on SQLite, which cannot change a primary key in place: the table is copied.
  `CREATE TABLE pending_predictions_by_version (
     program TEXT NOT NULL, prediction_id TEXT NOT NULL, version INTEGER NOT NULL, segments TEXT NOT NULL, predicted INTEGER NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (program, prediction_id, version)
   );
   INSERT INTO pending_predictions_by_version (program, prediction_id, version, segments, predicted, at)
     SELECT program, prediction_id, version, segments, predicted, at FROM pending_predictions;
   DROP TABLE pending_predictions;
   ALTER TABLE pending_predictions_by_version RENAME TO pending_predictions;
   CREATE INDEX pending_predictions_by_time ON pending_predictions (at);`,
];
