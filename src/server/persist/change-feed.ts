/**
 * How replicas tell each other that the serving revision moved, so every replica's
 * snapshot hub (and the SDK streams behind it) refreshes at once instead of at its
 * next poll. The poll stays as a safety net: a feed may drop notifications while it
 * reconnects.
 */
export interface ChangeFeed {
  /** Call after a unit of work that bumped the serving revision has committed. */
  publish(): Promise<void>;
  /** `listener` runs on every change this replica or (for shared stores) another replica announces. */
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * The feed for one process (memory and SQLite stores): listeners run synchronously in
 * `publish`, so a change is visible to this process's hub before the request returns.
 * Cross-process feeds (PostgresChangeFeed) extend it and also call `notify` on what they hear.
 */
export class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<() => void>();

  async publish(): Promise<void> {
    this.notify();
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }

  /** Calls every listener, isolating them from each other's failures. */
  protected notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A failing listener must not stop the others from hearing about the change.
      }
    }
  }
}
