import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import { jsonParam, type PgSql } from "../store/postgres-sql.js";
import type { CandidateRepo } from "./store.js";

interface Row {
  program: string;
  version: number;
  description: string;
  artifact_uri: string | null;
  config: unknown;
  provenance: Candidate["provenance"];
  metrics: Candidate["metrics"];
  checks: Candidate["checks"];
  tags: string[];
  status: CandidateStatus;
  status_reason: string | null;
  status_changed_at: string | null;
}

const fromRow = (r: Row): Candidate => ({
  program: r.program,
  version: r.version,
  description: r.description,
  artifactUri: r.artifact_uri,
  config: r.config ?? null,
  provenance: r.provenance,
  metrics: r.metrics,
  checks: r.checks,
  tags: r.tags,
  status: r.status,
  statusReason: r.status_reason,
  statusChangedAt: r.status_changed_at,
});

const COLUMNS = "program, version, description, artifact_uri, config, provenance, metrics, checks, tags, status, status_reason, status_changed_at";

export class PostgresCandidateRepo implements CandidateRepo {
  constructor(private readonly sql: PgSql) {}

  async insert(c: Candidate): Promise<void> {
    await this.sql.exec(
      `INSERT INTO candidates (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, $12)`,
      [
        c.program, c.version, c.description, c.artifactUri, jsonParam(c.config),
        JSON.stringify(c.provenance), JSON.stringify(c.metrics), JSON.stringify(c.checks), JSON.stringify(c.tags),
        c.status, c.statusReason, c.statusChangedAt,
      ],
    );
  }
  async get(program: string, version: number): Promise<Candidate | null> {
    const row = await this.sql.one<Row>(`SELECT ${COLUMNS} FROM candidates WHERE program = $1 AND version = $2`, [program, version]);
    return row ? fromRow(row) : null;
  }
  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    const rows = await this.sql.rows<Row>(
      `SELECT ${COLUMNS} FROM candidates WHERE program = $1 AND ($2::text IS NULL OR status = $2) ORDER BY version`,
      [program, status ?? null],
    );
    return rows.map(fromRow);
  }
  async latestVersion(program: string): Promise<number | null> {
    return (await this.sql.one<{ v: number | null }>("SELECT MAX(version) AS v FROM candidates WHERE program = $1", [program]))?.v ?? null;
  }
  async setStatus(program: string, version: number, status: CandidateStatus, reason: string, at: string): Promise<void> {
    const n = await this.sql.exec(
      "UPDATE candidates SET status = $1, status_reason = $2, status_changed_at = $3 WHERE program = $4 AND version = $5",
      [status, reason, at, program, version],
    );
    if (n !== 1) throw new Error(`version ${version} of ${program} does not exist`);
  }
}
