import type { UndoJournal } from "./undo-journal.js";

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
