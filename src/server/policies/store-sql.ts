import { json, parseJson, type Sql } from "../persist/sql.js";
import type { PolicyRepo, StoredPolicy } from "./store.js";

interface Row {
  program: string;
  revision: number;
  document: string;
  applied_at: string;
  applied_by: string;
}

/** Every applied revision is kept; `get` answers the latest. (program, revision) is the key, so a revision is written once. */
export class SqlPolicyRepo implements PolicyRepo {
  constructor(private readonly sql: Sql) {}

  async get(program: string): Promise<StoredPolicy | null> {
    const r = await this.sql.one<Row>(
      "SELECT program, revision, document, applied_at, applied_by FROM policies WHERE program = ? ORDER BY revision DESC LIMIT 1",
      [program],
    );
    return r
      ? { program: r.program, revision: r.revision, document: parseJson(r.document), appliedAt: r.applied_at, appliedBy: r.applied_by }
      : null;
  }
  async put(p: StoredPolicy): Promise<void> {
    await this.sql.exec("INSERT INTO policies (program, revision, document, applied_at, applied_by) VALUES (?, ?, ?, ?, ?)", [
      p.program,
      p.revision,
      json(p.document),
      p.appliedAt,
      p.appliedBy,
    ]);
  }
}
