/**
 * Retention: 10-second buckets older than `secondsFor` are merged into minute
 * buckets, minute buckets older than `minutesFor` into hour
 * buckets, hours older than `hoursFor` into days, and days older than
 * `daysFor` are deleted, as are per-unit totals. Merging is exact (windows add),
 * so a report over a rolled-up span gives the same numbers as before.
 */
import { bucketStart, DAY, DEFAULT_RETENTION, HOUR, MINUTE, TEN_SECONDS, type RetentionPolicy } from "../../core/telemetry/buckets.js";
import { mergeWindows } from "../../core/telemetry/variant-window.js";
import type { ServiceContext } from "../context.js";
import type { WindowRow } from "./store.js";

const PAGE = 2_000;

export interface RollupResult {
  secondsRolled: number;
  minutesRolled: number;
  hoursRolled: number;
  daysDeleted: number;
  unitsDeleted: number;
}

/** Merges rows into coarser buckets of `width`. */
function coarsen(rows: readonly WindowRow[], width: number): WindowRow[] {
  const out = new Map<string, WindowRow>();
  for (const r of rows) {
    const start = bucketStart(r.start, width);
    const key = `${r.program}\u0000${r.version}\u0000${r.segment}\u0000${start}`;
    const prev = out.get(key);
    out.set(key, {
      program: r.program,
      version: r.version,
      segment: r.segment,
      width,
      start,
      window: prev ? mergeWindows(prev.window, r.window) : r.window,
    });
  }
  return [...out.values()];
}

export async function rollUp(ctx: ServiceContext, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<RollupResult> {
  const now = ctx.now().getTime();
  const step = async (from: number, to: number, olderThan: number): Promise<number> => {
    // Only whole coarse buckets are rolled, so a bucket is never split between widths.
    const before = bucketStart(now - olderThan, to);
    let total = 0;
    for (;;) {
      const moved = await ctx.store.tx(async (r) => {
        const rows = await r.telemetry.windowsBefore(from, before, PAGE);
        if (rows.length === 0) return 0;
        await r.telemetry.deleteWindows(rows);
        await r.telemetry.addWindows(coarsen(rows, to));
        return rows.length;
      });
      total += moved;
      if (moved < PAGE) return total;
    }
  };
  const secondsRolled = await step(TEN_SECONDS, MINUTE, policy.secondsFor);
  const minutesRolled = await step(MINUTE, HOUR, policy.minutesFor);
  const hoursRolled = await step(HOUR, DAY, policy.hoursFor);
  const { daysDeleted, unitsDeleted } = await ctx.store.tx(async (r) => {
    const cutoff = now - policy.daysFor;
    const old = await r.telemetry.windowsBefore(DAY, cutoff, 100_000);
    await r.telemetry.deleteWindows(old);
    return { daysDeleted: old.length, unitsDeleted: await r.telemetry.deleteUnitsBefore(cutoff) };
  });
  return { secondsRolled, minutesRolled, hoursRolled, daysDeleted, unitsDeleted };
}

/** Runs retention and label expiry on a timer (unref'd: never keeps the process alive). */
export function startMaintenance(
  ctx: ServiceContext,
  expirePending: () => Promise<unknown>,
  everyMs = 5 * MINUTE,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void Promise.all([rollUp(ctx, policy), expirePending()])
      .catch(() => undefined)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
