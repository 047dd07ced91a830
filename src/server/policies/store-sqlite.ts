import type { Database } from "better-sqlite3";
import type { PolicyDocument } from "../../contracts/policy.js";
import type { PolicyRepo, StoredPolicy } from "./store.js";

interface Row {
  program: string;
  revision: number;
  document: string;
  applied_at: string;
  applied_by: string;
}

export class SqlitePolicyRepo implements PolicyRepo {
  private readonly getStmt;
  private readonly putStmt;
  constructor(db: Database) {
    this.getStmt = db.prepare<[string], Row>("SELECT * FROM policies WHERE program = ? ORDER BY revision DESC LIMIT 1");
    this.putStmt = db.prepare("INSERT INTO policies (program, revision, document, applied_at, applied_by) VALUES (?, ?, ?, ?, ?)");
  }
  async get(program: string): Promise<StoredPolicy | null> {
    const r = this.getStmt.get(program);
    return r ? { program: r.program, revision: r.revision, document: JSON.parse(r.document) as PolicyDocument, appliedAt: r.applied_at, appliedBy: r.applied_by } : null;
  }
  async put(p: StoredPolicy): Promise<void> {
    this.putStmt.run(p.program, p.revision, JSON.stringify(p.document), p.appliedAt, p.appliedBy);
  }
}
