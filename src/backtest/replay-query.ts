/**
 * The telemetry query of a backtest on stored aggregates. The controller asks the very same
 * questions as on the server (TelemetryQuery.report: metrics read from windows merged per version);
 * only the merging differs. Buckets arrive in time order and fold into running accumulators:
 * closed minute, 10-minute, hour and day blocks (as retention rolls them up on the server), and per queried
 * start a running sum that each look extends by the buckets since the last look. A look therefore
 * costs a few dozen merges whatever the span, the number of users or the number of looks so far.
 */
import { DAY, DEFAULT_RETENTION, HOUR, MINUTE } from "../core/telemetry/buckets.js";
import type { VariantWindow } from "../core/telemetry/variant-window.js";
import { WindowBuilder } from "../core/telemetry/window-builder.js";
import type { ServiceContext } from "../server/context.js";
import { TelemetryQuery, type QueryHead } from "../server/telemetry/query.js";
import type { WindowRow } from "../server/telemetry/store.js";

/** Block widths, smallest first (each built from the closed blocks below it); raw buckets are kept as long as the server keeps 10-second buckets. */
const BLOCKS = [MINUTE, 10 * MINUTE, HOUR, DAY] as const;
const LARGEST_FIRST = [...BLOCKS].reverse();
const RAW_KEPT = DEFAULT_RETENTION.secondsFor;

/** A window under construction: sketches stay live, so adding a bucket costs its bins only. */
class Accumulator {
  private readonly builder = new WindowBuilder();
  private empty = true;
  add(w: VariantWindow): void {
    this.empty = false;
    this.builder.merge(w);
    const c = this.builder.confusion;
    c.tp += w.confusion.tp;
    c.fp += w.confusion.fp;
    c.tn += w.confusion.tn;
    c.fn += w.confusion.fn;
    this.builder.unlabelled += w.unlabelled;
  }
  build(): VariantWindow | null {
    return this.empty ? null : this.builder.build();
  }
}

interface Running {
  upTo: number;
  acc: Accumulator;
  generation: number;
}

/** The buckets of one (segment, version), as they arrive. */
class Series {
  private readonly raw: WindowRow[] = [];
  private rawHead = 0;
  private readonly blocks = new Map<number, Map<number, VariantWindow>>(BLOCKS.map((w) => [w, new Map()]));
  private readonly open = new Map<number, { start: number; acc: Accumulator }>();
  readonly running = new Map<number, Running>();

  push(row: WindowRow): void {
    this.raw.push(row);
    this.feed(0, row.start, row.window);
  }

  /** Adds a window to the open block of a level (a bucket to minutes, a closed minute to 10 minutes…). */
  private feed(level: number, start: number, w: VariantWindow): void {
    const width = BLOCKS[level]!;
    const blockStart = Math.floor(start / width) * width;
    let o = this.open.get(width);
    if (o && o.start !== blockStart) this.close(level, o);
    if (!o || o.start !== blockStart) this.open.set(width, (o = { start: blockStart, acc: new Accumulator() }));
    o.acc.add(w);
  }

  /** Closes the blocks that end by `sealed` and forgets raw buckets the server would have rolled up. */
  seal(sealed: number): void {
    for (const [level, width] of BLOCKS.entries()) {
      const o = this.open.get(width);
      if (o && o.start + width <= sealed) this.close(level, o);
    }
    while (this.rawHead < this.raw.length && this.raw[this.rawHead]!.start < sealed - RAW_KEPT) this.rawHead++;
    if (this.rawHead > 4096) {
      this.raw.splice(0, this.rawHead);
      this.rawHead = 0;
    }
  }

  private close(level: number, o: { start: number; acc: Accumulator }): void {
    const width = BLOCKS[level]!;
    const w = o.acc.build();
    this.open.delete(width);
    if (!w) return;
    this.blocks.get(width)!.set(o.start, w);
    if (level + 1 < BLOCKS.length) this.feed(level + 1, o.start, w);
  }

