import { Mutex } from "../persist/mutex.js";
import { UndoJournal } from "../persist/memory-repo.js";
import { memoryRepos } from "./slices.js";
import type { Repos, Store, TxOptions } from "./store.js";

/** In-memory store for service tests and backtests: same contract, nothing durable; a unit of work that throws is undone by one journal. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private readonly journal = new UndoJournal();
  private readonly mutex = new Mutex();
  readonly repos = memoryRepos(this.journal);

  // Every unit of work is serialised here already, so the lock option changes nothing.
  tx<T>(fn: (repos: Repos) => Promise<T>, _options?: TxOptions): Promise<T> {
    return this.mutex.run(async () => {
      this.journal.begin();
      try {
        return await fn(this.repos);
      } catch (error) {
        this.journal.undo();
        throw error;
      }
    });
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
