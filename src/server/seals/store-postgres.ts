import type { PgSql } from "../store/postgres-sql.js";
import type { SealKind, SealRepo } from "./store.js";

export class PostgresSealRepo implements SealRepo {
  constructor(private readonly sql: PgSql) {}
  async get(kind: SealKind, id: string): Promise<string | null> {
    return (await this.sql.one<{ seal: string }>("SELECT seal FROM seals WHERE kind = $1 AND id = $2", [kind, id]))?.seal ?? null;
  }
  async put(kind: SealKind, id: string, seal: string): Promise<void> {
    await this.sql.exec("INSERT INTO seals (kind, id, seal) VALUES ($1, $2, $3) ON CONFLICT (kind, id) DO UPDATE SET seal = excluded.seal", [kind, id, seal]);
  }
}
