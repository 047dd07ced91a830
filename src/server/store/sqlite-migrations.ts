/**
 * SQLite schema, as an append-only list of migrations. Never edit a released
 * migration: add a new one. Applied in order inside one transaction each.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE programs (
     name TEXT PRIMARY KEY, description TEXT NOT NULL, owners TEXT NOT NULL, seed TEXT NOT NULL,
     created_at TEXT NOT NULL, created_by TEXT NOT NULL, next_version INTEGER NOT NULL
   );
   CREATE TABLE candidates (
     program TEXT NOT NULL REFERENCES programs(name), version INTEGER NOT NULL, description TEXT NOT NULL,
     artifact_uri TEXT, config TEXT, provenance TEXT NOT NULL, metrics TEXT NOT NULL, checks TEXT NOT NULL,
     tags TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('registered', 'rejected', 'retired')),
     status_reason TEXT, status_changed_at TEXT,
     PRIMARY KEY (program, version)
   );
   CREATE TABLE aliases (
     program TEXT NOT NULL REFERENCES programs(name), alias TEXT NOT NULL, version INTEGER NOT NULL,
     moved_at TEXT NOT NULL, moved_by TEXT NOT NULL,
     PRIMARY KEY (program, alias),
     FOREIGN KEY (program, version) REFERENCES candidates(program, version)
   );
   CREATE TABLE alias_moves (
     id INTEGER PRIMARY KEY AUTOINCREMENT, program TEXT NOT NULL, alias TEXT NOT NULL,
     from_version INTEGER, to_version INTEGER, actor TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
   );
   CREATE INDEX alias_moves_by_alias ON alias_moves (program, alias, id);
   CREATE TABLE traffic_plans (program TEXT PRIMARY KEY REFERENCES programs(name), plan TEXT NOT NULL);
   CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, program TEXT,
     target TEXT NOT NULL, before TEXT, after TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
   );
   CREATE INDEX audit_by_program ON audit_log (program, seq);
   CREATE TABLE tokens (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
     created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT
   );
   CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
   INSERT INTO counters (name, value) VALUES ('serving_revision', 0);
   CREATE TABLE ingest_batches (batch_id TEXT PRIMARY KEY, received_at TEXT NOT NULL, accepted INTEGER NOT NULL, dropped INTEGER NOT NULL);
   CREATE INDEX ingest_batches_by_time ON ingest_batches (received_at);
   CREATE TABLE exposure_counts (
     program TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, minute TEXT NOT NULL, count INTEGER NOT NULL,
     PRIMARY KEY (program, alias, version, minute)
   );`,
  `CREATE TABLE metric_definitions (program TEXT NOT NULL REFERENCES programs(name), name TEXT NOT NULL, definition TEXT NOT NULL, PRIMARY KEY (program, name));
   CREATE TABLE segment_specs (program TEXT PRIMARY KEY REFERENCES programs(name), spec TEXT NOT NULL);
   CREATE TABLE telemetry_windows (
     program TEXT NOT NULL, version INTEGER NOT NULL, segment TEXT NOT NULL, width INTEGER NOT NULL, start INTEGER NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (program, version, segment, width, start)
   );
   CREATE INDEX telemetry_windows_by_time ON telemetry_windows (program, start);
   CREATE INDEX telemetry_windows_by_width ON telemetry_windows (width, start);
   CREATE TABLE telemetry_units (
     program TEXT NOT NULL, version INTEGER NOT NULL, segment TEXT NOT NULL, unit_id TEXT NOT NULL, first_seen INTEGER NOT NULL, totals TEXT NOT NULL,
     PRIMARY KEY (program, version, segment, unit_id)
   );
   CREATE INDEX telemetry_units_by_time ON telemetry_units (program, segment, first_seen);
   CREATE TABLE pending_predictions (program TEXT NOT NULL, prediction_id TEXT NOT NULL, version INTEGER NOT NULL, segments TEXT NOT NULL, predicted INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (program, prediction_id));
   CREATE INDEX pending_predictions_by_time ON pending_predictions (at);
   CREATE TABLE pending_labels (program TEXT NOT NULL, prediction_id TEXT NOT NULL, actual INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (program, prediction_id));
   CREATE INDEX pending_labels_by_time ON pending_labels (at);`,
  `CREATE TABLE rollouts (id TEXT PRIMARY KEY, program TEXT NOT NULL REFERENCES programs(name), status TEXT NOT NULL, started_at TEXT NOT NULL, revision INTEGER NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX rollouts_by_status ON rollouts (status, started_at);
   CREATE INDEX rollouts_by_program ON rollouts (program, started_at);
   CREATE TABLE decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, program TEXT NOT NULL, rollout_id TEXT, at TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX decisions_by_program ON decisions (program, id);
   CREATE INDEX decisions_by_rollout ON decisions (rollout_id, id);
   CREATE TABLE policies (program TEXT NOT NULL, revision INTEGER NOT NULL, document TEXT NOT NULL, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL, PRIMARY KEY (program, revision));
   CREATE TABLE freezes (scope TEXT PRIMARY KEY, by TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
   CREATE TABLE notifications (id INTEGER PRIMARY KEY AUTOINCREMENT, program TEXT NOT NULL, status TEXT NOT NULL, next_attempt_at TEXT NOT NULL, doc TEXT NOT NULL);
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
  `CREATE TABLE principals (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
   ALTER TABLE tokens ADD COLUMN principal_id TEXT;
   ALTER TABLE audit_log ADD COLUMN actor_id TEXT;
   ALTER TABLE audit_log ADD COLUMN key_id TEXT;
   ALTER TABLE audit_log ADD COLUMN sig TEXT;
   CREATE TABLE change_requests (id TEXT PRIMARY KEY, program TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX change_requests_by_status ON change_requests (status, created_at);
   CREATE TABLE seals (kind TEXT NOT NULL, id TEXT NOT NULL, seal TEXT NOT NULL, PRIMARY KEY (kind, id));`,

  // A shadow's prediction shares the champion's predictionId: one parked prediction per (program, id, version).
  `CREATE TABLE pending_predictions_by_version (program TEXT NOT NULL, prediction_id TEXT NOT NULL, version INTEGER NOT NULL, segments TEXT NOT NULL, predicted INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (program, prediction_id, version));
   INSERT INTO pending_predictions_by_version (program, prediction_id, version, segments, predicted, at) SELECT program, prediction_id, version, segments, predicted, at FROM pending_predictions;
   DROP TABLE pending_predictions;
   ALTER TABLE pending_predictions_by_version RENAME TO pending_predictions;
   CREATE INDEX pending_predictions_by_time ON pending_predictions (at);`,
];
