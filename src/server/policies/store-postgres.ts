import type { PolicyDocument } from "../../contracts/policy.js";
import { jsonParam, type PgSql } from "../store/postgres-sql.js";
import type { PolicyRepo, StoredPolicy } from "./store.js";

interface Row {
  program: string;
  revision: number;
  document: PolicyDocument;
  applied_at: string;
  applied_by: string;
}

/** Every applied revision is kept; `get` answers the latest. (program, revision) is the key, so a revision is written once. */
export class PostgresPolicyRepo implements PolicyRepo {
  constructor(private readonly sql: PgSql) {}

  async get(program: string): Promise<StoredPolicy | null> {
    const r = await this.sql.one<Row>("SELECT program, revision, document, applied_at, applied_by FROM policies WHERE program = $1 ORDER BY revision DESC LIMIT 1", [program]);
    return r ? { program: r.program, revision: r.revision, document: r.document, appliedAt: r.applied_at, appliedBy: r.applied_by } : null;
  }
  async put(p: StoredPolicy): Promise<void> {
    await this.sql.exec("INSERT INTO policies (program, revision, document, applied_at, applied_by) VALUES ($1, $2, $3::jsonb, $4, $5)", [p.program, p.revision, jsonParam(p.document), p.appliedAt, p.appliedBy]);
  }
}
