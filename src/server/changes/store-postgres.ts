import type { PgSql } from "../store/postgres-sql.js";
import type { ChangeRepo, ChangeRequest, ChangeStatus } from "./store.js";

type Row = { doc: ChangeRequest };

export class PostgresChangeRepo implements ChangeRepo {
  constructor(private readonly sql: PgSql) {}

  async insert(c: ChangeRequest): Promise<void> {
    await this.sql.exec("INSERT INTO change_requests (id, program, status, created_at, doc) VALUES ($1, $2, $3, $4, $5::jsonb)", [c.id, c.program, c.status, c.requestedAt, JSON.stringify(c)]);
  }
  async get(id: string): Promise<ChangeRequest | null> {
    return (await this.sql.one<Row>("SELECT doc FROM change_requests WHERE id = $1", [id]))?.doc ?? null;
  }
  async update(c: ChangeRequest): Promise<void> {
    await this.sql.exec("UPDATE change_requests SET status = $1, doc = $2::jsonb WHERE id = $3", [c.status, JSON.stringify(c), c.id]);
  }
  async list(f: { program?: string | undefined; status?: ChangeStatus | undefined; limit: number }): Promise<ChangeRequest[]> {
    const rows = await this.sql.rows<Row>(
      "SELECT doc FROM change_requests WHERE ($1::text IS NULL OR program = $1) AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id DESC LIMIT $3",
      [f.program ?? null, f.status ?? null, f.limit],
    );
    return rows.map((r) => r.doc);
  }
}
