/**
 * PostgreSQL schema, as an append-only list of migrations. Never edit a released
 * migration: add a new one. Tables are created unqualified, in the configured schema
 * (the connection's search_path).
 *
 * Why these types: timestamps stay TEXT because the domain round-trips the exact ISO
 * string it wrote (and the contract stores opaque markers such as "t1"); keys and
 * timestamps are COLLATE "C" so ordering and range filters are bytewise, as on SQLite,
 * whatever the database's default collation is. JSON documents are JSONB.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE programs (
     name TEXT COLLATE "C" PRIMARY KEY, description TEXT NOT NULL, owners JSONB NOT NULL, seed TEXT NOT NULL,
     created_at TEXT NOT NULL, created_by TEXT NOT NULL, next_version INTEGER NOT NULL
   );
   CREATE TABLE candidates (
     program TEXT COLLATE "C" NOT NULL REFERENCES programs(name), version INTEGER NOT NULL, description TEXT NOT NULL,
     artifact_uri TEXT, config JSONB, provenance JSONB NOT NULL, metrics JSONB NOT NULL, checks JSONB NOT NULL,
     tags JSONB NOT NULL, status TEXT NOT NULL CHECK (status IN ('registered', 'rejected', 'retired')),
     status_reason TEXT, status_changed_at TEXT,
     PRIMARY KEY (program, version)
   );
   CREATE TABLE aliases (
     program TEXT COLLATE "C" NOT NULL REFERENCES programs(name), alias TEXT COLLATE "C" NOT NULL, version INTEGER NOT NULL,
     moved_at TEXT NOT NULL, moved_by TEXT NOT NULL,
     PRIMARY KEY (program, alias),
     FOREIGN KEY (program, version) REFERENCES candidates(program, version)
   );
   CREATE TABLE alias_moves (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, program TEXT COLLATE "C" NOT NULL, alias TEXT COLLATE "C" NOT NULL,
     from_version INTEGER, to_version INTEGER, actor TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
   );
   CREATE INDEX alias_moves_by_alias ON alias_moves (program, alias, id);
   CREATE TABLE traffic_plans (program TEXT COLLATE "C" PRIMARY KEY REFERENCES programs(name), plan JSONB NOT NULL);
   CREATE TABLE audit_log (
     seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, program TEXT COLLATE "C",
     target TEXT NOT NULL, before JSONB, after JSONB, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
   );
   CREATE INDEX audit_by_program ON audit_log (program, seq);
   CREATE TABLE tokens (
     id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, roles JSONB NOT NULL, hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
     created_at TEXT COLLATE "C" NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT
   );
   CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
   INSERT INTO counters (name, value) VALUES ('serving_revision', 0);
   CREATE TABLE ingest_batches (
     batch_id TEXT PRIMARY KEY, received_at TEXT COLLATE "C" NOT NULL, accepted INTEGER NOT NULL, dropped INTEGER NOT NULL
   );
   CREATE INDEX ingest_batches_by_time ON ingest_batches (received_at);
   CREATE TABLE exposure_counts (
     program TEXT COLLATE "C" NOT NULL, alias TEXT COLLATE "C" NOT NULL, version INTEGER NOT NULL, minute TEXT COLLATE "C" NOT NULL,
     count BIGINT NOT NULL,
     PRIMARY KEY (program, alias, version, minute)
   );`,
  // Telemetry: times are epoch milliseconds (BIGINT); aggregates are JSON documents merged by the application.
  `CREATE TABLE metric_definitions (
     program TEXT COLLATE "C" NOT NULL REFERENCES programs(name), name TEXT COLLATE "C" NOT NULL, definition JSONB NOT NULL,
     PRIMARY KEY (program, name)
   );
   CREATE TABLE segment_specs (program TEXT COLLATE "C" PRIMARY KEY REFERENCES programs(name), spec JSONB NOT NULL);
   CREATE TABLE telemetry_windows (
     program TEXT COLLATE "C" NOT NULL, version INTEGER NOT NULL, segment TEXT COLLATE "C" NOT NULL, width BIGINT NOT NULL, start BIGINT NOT NULL,
     data JSONB NOT NULL,
     PRIMARY KEY (program, version, segment, width, start)
   );
   CREATE INDEX telemetry_windows_by_time ON telemetry_windows (program, start);
   CREATE INDEX telemetry_windows_by_width ON telemetry_windows (width, start);
   CREATE TABLE telemetry_units (
     program TEXT COLLATE "C" NOT NULL, version INTEGER NOT NULL, segment TEXT COLLATE "C" NOT NULL, unit_id TEXT COLLATE "C" NOT NULL,
     first_seen BIGINT NOT NULL, totals JSONB NOT NULL,
     PRIMARY KEY (program, version, segment, unit_id)
   );
   CREATE INDEX telemetry_units_by_time ON telemetry_units (program, segment, first_seen);
   CREATE TABLE pending_predictions (
     program TEXT NOT NULL, prediction_id TEXT NOT NULL, version INTEGER NOT NULL, segments JSONB NOT NULL, predicted BOOLEAN NOT NULL,
     at BIGINT NOT NULL,
     PRIMARY KEY (program, prediction_id)
   );
   CREATE INDEX pending_predictions_by_time ON pending_predictions (at);
   CREATE TABLE pending_labels (
     program TEXT NOT NULL, prediction_id TEXT NOT NULL, actual BOOLEAN NOT NULL, at BIGINT NOT NULL,
     PRIMARY KEY (program, prediction_id)
   );
   CREATE INDEX pending_labels_by_time ON pending_labels (at);`,
  // Rollouts and what they decide: documents are JSONB; the columns beside them are what queries filter and order on.
  `CREATE TABLE rollouts (
     id TEXT COLLATE "C" PRIMARY KEY, program TEXT COLLATE "C" NOT NULL REFERENCES programs(name), status TEXT NOT NULL,
     started_at TEXT COLLATE "C" NOT NULL, revision INTEGER NOT NULL, doc JSONB NOT NULL
   );
   CREATE INDEX rollouts_by_status ON rollouts (status, started_at);
   CREATE INDEX rollouts_by_program ON rollouts (program, started_at);
   CREATE TABLE decisions (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, program TEXT COLLATE "C" NOT NULL, rollout_id TEXT COLLATE "C",
     at TEXT COLLATE "C" NOT NULL, doc JSONB NOT NULL
   );
   CREATE INDEX decisions_by_program ON decisions (program, id);
   CREATE INDEX decisions_by_rollout ON decisions (rollout_id, id);
   CREATE TABLE policies (
     program TEXT COLLATE "C" NOT NULL, revision INTEGER NOT NULL, document JSONB NOT NULL, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL,
     PRIMARY KEY (program, revision)
   );
   CREATE TABLE freezes (scope TEXT COLLATE "C" PRIMARY KEY, by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT COLLATE "C" NOT NULL);
   CREATE TABLE notifications (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, program TEXT COLLATE "C" NOT NULL, status TEXT NOT NULL,
     next_attempt_at TEXT COLLATE "C" NOT NULL, doc JSONB NOT NULL
   );
   CREATE INDEX notifications_due ON notifications (status, next_attempt_at);`,
  // Leader election for the rollout controller (src/server/leader/): one row per lease. \`token\` only grows, by one on
  // every acquisition: it is the fencing token. Expiry uses the database's clock, the one clock every replica shares.
  `CREATE TABLE leader_lease (
     name TEXT COLLATE "C" PRIMARY KEY, holder TEXT, token BIGINT NOT NULL DEFAULT 0,
     acquired_at TIMESTAMPTZ, expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
   );`,
  `CREATE TABLE idempotency_keys (
     scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL, status INTEGER, response TEXT, location TEXT, created_at TEXT NOT NULL,
     PRIMARY KEY (scope, key)
   );
   CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);`,
  `ALTER TABLE candidates ADD COLUMN external_ref TEXT;
   CREATE UNIQUE INDEX candidates_by_external_ref ON candidates (program, external_ref) WHERE external_ref IS NOT NULL;`,

  // Governance (ADR 011): principals own tokens; audit entries name the acting principal and carry an Ed25519
  // signature; protected changes wait as change requests.
  `CREATE TABLE principals (seq BIGINT GENERATED ALWAYS AS IDENTITY, id TEXT COLLATE "C" PRIMARY KEY, name TEXT COLLATE "C" NOT NULL UNIQUE, doc JSONB NOT NULL);
   ALTER TABLE tokens ADD COLUMN principal_id TEXT;
   ALTER TABLE audit_log ADD COLUMN actor_id TEXT, ADD COLUMN key_id TEXT, ADD COLUMN sig TEXT;
   CREATE TABLE change_requests (id TEXT COLLATE "C" PRIMARY KEY, program TEXT COLLATE "C", status TEXT NOT NULL, created_at TEXT COLLATE "C" NOT NULL, doc JSONB NOT NULL);
   CREATE INDEX change_requests_by_status ON change_requests (status, created_at);
   CREATE TABLE seals (kind TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, seal TEXT NOT NULL, PRIMARY KEY (kind, id));`,
  // A shadow's prediction shares the champion's predictionId: one parked prediction per (program, id, version).
  `ALTER TABLE pending_predictions DROP CONSTRAINT pending_predictions_pkey, ADD PRIMARY KEY (program, prediction_id, version);`,
];
