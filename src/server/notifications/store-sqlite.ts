import type { Database } from "better-sqlite3";
import type { Notification, NotificationRepo } from "./store.js";

export class SqliteNotificationRepo implements NotificationRepo {
  private readonly insertStmt;
  private readonly dueStmt;
  private readonly updateStmt;
  private readonly listStmt;
  constructor(db: Database) {
    this.insertStmt = db.prepare<[string, string, string, string], { id: number }>("INSERT INTO notifications (program, status, next_attempt_at, doc) VALUES (?, ?, ?, ?) RETURNING id");
    this.dueStmt = db.prepare<[string, number], { id: number; doc: string }>("SELECT id, doc FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?");
    this.updateStmt = db.prepare("UPDATE notifications SET status = ?, next_attempt_at = ?, doc = ? WHERE id = ?");
    this.listStmt = db.prepare<Record<string, unknown>, { id: number; doc: string }>("SELECT id, doc FROM notifications WHERE (@program IS NULL OR program = @program) ORDER BY id DESC LIMIT @limit");
  }
  async enqueue(n: Omit<Notification, "id">): Promise<Notification> {
    const row = this.insertStmt.get(n.program, n.status, n.nextAttemptAt, JSON.stringify(n))!;
    return { ...n, id: row.id };
  }
  async due(now: string, limit: number): Promise<Notification[]> {
    return this.dueStmt.all(now, limit).map((r) => ({ ...(JSON.parse(r.doc) as Notification), id: r.id }));
  }
  async update(n: Notification): Promise<void> {
    this.updateStmt.run(n.status, n.nextAttemptAt, JSON.stringify(n), n.id);
  }
  async list(f: { program?: string | undefined; limit: number }): Promise<Notification[]> {
    return this.listStmt.all({ program: f.program ?? null, limit: f.limit }).map((r) => ({ ...(JSON.parse(r.doc) as Notification), id: r.id }));
  }
}
