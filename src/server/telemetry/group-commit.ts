/**
 * Group commit for ingest: batches that finish validation while another
 * batch's unit of work is committing wait, then commit together in the next
 * one. Each batch is still claimed (deduplicated) on its own and answered only
 * after the commit that holds it (durable before the answer); a busy server
 * pays one commit — one fsync on SQLite — for several batches instead of one each.
 */
import type { Repos, Store } from "../store/store.js";

interface Waiting<T> {
  write: (repos: Repos) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** Most batches in one unit of work (admission control keeps fewer in flight anyway). */
const MAX_GROUP = 16;

export class GroupCommitter {
  private readonly queue: Array<Waiting<unknown>> = [];
  private running = false;

  constructor(private readonly store: Store) {}

  /** Runs `write` in a unit of work shared with other waiting writes; resolves after that unit committed. */
  commit<T>(write: (repos: Repos) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve, reject } as Waiting<unknown>);
      if (this.running) return;
      this.running = true;
      // Ingest is synchronous work between awaits, so without a pause no other batch could
      // ever join: wait one turn of the event loop, in which bodies already received are
      // parsed and validated and queue up behind this one.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        await this.run(group);
      }
    } finally {
      this.running = false;
    }
  }

  private async run(group: Array<Waiting<unknown>>): Promise<void> {
    try {
      const results = await this.store.tx(
        async (repos) => {
          const out: unknown[] = [];
          for (const w of group) out.push(await w.write(repos));
          return out;
        },
        { lock: "none" },
      );
      group.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      // One bad batch must not fail its neighbours: each is retried in a unit of work of its own.
      for (const w of group) await this.run([w]);
    }
  }
}
