import type { Principal } from "../../core/auth/principals.js";
import { json, parseJson, type Sql } from "../persist/sql.js";
import type { PrincipalRepo } from "./store.js";

type Row = { doc: string };
const docOf = (row: Row | null): Principal | null => (row ? parseJson(row.doc) : null);

/** Principals as documents; the name is a unique column so two rows can never share it. */
export class SqlPrincipalRepo implements PrincipalRepo {
  // Creation order: SQLite's rowid, PostgreSQL's identity column (its tables have no rowid).
  private readonly order: string;

  constructor(private readonly sql: Sql) {
    this.order = sql.dialect === "sqlite" ? "rowid" : "seq";
  }

  async insert(p: Principal): Promise<void> {
    await this.sql.exec("INSERT INTO principals (id, name, doc) VALUES (?, ?, ?)", [p.id, p.name, json(p)]);
  }
  async get(id: string): Promise<Principal | null> {
    return docOf(await this.sql.one<Row>("SELECT doc FROM principals WHERE id = ?", [id]));
  }
  async byName(name: string): Promise<Principal | null> {
    return docOf(await this.sql.one<Row>("SELECT doc FROM principals WHERE name = ?", [name]));
  }
  async list(): Promise<Principal[]> {
    return (await this.sql.rows<Row>(`SELECT doc FROM principals ORDER BY ${this.order}`)).map((r) => docOf(r)!);
  }
  async disable(id: string, at: string): Promise<boolean> {
    const found = await this.get(id);
    if (!found || found.disabledAt !== null) return false;
    await this.sql.exec("UPDATE principals SET doc = ? WHERE id = ?", [json({ ...found, disabledAt: at }), id]);
    return true;
  }
}
