import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "../../core/telemetry/buckets.js";
import { emptyWindow } from "../../core/telemetry/variant-window.js";
import { MemoryStore } from "../store/memory-store.js";
import { rollUp } from "./rollup.js";

describe("retention rollup", () => {
  it("merges old minute buckets into hours and hours into days without changing totals", async () => {
    const store = new MemoryStore();
    const now = Date.parse("2026-11-22T12:00:00Z");
    const ctx = { store, now: () => new Date(now), servingChanged: () => undefined };
    const row = (start: number, width: number, requests: number) => ({
      program: "a",
      version: 1,
      segment: "all",
      width,
      start,
      window: { ...emptyWindow(), requests },
    });
    await store.tx((r) =>
      r.telemetry.addWindows([
        row(now - 3 * DAY, MINUTE, 1),
        row(now - 3 * DAY + MINUTE, MINUTE, 2),
        row(now - 10 * MINUTE, MINUTE, 4),
        row(now - 40 * DAY, HOUR, 8),
        row(now - 500 * DAY, DAY, 16),
      ]),
    );
    const result = await rollUp(ctx, { secondsFor: 6 * HOUR, minutesFor: 2 * DAY, hoursFor: 30 * DAY, daysFor: 400 * DAY });
    expect(result).toMatchObject({ minutesRolled: 2, hoursRolled: 1, daysDeleted: 1 });
    const rows = await store.tx((r) => r.telemetry.windows("a", 0, now + DAY));
    expect(rows.map((w) => [w.width, w.window.requests]).sort()).toEqual(
      [
        [DAY, 8],
        [HOUR, 3],
        [MINUTE, 4],
      ].sort(),
    );
    // A second run finds nothing left to do.
    expect(await rollUp(ctx)).toMatchObject({ minutesRolled: 0, hoursRolled: 0, daysDeleted: 0 });
  });
});
