import { json, matchesIfGiven, optional, parseJson, type Sql } from "../persist/sql.js";
import type { ChangeRepo, ChangeRequest, ChangeStatus } from "./store.js";

type Row = { doc: string };

export class SqlChangeRepo implements ChangeRepo {
  constructor(private readonly sql: Sql) {}

  async insert(c: ChangeRequest): Promise<void> {
    await this.sql.exec("INSERT INTO change_requests (id, program, status, created_at, doc) VALUES (?, ?, ?, ?, ?)", [
      c.id,
      c.program,
      c.status,
      c.requestedAt,
      json(c),
    ]);
  }
  async get(id: string): Promise<ChangeRequest | null> {
    return parseJson((await this.sql.one<Row>("SELECT doc FROM change_requests WHERE id = ?", [id]))?.doc);
  }
  async update(c: ChangeRequest): Promise<void> {
    await this.sql.exec("UPDATE change_requests SET status = ?, doc = ? WHERE id = ?", [c.status, json(c), c.id]);
  }
  async list(f: { program?: string | undefined; status?: ChangeStatus | undefined; limit: number }): Promise<ChangeRequest[]> {
    const rows = await this.sql.rows<Row>(
      `SELECT doc FROM change_requests WHERE ${matchesIfGiven("program")} AND ${matchesIfGiven("status")} ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...optional(f.program), ...optional(f.status), f.limit],
    );
    return rows.map((r) => parseJson(r.doc));
  }
}
