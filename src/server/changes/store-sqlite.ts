import type { Database } from "better-sqlite3";
import type { ChangeRepo, ChangeRequest, ChangeStatus } from "./store.js";

type Row = { doc: string };

export class SqliteChangeRepo implements ChangeRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly updateStmt;
  private readonly listStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare("INSERT INTO change_requests (id, program, status, created_at, doc) VALUES (@id, @program, @status, @requestedAt, @doc)");
    this.getStmt = db.prepare<[string], Row>("SELECT doc FROM change_requests WHERE id = ?");
    this.updateStmt = db.prepare("UPDATE change_requests SET status = @status, doc = @doc WHERE id = @id");
    this.listStmt = db.prepare<Record<string, unknown>, Row>(
      "SELECT doc FROM change_requests WHERE (@program IS NULL OR program = @program) AND (@status IS NULL OR status = @status) ORDER BY created_at DESC, rowid DESC LIMIT @limit",
    );
  }
  async insert(c: ChangeRequest): Promise<void> {
    this.insertStmt.run({ ...c, doc: JSON.stringify(c) });
  }
  async get(id: string): Promise<ChangeRequest | null> {
    const row = this.getStmt.get(id);
    return row ? (JSON.parse(row.doc) as ChangeRequest) : null;
  }
  async update(c: ChangeRequest): Promise<void> {
    this.updateStmt.run({ id: c.id, status: c.status, doc: JSON.stringify(c) });
  }
  async list(f: { program?: string | undefined; status?: ChangeStatus | undefined; limit: number }): Promise<ChangeRequest[]> {
    return this.listStmt.all({ program: f.program ?? null, status: f.status ?? null, limit: f.limit }).map((r) => JSON.parse(r.doc) as ChangeRequest);
  }
}
