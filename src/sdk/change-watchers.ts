import type { AliasTarget } from "../core/assignment/snapshot.js";
import type { ChangeCallback } from "./types.js";

interface Watcher {
  program: string;
  alias: string;
  callback: ChangeCallback;
  /** The last target this watcher was told about (or found when subscribing). */
  seen: AliasTarget | undefined;
}

/**
 * onChange subscriptions. Each watcher remembers the version it last saw, so it
 * is called exactly once per change of its alias's version, whatever the
 * number of snapshots in between.
 */
export class ChangeWatchers {
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly onCallbackError: (error: unknown) => void) {}

  add(program: string, alias: string, callback: ChangeCallback, current: AliasTarget | undefined, immediate: boolean): () => void {
    const watcher: Watcher = { program, alias, callback, seen: current };
    this.watchers.add(watcher);
    if (immediate && current !== undefined) this.call(watcher, current, undefined);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  /** Calls every watcher whose alias now points to another version. A removed alias calls nobody. */
  notify(targetOf: (program: string, alias: string) => AliasTarget | undefined): void {
    for (const watcher of [...this.watchers]) {
      const next = targetOf(watcher.program, watcher.alias);
      if (next === undefined || next.version === watcher.seen?.version) continue;
      const previous = watcher.seen;
      watcher.seen = next;
      this.call(watcher, next, previous);
    }
  }

  clear(): void {
    this.watchers.clear();
  }

  private call(watcher: Watcher, next: AliasTarget, previous: AliasTarget | undefined): void {
    try {
      const result = watcher.callback(next, previous);
      if (result !== undefined) Promise.resolve(result).catch(this.onCallbackError);
    } catch (error) {
      this.onCallbackError(error);
    }
  }
}
