import type { Database } from "better-sqlite3";
import type { SealKind, SealRepo } from "./store.js";

export class SqliteSealRepo implements SealRepo {
  private readonly getStmt;
  private readonly putStmt;
  constructor(db: Database) {
    this.getStmt = db.prepare<[string, string], { seal: string }>("SELECT seal FROM seals WHERE kind = ? AND id = ?");
    this.putStmt = db.prepare("INSERT INTO seals (kind, id, seal) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET seal = excluded.seal");
  }
  async get(kind: SealKind, id: string): Promise<string | null> {
    return this.getStmt.get(kind, id)?.seal ?? null;
  }
  async put(kind: SealKind, id: string, seal: string): Promise<void> {
    this.putStmt.run(kind, id, seal);
  }
}
