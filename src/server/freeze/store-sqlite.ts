import type { Database } from "better-sqlite3";
import type { Freeze, FreezeRepo } from "./store.js";

// The global scope is stored as '*' because a primary key cannot be NULL.
const GLOBAL = "*";

export class SqliteFreezeRepo implements FreezeRepo {
  private readonly listStmt;
  private readonly setStmt;
  private readonly clearStmt;
  constructor(db: Database) {
    this.listStmt = db.prepare<[], { scope: string; by: string; reason: string; at: string }>("SELECT * FROM freezes ORDER BY at");
    this.setStmt = db.prepare("INSERT INTO freezes (scope, by, reason, at) VALUES (?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE SET by = excluded.by, reason = excluded.reason, at = excluded.at");
    this.clearStmt = db.prepare("DELETE FROM freezes WHERE scope = ?");
  }
  async list(): Promise<Freeze[]> {
    return this.listStmt.all().map((r) => ({ program: r.scope === GLOBAL ? null : r.scope, by: r.by, reason: r.reason, at: r.at }));
  }
  async set(f: Freeze): Promise<void> {
    this.setStmt.run(f.program ?? GLOBAL, f.by, f.reason, f.at);
  }
  async clear(program: string | null): Promise<boolean> {
    return this.clearStmt.run(program ?? GLOBAL).changes === 1;
  }
}
