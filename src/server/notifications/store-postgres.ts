import { jsonParam, toNumber, type PgSql } from "../store/postgres-sql.js";
import type { Notification, NotificationRepo } from "./store.js";

type Doc = Omit<Notification, "id">;

const fromRow = (r: { id: string; doc: Doc }): Notification => ({ ...r.doc, id: toNumber(r.id) });

/** The webhook outbox. `status` and `next_attempt_at` are columns so `due` is an index range scan. */
export class PostgresNotificationRepo implements NotificationRepo {
  constructor(private readonly sql: PgSql) {}

  async enqueue(n: Doc): Promise<Notification> {
    const row = await this.sql.one<{ id: string }>("INSERT INTO notifications (program, status, next_attempt_at, doc) VALUES ($1, $2, $3, $4::jsonb) RETURNING id", [n.program, n.status, n.nextAttemptAt, jsonParam(n)]);
    return { ...n, id: toNumber(row!.id) };
  }
  async due(now: string, limit: number): Promise<Notification[]> {
    const rows = await this.sql.rows<{ id: string; doc: Doc }>("SELECT id, doc FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2", [now, limit]);
    return rows.map(fromRow);
  }
  async update(n: Notification): Promise<void> {
    const { id, ...doc } = n;
    await this.sql.exec("UPDATE notifications SET status = $1, next_attempt_at = $2, doc = $3::jsonb WHERE id = $4", [n.status, n.nextAttemptAt, jsonParam(doc), id]);
  }
  async list(f: { program?: string | undefined; limit: number }): Promise<Notification[]> {
    const rows = await this.sql.rows<{ id: string; doc: Doc }>("SELECT id, doc FROM notifications WHERE ($1::text IS NULL OR program = $1) ORDER BY id DESC LIMIT $2", [f.program ?? null, f.limit]);
    return rows.map(fromRow);
  }
}
