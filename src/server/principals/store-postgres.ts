import type { Principal } from "../../core/auth/principals.js";
import type { PgSql } from "../store/postgres-sql.js";
import type { PrincipalRepo } from "./store.js";

type Row = { doc: Principal };

export class PostgresPrincipalRepo implements PrincipalRepo {
  constructor(private readonly sql: PgSql) {}

  async insert(p: Principal): Promise<void> {
    await this.sql.exec("INSERT INTO principals (id, name, doc) VALUES ($1, $2, $3::jsonb)", [p.id, p.name, JSON.stringify(p)]);
  }
  async get(id: string): Promise<Principal | null> {
    return (await this.sql.one<Row>("SELECT doc FROM principals WHERE id = $1", [id]))?.doc ?? null;
  }
  async byName(name: string): Promise<Principal | null> {
    return (await this.sql.one<Row>("SELECT doc FROM principals WHERE name = $1", [name]))?.doc ?? null;
  }
  async list(): Promise<Principal[]> {
    return (await this.sql.rows<Row>("SELECT doc FROM principals ORDER BY seq")).map((r) => r.doc);
  }
  async disable(id: string, at: string): Promise<boolean> {
    const found = await this.get(id);
    if (!found || found.disabledAt !== null) return false;
    await this.sql.exec("UPDATE principals SET doc = $1::jsonb WHERE id = $2", [JSON.stringify({ ...found, disabledAt: at }), id]);
    return true;
  }
}
