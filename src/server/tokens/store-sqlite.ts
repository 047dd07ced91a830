import type { Database } from "better-sqlite3";
import { fromJsonText } from "../store/json-columns.js";
import { tokenFromRow, type TokenRow } from "./rows.js";
import type { StoredToken, TokenRepo } from "./store.js";

export class SqliteTokenRepo implements TokenRepo {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly listStmt;
  private readonly revokeStmt;
  private readonly countStmt;
  private readonly setPrincipalStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO tokens (id, name, roles, hash, prefix, created_at, created_by, revoked_at, principal_id)
       VALUES (@id, @name, @roles, @hash, @prefix, @createdAt, @createdBy, @revokedAt, @principalId)`,
    );
    this.findStmt = db.prepare<[string], TokenRow>("SELECT * FROM tokens WHERE hash = ?");
    this.listStmt = db.prepare<[], TokenRow>("SELECT * FROM tokens ORDER BY created_at, id");
    this.revokeStmt = db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    this.countStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM tokens");
    this.setPrincipalStmt = db.prepare("UPDATE tokens SET principal_id = ? WHERE id = ?");
  }
  async insert(t: StoredToken): Promise<void> {
    this.insertStmt.run({ ...t, roles: JSON.stringify(t.roles) });
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    const row = this.findStmt.get(hash);
    return row ? tokenFromRow(row, fromJsonText) : null;
  }
  async list(): Promise<StoredToken[]> {
    return this.listStmt.all().map((r) => tokenFromRow(r, fromJsonText));
  }
  async revoke(id: string, at: string): Promise<boolean> {
    return this.revokeStmt.run(at, id).changes === 1;
  }
  async setPrincipal(id: string, principalId: string): Promise<void> {
    this.setPrincipalStmt.run(principalId, id);
  }
  async count(): Promise<number> {
    return this.countStmt.get()!.n;
  }
}
