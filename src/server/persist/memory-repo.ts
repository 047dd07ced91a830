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

  /** Starts a unit of work (units of work never nest: the store serialises them). */
  begin(): void {
    this.log = [];
  }

  /** Undoes the unit of work begun last, newest change first. */
  undo(): void {
    for (const change of this.log.reverse()) change();
    this.log = [];
  }
}

/** Rows of an in-memory repository: journaled (undone with the unit of work), copied on the way in and out. */
export class MemoryTable<V> {
  private readonly rows = new Map<string, V>();

  constructor(private readonly journal: UndoJournal) {}

  get(key: string): V | null {
    const found = this.rows.get(key);
    return found === undefined ? null : structuredClone(found);
  }
  has(key: string): boolean {
    return this.rows.has(key);
  }
  put(key: string, value: V): void {
    this.journal.set(this.rows, key, structuredClone(value));
  }
  delete(key: string): boolean {
    return this.journal.delete(this.rows, key);
  }
  /** Copies of the stored values `keep` accepts (all by default), in insertion order. */
  values(keep: (value: V) => boolean = () => true): V[] {
    const out: V[] = [];
    for (const value of this.rows.values()) if (keep(value)) out.push(structuredClone(value));
    return out;
  }
}

/**
 * Base of the in-memory repositories (the fake the design keeps for service tests and backtests):
 * every change goes through the store's one `journal`, so a unit of work that throws is undone,
 * newest change first, and saving before one costs nothing.
 */
export abstract class MemoryRepo {
  constructor(protected readonly journal: UndoJournal) {}

  protected table<V>(): MemoryTable<V> {
    return new MemoryTable<V>(this.journal);
  }
}

/** A Map key made of several parts. */
export const keyOf = (...parts: ReadonlyArray<string | number | null>): string => parts.join("\u0000");
