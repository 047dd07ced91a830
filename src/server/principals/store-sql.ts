import type { Principal } from "../../core/auth/principals.js";
import { json, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { PrincipalRepo } from "./store.js";

const PRINCIPALS = new Table<Principal>("principals", "id, name", { doc: true });

/** Principals as documents; the name is a unique column so two rows can never share it. */
export class SqlPrincipalRepo implements PrincipalRepo {
  // Creation order: SQLite's rowid, PostgreSQL's identity column (its tables have no rowid).
  private readonly order: string;

  constructor(private readonly sql: Sql) {
    this.order = sql.dialect === "sqlite" ? "rowid" : "seq";
  }

  async insert(p: Principal): Promise<void> {
    await PRINCIPALS.insert(this.sql, p);
  }
  async get(id: string): Promise<Principal | null> {
    return PRINCIPALS.one(this.sql, "WHERE id = ?", [id]);
  }
  async byName(name: string): Promise<Principal | null> {
    return PRINCIPALS.one(this.sql, "WHERE name = ?", [name]);
  }
  async list(): Promise<Principal[]> {
    return PRINCIPALS.rows(this.sql, `ORDER BY ${this.order}`);
  }
  async disable(id: string, at: string): Promise<boolean> {
    const found = await this.get(id);
    if (!found || found.disabledAt !== null) return false;
    await this.sql.exec("UPDATE principals SET doc = ? WHERE id = ?", [json({ ...found, disabledAt: at }), id]);
    return true;
  }
}
