import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import { jsonParam, type PgSql } from "../store/postgres-sql.js";
import { asParsed } from "../store/json-columns.js";
import { CANDIDATE_COLUMNS as COLUMNS, candidateFromRow, type CandidateRow } from "./rows.js";
import type { CandidateRepo } from "./store.js";

export class PostgresCandidateRepo implements CandidateRepo {
  constructor(private readonly sql: PgSql) {}

  async insert(c: Candidate): Promise<void> {
    await this.sql.exec(
      `INSERT INTO candidates (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, $12, $13)`,
      [
        c.program, c.version, c.description, c.artifactUri, jsonParam(c.config),
        JSON.stringify(c.provenance), JSON.stringify(c.metrics), JSON.stringify(c.checks), JSON.stringify(c.tags),
        c.status, c.statusReason, c.statusChangedAt, c.externalRef ?? null,
      ],
    );
  }
  async get(program: string, version: number): Promise<Candidate | null> {
    const row = await this.sql.one<CandidateRow>(`SELECT ${COLUMNS} FROM candidates WHERE program = $1 AND version = $2`, [program, version]);
    return row ? candidateFromRow(row, asParsed) : null;
  }
  async findByExternalRef(program: string, externalRef: string): Promise<Candidate | null> {
    const row = await this.sql.one<CandidateRow>(`SELECT ${COLUMNS} FROM candidates WHERE program = $1 AND external_ref = $2`, [program, externalRef]);
    return row ? candidateFromRow(row, asParsed) : null;
  }
  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    const rows = await this.sql.rows<CandidateRow>(
      `SELECT ${COLUMNS} FROM candidates WHERE program = $1 AND ($2::text IS NULL OR status = $2) ORDER BY version`,
      [program, status ?? null],
    );
    return rows.map((r) => candidateFromRow(r, asParsed));
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
