import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import { json, matchesIfGiven, optional, parseJson, type Sql } from "../persist/sql.js";
import type { CandidateRepo } from "./store.js";

type JsonField = "config" | "provenance" | "metrics" | "checks" | "tags";
type Row = Omit<Candidate, JsonField> & Record<JsonField, string | null>;

const COLUMNS =
  "program, version, description, artifact_uri, config, provenance, metrics, checks, tags, status, status_reason, status_changed_at, external_ref";
const SELECT = `SELECT program, version, description, artifact_uri AS "artifactUri", config, provenance, metrics, checks, tags, status,
  status_reason AS "statusReason", status_changed_at AS "statusChangedAt", external_ref AS "externalRef" FROM candidates`;
const fromRow = (r: Row): Candidate => ({
  ...r,
  config: parseJson(r.config),
  provenance: parseJson(r.provenance),
  metrics: parseJson(r.metrics),
  checks: parseJson(r.checks),
  tags: parseJson(r.tags),
});

export class SqlCandidateRepo implements CandidateRepo {
  constructor(private readonly sql: Sql) {}

  async insert(c: Candidate): Promise<void> {
    await this.sql.exec(`INSERT INTO candidates (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      c.program,
      c.version,
      c.description,
      c.artifactUri,
      json(c.config),
      json(c.provenance),
      json(c.metrics),
      json(c.checks),
      json(c.tags),
      c.status,
      c.statusReason,
      c.statusChangedAt,
      c.externalRef ?? null,
    ]);
  }
  async get(program: string, version: number): Promise<Candidate | null> {
    const row = await this.sql.one<Row>(`${SELECT} WHERE program = ? AND version = ?`, [program, version]);
    return row ? fromRow(row) : null;
  }
  async findByExternalRef(program: string, externalRef: string): Promise<Candidate | null> {
    const row = await this.sql.one<Row>(`${SELECT} WHERE program = ? AND external_ref = ?`, [program, externalRef]);
    return row ? fromRow(row) : null;
  }
  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    const rows = await this.sql.rows<Row>(`${SELECT} WHERE program = ? AND ${matchesIfGiven("status")} ORDER BY version`, [
      program,
      ...optional(status),
    ]);
    return rows.map(fromRow);
  }
  async latestVersion(program: string): Promise<number | null> {
    return (await this.sql.one<{ v: number | null }>("SELECT MAX(version) AS v FROM candidates WHERE program = ?", [program]))?.v ?? null;
  }
  async setStatus(program: string, version: number, status: CandidateStatus, reason: string, at: string): Promise<void> {
    const n = await this.sql.exec(
      "UPDATE candidates SET status = ?, status_reason = ?, status_changed_at = ? WHERE program = ? AND version = ?",
      [status, reason, at, program, version],
    );
    if (n !== 1) throw new Error(`version ${version} of ${program} does not exist`);
  }
}