  /** Adds to `acc` the buckets starting in [from, to), all before `sealed`; selection by start, as the server's. */
  addRange(acc: Accumulator, from: number, to: number, sealed: number): void {
    const end = Math.min(to, sealed);
    let c = from;
    const rawFrom = this.raw[this.rawHead]?.start ?? Infinity;
    outer: while (c < end) {
      for (const width of LARGEST_FIRST) {
        if (c % width === 0 && c + width <= end) {
          const w = this.blocks.get(width)!.get(c);
          if (w) acc.add(w);
          c += width;
          continue outer;
        }
      }
      const next = Math.min(end, Math.floor(c / MINUTE) * MINUTE + MINUTE);
      if (c >= rawFrom) this.addRaw(acc, c, next);
      else if (c % MINUTE === 0) {
        // Rolled up: the server holds a minute bucket here, counted when it starts in the range.
        const w = this.blocks.get(MINUTE)!.get(c);
        if (w && c + MINUTE <= sealed) acc.add(w);
      }
      c = next;
    }
  }

  private addRaw(acc: Accumulator, from: number, to: number): void {
    let lo = this.rawHead;
    let hi = this.raw.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.raw[mid]!.start < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.raw.length && this.raw[i]!.start < to; i++) acc.add(this.raw[i]!.window);
  }
}

export class ReplayQuery extends TelemetryQuery {
  private readonly buckets = new Map<string, Map<number, Series>>();
  /** Every bucket starting before this has arrived. */
  private sealed = -Infinity;
  private generation = 0;
  /** Metrics and aliases per look: they change only between looks (a transition is the look's last act). */
  private heads = new Map<string, Promise<QueryHead>>();

  constructor(ctx: ServiceContext) {
    super(ctx);
  }

  /** Adds a bucket (in start order) of the replayed program. */
  add(row: WindowRow): void {
    let bySegment = this.buckets.get(row.segment);
    if (!bySegment) this.buckets.set(row.segment, (bySegment = new Map()));
    let s = bySegment.get(row.version);
    if (!s) bySegment.set(row.version, (s = new Series()));
    s.push(row);
  }

  /** Every bucket starting before `sealed` has been added: a look may read up to there. */
  seal(sealed: number): void {
    this.sealed = Math.max(this.sealed, sealed);
    this.generation++;
    this.heads = new Map();
    for (const bySegment of this.buckets.values()) {
      for (const s of bySegment.values()) {
        s.seal(this.sealed);
        // A running sum not extended by the last look belonged to a sliding window: drop it.
        for (const [from, r] of s.running) if (r.generation < this.generation - 1) s.running.delete(from);
      }
    }
  }

  /** Stored aggregates hold no per-unit totals at past times (a unit's row is its total so far): no units. */
  protected override head(program: string, from: number, to: number, segment: string): Promise<QueryHead> {
    let head = this.heads.get(program);
    if (!head) this.heads.set(program, (head = super.head(program, from, to, segment).then((h) => ({ ...h, units: [] }))));
    return head;
  }

  protected override async mergedWindows(
    _program: string,
    from: number,
    to: number,
    segment: string,
    versions?: readonly number[],
  ): Promise<Map<number, VariantWindow>> {
    const out = new Map<number, VariantWindow>();
    for (const [version, s] of this.buckets.get(segment) ?? []) {
      if (versions && !versions.includes(version)) continue; // only the versions asked for (burn windows read the challenger's)
      const end = Math.min(to, this.sealed);
      let r = s.running.get(from);
      let acc: Accumulator;
      if (r && r.upTo <= end) {
        acc = r.acc;
        s.addRange(acc, r.upTo, end, this.sealed);
        r.upTo = end;
        r.generation = this.generation;
      } else {
        acc = new Accumulator();
        s.addRange(acc, from, end, this.sealed);
        // A span that ends earlier than the running sum (a fixed past window) is summed afresh.
        if (!r) s.running.set(from, (r = { upTo: end, acc, generation: this.generation }));
      }
      const w = acc.build();
      if (w) out.set(version, w);
    }
    return out;
  }
}
