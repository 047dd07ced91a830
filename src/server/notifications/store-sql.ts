import { json, matchesIfGiven, optional, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { Notification, NotificationRepo } from "./store.js";

const NOTIFICATIONS = new Table<Notification>("notifications", "id, program, status, nextAttemptAt", { doc: true });

/** The webhook outbox. `status` and `next_attempt_at` are columns so `due` is an index range scan. */
export class SqlNotificationRepo implements NotificationRepo {
  constructor(private readonly sql: Sql) {}

  async enqueue(n: Omit<Notification, "id">): Promise<Notification> {
    return { ...n, id: await NOTIFICATIONS.append(this.sql, n) };
  }
  async due(now: string, limit: number): Promise<Notification[]> {
    return NOTIFICATIONS.rows(this.sql, "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?", [now, limit]);
  }
  async update(n: Notification): Promise<void> {
    const { id, ...doc } = n;
    const sql = "UPDATE notifications SET status = ?, next_attempt_at = ?, doc = ? WHERE id = ?";
    await this.sql.exec(sql, [n.status, n.nextAttemptAt, json(doc), id]);
  }
  async list(f: { program?: string | undefined; limit: number }): Promise<Notification[]> {
    return NOTIFICATIONS.rows(this.sql, `WHERE ${matchesIfGiven("program")} ORDER BY id DESC LIMIT ?`, [...optional(f.program), f.limit]);
  }
}
