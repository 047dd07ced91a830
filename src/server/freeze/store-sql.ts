import type { Sql } from "../persist/sql.js";
import type { Freeze, FreezeRepo } from "./store.js";

// The global scope is stored as '*' because a primary key cannot be NULL.
const GLOBAL = "*";

export class SqlFreezeRepo implements FreezeRepo {
  constructor(private readonly sql: Sql) {}

  async list(): Promise<Freeze[]> {
    const rows = await this.sql.rows<{ scope: string; by: string; reason: string; at: string }>(
      "SELECT scope, by, reason, at FROM freezes ORDER BY at, scope",
    );
    return rows.map((r) => ({ program: r.scope === GLOBAL ? null : r.scope, by: r.by, reason: r.reason, at: r.at }));
  }
  async set(f: Freeze): Promise<void> {
    await this.sql.exec(
      "INSERT INTO freezes (scope, by, reason, at) VALUES (?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE SET by = excluded.by, reason = excluded.reason, at = excluded.at",
      [f.program ?? GLOBAL, f.by, f.reason, f.at],
    );
  }
  async clear(program: string | null): Promise<boolean> {
    return (await this.sql.exec("DELETE FROM freezes WHERE scope = ?", [program ?? GLOBAL])) === 1;
  }
}
