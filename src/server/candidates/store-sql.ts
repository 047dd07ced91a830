import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import { matchesIfGiven, optional, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { CandidateRepo } from "./store.js";

const CANDIDATES = new Table<Candidate>(
  "candidates",
  "program, version, description, artifactUri, config, provenance, metrics, checks, tags, status, statusReason, statusChangedAt, externalRef",
  { json: ["config", "provenance", "metrics", "checks", "tags"] },
);

export class SqlCandidateRepo implements CandidateRepo {
  constructor(private readonly sql: Sql) {}

  async insert(c: Candidate): Promise<void> {
    await CANDIDATES.insert(this.sql, c);
  }
  async get(program: string, version: number): Promise<Candidate | null> {
    return CANDIDATES.one(this.sql, "WHERE program = ? AND version = ?", [program, version]);
  }
  async findByExternalRef(program: string, externalRef: string): Promise<Candidate | null> {
    return CANDIDATES.one(this.sql, "WHERE program = ? AND external_ref = ?", [program, externalRef]);
  }
  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    return CANDIDATES.rows(this.sql, `WHERE program = ? AND ${matchesIfGiven("status")} ORDER BY version`, [program, ...optional(status)]);
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
