/**
 * Undo log for in-memory repositories: a unit of work records how to put back
 * each change it makes, so saving before a unit of work costs nothing and
 * undoing costs what the unit changed, not a copy of the whole state (which
 * made backtests grow with users × looks). Stored values must be replaced,
 * never mutated in place.
 */
export class UndoJournal {
  private log: Array<() => void> = [];

  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const prev = map.get(key);
    this.log.push(() => (had ? map.set(key, prev as V) : map.delete(key)));
    map.set(key, value);
  }

  delete<K, V>(map: Map<K, V>, key: K): boolean {
    if (!map.has(key)) return false;
    const prev = map.get(key) as V;
    this.log.push(() => map.set(key, prev));
    return map.delete(key);
  }

  /** Appends to an append-only list (undone by truncating it again). */
  push<V>(list: V[], value: V): void {
    const length = list.length;
    this.log.push(() => (list.length = length));
    list.push(value);
  }

  /** Starts a unit of work: what restore() takes to undo it. */
  save(): unknown {
    this.log = [];
    return this.log;
  }

  /** Undoes the unit of work begun by the save() that returned `saved`, newest change first. */
  restore(saved: unknown): void {
    const log = saved as Array<() => void>;
    for (let i = log.length - 1; i >= 0; i--) log[i]!();
    log.length = 0;
  }
}
