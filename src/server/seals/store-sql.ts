import type { Sql } from "../persist/sql.js";
import type { SealKind, SealRepo } from "./store.js";

export class SqlSealRepo implements SealRepo {
  constructor(private readonly sql: Sql) {}

  async get(kind: SealKind, id: string): Promise<string | null> {
    return (await this.sql.one<{ seal: string }>("SELECT seal FROM seals WHERE kind = ? AND id = ?", [kind, id]))?.seal ?? null;
  }
  async put(kind: SealKind, id: string, seal: string): Promise<void> {
    await this.sql.exec("INSERT INTO seals (kind, id, seal) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET seal = excluded.seal", [
      kind,
      id,
      seal,
    ]);
  }
}
