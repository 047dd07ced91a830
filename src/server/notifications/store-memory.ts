import { MemoryRepo } from "../persist/memory-repo.js";
import type { Notification, NotificationRepo } from "./store.js";

export class MemoryNotificationRepo extends MemoryRepo implements NotificationRepo {
  private readonly rows = this.table<Notification>();
  private next = 1;

  async enqueue(n: Omit<Notification, "id">): Promise<Notification> {
    // Ids are never reused, not even after a rollback (as a database sequence).
    const stored = { ...n, id: this.next++ };
    this.rows.put(String(stored.id), stored);
    return structuredClone(stored);
  }
  async due(now: string, limit: number): Promise<Notification[]> {
    return this.rows.values((n) => n.status === "pending" && n.nextAttemptAt <= now).slice(0, limit);
  }
  async update(n: Notification): Promise<void> {
    if (this.rows.has(String(n.id))) this.rows.put(String(n.id), n);
  }
  async list(f: { program?: string | undefined; limit: number }): Promise<Notification[]> {
    return this.rows
      .values((n) => !f.program || n.program === f.program)
      .slice(-f.limit)
      .reverse();
  }
}
