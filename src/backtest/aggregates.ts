/**
 * Stored aggregates for a backtest: the time buckets Arena keeps per (program, version, segment)
 * — what the controller decides from — as `arena telemetry export` writes them (JSON lines, one
 * `{"type":"bucket",…}` per bucket, oldest first) or as the export route pages them. The control
 * lines of a recording (candidate, rollout, marker; see history.ts) may be mixed in.
 */
import { StoredBucketSchema, type StoredBucket } from "../contracts/telemetry.js";
import { HistoryError, lines, parseLine, type History } from "./history.js";

/** The buckets of a replay in start order, with what the engine needs up front. */
export interface AggregateHistory extends Omit<History, "events"> {
  first: number;
  /** End of the last bucket (ms). */
  last: number;
  count: number;
  programs: string[];
  versions: number[];
  read(): AsyncIterable<StoredBucket>;
}

/** One exported line: a bucket, a control line recorded into `out`, or nothing (blank). */
export function parseAggregateLine(raw: string, line: number, out: Omit<History, "events">): StoredBucket | null {
  if (raw.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new HistoryError(`line ${line}: not valid JSON (${(error as Error).message})`);
  }
  const { type, ...rest } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (type !== "bucket") {
    // A control line (candidate, rollout, marker), checked as in a recording.
    if (parseLine(raw, line, out).kind === "event")
      throw new HistoryError(
        `line ${line}: a telemetry event in an aggregates file (replay events with --telemetry; here each line is a bucket from \`arena telemetry export\`)`,
      );
    return null;
  }
  const parsed = StoredBucketSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HistoryError(`line ${line}: bucket.${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** What the engine needs up front, gathered while the buckets go by. */
class Summary {
  first = Infinity;
  last = -Infinity;
  count = 0;
  private previous = -Infinity;
  readonly programs = new Set<string>();
  readonly versions = new Set<number>();
  add(b: StoredBucket, line: number): void {
    if (b.start < this.previous)
      throw new HistoryError(
        `line ${line}: buckets must be in time order (this one starts before the previous one); \`arena telemetry export\` writes them so`,
      );
    this.previous = b.start;
    this.first = Math.min(this.first, b.start);
    this.last = Math.max(this.last, b.start + b.width);
    this.count++;
    this.programs.add(b.program);
    this.versions.add(b.version);
  }
  history(out: Omit<History, "events">, read: () => AsyncIterable<StoredBucket>): AggregateHistory {
    out.rollouts.sort((a, b) => a.at - b.at);
    return {
      ...out,
      first: this.first,
      last: this.last,
      count: this.count,
      programs: [...this.programs],
      versions: [...this.versions],
      read,
    };
  }
}

/** Buckets already in memory (pages of the export route), sorted by start. */
export function aggregatesFrom(buckets: StoredBucket[]): AggregateHistory {
  const out: Omit<History, "events"> = { candidates: [], rollouts: [], markers: [] };
  const summary = new Summary();
  const sorted = [...buckets].sort((a, b) => a.start - b.start);
  sorted.forEach((b, i) => summary.add(b, i + 1));
  return summary.history(out, async function* () {
    yield* sorted;
  });
}

/** An export file: one pass checks every line and gathers the control lines; the replay reads the buckets again as it goes. */
export async function readAggregatesFile(path: string): Promise<AggregateHistory> {
  const out: Omit<History, "events"> = { candidates: [], rollouts: [], markers: [] };
  const summary = new Summary();
  let n = 0;
  for await (const raw of lines(path)) {
    const b = parseAggregateLine(raw, ++n, out);
    if (b) summary.add(b, n);
  }
  return summary.history(out, async function* () {
    const ignore: Omit<History, "events"> = { candidates: [], rollouts: [], markers: [] };
    let m = 0;
    for await (const raw of lines(path)) {
      const b = parseAggregateLine(raw, ++m, ignore);
      if (b) yield b;
    }
  });
}
