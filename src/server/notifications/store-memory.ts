import type { Transactional } from "../persist/transactional.js";
import type { Notification, NotificationRepo } from "./store.js";

export class MemoryNotificationRepo implements NotificationRepo, Transactional {
  private rows: Notification[] = [];
  async enqueue(n: Omit<Notification, "id">): Promise<Notification> {
    const stored = { ...structuredClone(n), id: this.rows.length + 1 };
    this.rows.push(stored);
    return structuredClone(stored);
  }
  async due(now: string, limit: number): Promise<Notification[]> {
    return this.rows.filter((n) => n.status === "pending" && n.nextAttemptAt <= now).slice(0, limit).map((n) => structuredClone(n));
  }
  async update(n: Notification): Promise<void> {
    const i = this.rows.findIndex((x) => x.id === n.id);
    if (i >= 0) this.rows[i] = structuredClone(n);
  }
  async list(f: { program?: string | undefined; limit: number }): Promise<Notification[]> {
    return this.rows.filter((n) => !f.program || n.program === f.program).slice(-f.limit).reverse().map((n) => structuredClone(n));
  }
  save(): unknown {
    return structuredClone(this.rows);
  }
  restore(saved: unknown): void {
    this.rows = saved as Notification[];
  }
}
