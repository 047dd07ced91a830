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

/** Calls every listener, isolating them from each other's failures. */
export class Listeners {
  private readonly set = new Set<() => void>();

  add(listener: () => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  notify(): void {
    for (const listener of this.set) {
      try {
        listener();
      } catch {
        // A failing listener must not stop the others from hearing about the change.
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}

/**
 * The feed for one process (memory and SQLite stores): listeners run synchronously in
 * `publish`, so a change is visible to this process's hub before the request returns.
 */
export class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Listeners();

  async publish(): Promise<void> {
    this.listeners.notify();
  }
  subscribe(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}
