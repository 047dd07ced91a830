import type { Database } from "better-sqlite3";
import type { Role } from "../../core/auth/roles.js";
import type { StoredToken, TokenRepo } from "./store.js";

interface Row {
  id: string;
  name: string;
  roles: string;
  hash: string;
  prefix: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}
const fromRow = (r: Row): StoredToken => ({
  id: r.id,
  name: r.name,
  roles: JSON.parse(r.roles) as Role[],
  hash: r.hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
});

export class SqliteTokenRepo implements TokenRepo {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly listStmt;
  private readonly revokeStmt;
  private readonly countStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO tokens (id, name, roles, hash, prefix, created_at, created_by, revoked_at)
       VALUES (@id, @name, @roles, @hash, @prefix, @createdAt, @createdBy, @revokedAt)`,
    );
    this.findStmt = db.prepare<[string], Row>("SELECT * FROM tokens WHERE hash = ?");
    this.listStmt = db.prepare<[], Row>("SELECT * FROM tokens ORDER BY created_at, id");
    this.revokeStmt = db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    this.countStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM tokens");
  }
  async insert(t: StoredToken): Promise<void> {
    this.insertStmt.run({ ...t, roles: JSON.stringify(t.roles) });
  }
  async findByHash(hash: string): Promise<StoredToken | null> {
    const row = this.findStmt.get(hash);
    return row ? fromRow(row) : null;
  }
  async list(): Promise<StoredToken[]> {
    return this.listStmt.all().map(fromRow);
  }
  async revoke(id: string, at: string): Promise<boolean> {
    return this.revokeStmt.run(at, id).changes === 1;
  }
  async count(): Promise<number> {
    return this.countStmt.get()!.n;
  }
}
