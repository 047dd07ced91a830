import type { Database } from "better-sqlite3";
import type { Candidate, CandidateStatus } from "../../core/registry/types.js";
import { fromJsonText } from "../store/json-columns.js";
import { candidateFromRow, type CandidateRow } from "./rows.js";
import type { CandidateRepo } from "./store.js";

export class SqliteCandidateRepo implements CandidateRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly byRefStmt;
  private readonly listStmt;
  private readonly listByStatusStmt;
  private readonly latestStmt;
  private readonly statusStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO candidates (program, version, description, artifact_uri, config, provenance, metrics, checks, tags, status, status_reason, status_changed_at, external_ref)
       VALUES (@program, @version, @description, @artifactUri, @config, @provenance, @metrics, @checks, @tags, @status, @statusReason, @statusChangedAt, @externalRef)`,
    );
    this.getStmt = db.prepare<[string, number], CandidateRow>("SELECT * FROM candidates WHERE program = ? AND version = ?");
    this.byRefStmt = db.prepare<[string, string], CandidateRow>("SELECT * FROM candidates WHERE program = ? AND external_ref = ?");
    this.listStmt = db.prepare<[string], CandidateRow>("SELECT * FROM candidates WHERE program = ? ORDER BY version");
    this.listByStatusStmt = db.prepare<[string, string], CandidateRow>("SELECT * FROM candidates WHERE program = ? AND status = ? ORDER BY version");
    this.latestStmt = db.prepare<[string], { v: number | null }>("SELECT MAX(version) AS v FROM candidates WHERE program = ?");
    this.statusStmt = db.prepare("UPDATE candidates SET status = ?, status_reason = ?, status_changed_at = ? WHERE program = ? AND version = ?");
  }

  async insert(c: Candidate): Promise<void> {
    this.insertStmt.run({
      ...c,
      config: c.config === undefined || c.config === null ? null : JSON.stringify(c.config),
      provenance: JSON.stringify(c.provenance),
      metrics: JSON.stringify(c.metrics),
      checks: JSON.stringify(c.checks),
      tags: JSON.stringify(c.tags),
      externalRef: c.externalRef ?? null,
    });
  }
  async findByExternalRef(program: string, externalRef: string): Promise<Candidate | null> {
    const row = this.byRefStmt.get(program, externalRef);
    return row ? candidateFromRow(row, fromJsonText) : null;
  }
  async get(program: string, version: number): Promise<Candidate | null> {
    const row = this.getStmt.get(program, version);
    return row ? candidateFromRow(row, fromJsonText) : null;
  }
  async list(program: string, status?: CandidateStatus): Promise<Candidate[]> {
    const rows = status === undefined ? this.listStmt.all(program) : this.listByStatusStmt.all(program, status);
    return rows.map((r) => candidateFromRow(r, fromJsonText));
  }
  async latestVersion(program: string): Promise<number | null> {
    return this.latestStmt.get(program)?.v ?? null;
  }
  async setStatus(program: string, version: number, status: CandidateStatus, reason: string, at: string): Promise<void> {
    const { changes } = this.statusStmt.run(status, reason, at, program, version);
    if (changes !== 1) throw new Error(`version ${version} of ${program} does not exist`);
  }
}
