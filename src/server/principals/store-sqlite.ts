import type { Database } from "better-sqlite3";
import type { Principal } from "../../core/auth/principals.js";
import type { PrincipalRepo } from "./store.js";

type Row = { doc: string };
const parse = (r: Row | undefined): Principal | null => (r ? (JSON.parse(r.doc) as Principal) : null);

/** Principals as documents; the name is a unique column so two rows can never share it. */
export class SqlitePrincipalRepo implements PrincipalRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly byNameStmt;
  private readonly listStmt;
  private readonly updateStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare("INSERT INTO principals (id, name, doc) VALUES (?, ?, ?)");
    this.getStmt = db.prepare<[string], Row>("SELECT doc FROM principals WHERE id = ?");
    this.byNameStmt = db.prepare<[string], Row>("SELECT doc FROM principals WHERE name = ?");
    this.listStmt = db.prepare<[], Row>("SELECT doc FROM principals ORDER BY rowid");
    this.updateStmt = db.prepare("UPDATE principals SET doc = ? WHERE id = ?");
  }
  async insert(p: Principal): Promise<void> {
    this.insertStmt.run(p.id, p.name, JSON.stringify(p));
  }
  async get(id: string): Promise<Principal | null> {
    return parse(this.getStmt.get(id));
  }
  async byName(name: string): Promise<Principal | null> {
    return parse(this.byNameStmt.get(name));
  }
  async list(): Promise<Principal[]> {
    return this.listStmt.all().map((r) => parse(r)!);
  }
  async disable(id: string, at: string): Promise<boolean> {
    const found = await this.get(id);
    if (!found || found.disabledAt !== null) return false;
    this.updateStmt.run(JSON.stringify({ ...found, disabledAt: at }), id);
    return true;
  }
}
