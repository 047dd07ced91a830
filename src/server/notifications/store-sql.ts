import { json, matchesIfGiven, optional, parseJson, type Sql } from "../persist/sql.js";
import type { Notification, NotificationRepo } from "./store.js";

type Doc = Omit<Notification, "id">;
type Row = { id: number; doc: string };
const fromRow = (r: Row): Notification => ({ ...parseJson<Doc>(r.doc), id: r.id });

/** The webhook outbox. `status` and `next_attempt_at` are columns so `due` is an index range scan. */
export class SqlNotificationRepo implements NotificationRepo {
  constructor(private readonly sql: Sql) {}

  async enqueue(n: Doc): Promise<Notification> {
    const row = await this.sql.one<{ id: number }>(
      "INSERT INTO notifications (program, status, next_attempt_at, doc) VALUES (?, ?, ?, ?) RETURNING id",
      [n.program, n.status, n.nextAttemptAt, json(n)],
    );
    return { ...n, id: row!.id };
  }
  async due(now: string, limit: number): Promise<Notification[]> {
    return (
      await this.sql.rows<Row>("SELECT id, doc FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?", [
        now,
        limit,
      ])
    ).map(fromRow);
  }
  async update(n: Notification): Promise<void> {
    const { id, ...doc } = n;
    await this.sql.exec("UPDATE notifications SET status = ?, next_attempt_at = ?, doc = ? WHERE id = ?", [
      n.status,
      n.nextAttemptAt,
      json(doc),
      id,
    ]);
  }
  async list(f: { program?: string | undefined; limit: number }): Promise<Notification[]> {
    return (
      await this.sql.rows<Row>(`SELECT id, doc FROM notifications WHERE ${matchesIfGiven("program")} ORDER BY id DESC LIMIT ?`, [
        ...optional(f.program),
        f.limit,
      ])
    ).map(fromRow);
  }
}
