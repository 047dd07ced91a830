/**
 * Store contract, continued: what measurement writes and reads — exposure batches and counts,
 * metric definitions, telemetry windows, per-unit totals, parked predictions and labels.
 * Called from `storeContract`, so memory, SQLite and PostgreSQL run it.
 */
import { expect, it } from "vitest";
import { emptyWindow } from "../../core/telemetry/variant-window.js";
import { program } from "./contract-fixtures.js";
import type { Store } from "./store.js";

export function measurementReposContract(get: () => Store): void {
  it("counts an exposure batch once and sums counts per variant", async () => {
    const rows = [
      { program: "a", alias: "champion", version: 1, minute: "2026-11-01T10:00:00.000Z", count: 3 },
      { program: "a", alias: "challenger", version: null, minute: "2026-11-01T10:01:00.000Z", count: 2 },
    ];
    await get().tx(async (r) => {
      expect(await r.batches.claim("b1", "2026-11-01T10:02:00.000Z", 5, 1)).toBe(true);
      await r.exposures.addCounts(rows);
      await r.exposures.addCounts([rows[0]!]);
    });
    expect(await get().tx((r) => r.batches.claim("b1", "2026-11-01T10:03:00.000Z", 5, 0))).toBe(false);
    const totals = await get().tx((r) => r.exposures.totals("a", "2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z"));
    expect(totals).toEqual([
      { alias: "challenger", version: null, exposures: 2 },
      { alias: "champion", version: 1, exposures: 6 },
    ]);
    expect(await get().tx((r) => r.batches.droppedBetween("2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z"))).toBe(1);
  });

  it("stores metric definitions and segment specs per program", async () => {
    const metric = {
      name: "error_rate",
      kind: "proportion" as const,
      direction: "lower" as const,
      unit: "%",
      description: "",
      aggregation: "request" as const,
      source: { type: "request" as const, field: "error" as const },
    };
    await get().tx(async (r) => {
      await r.programs.insert(program("a"));
      await r.metrics.put("a", metric);
      await r.metrics.put("a", { ...metric, name: "cost", unit: "$" });
      await r.metrics.put("a", { ...metric, unit: "ratio" });
      await r.metrics.putSegments("a", { dimensions: [{ name: "region", values: ["eu", "us"] }] });
    });
    const list = await get().tx((r) => r.metrics.list("a"));
    expect(list.map((m) => [m.name, m.unit])).toEqual([
      ["cost", "$"],
      ["error_rate", "ratio"],
    ]);
    expect(list[1]!.source).toEqual({ type: "request", field: "error" });
    expect(await get().tx((r) => r.metrics.segments("a"))).toEqual({ dimensions: [{ name: "region", values: ["eu", "us"] }] });
    expect(await get().tx((r) => r.metrics.segments("zzz"))).toEqual({ dimensions: [] });
    expect(await get().tx((r) => r.metrics.remove("a", "cost"))).toBe(true);
    expect(await get().tx((r) => r.metrics.remove("a", "cost"))).toBe(false);
  });

  it("merges telemetry windows by key and selects them by time and segment", async () => {
    const window = (requests: number, errors: number) => ({
      ...emptyWindow(),
      requests,
      errors,
      latency: { n: 1, sum: 5, sumSquares: 25, sketch: null },
    });
    const key = { program: "a", version: 1, segment: "all", width: 60_000, start: 120_000 };
    await get().tx(async (r) => {
      await r.telemetry.addWindows([
        { ...key, window: window(10, 1) },
        { ...key, segment: "region=eu", window: window(4, 0) },
      ]);
      await r.telemetry.addWindows([
        { ...key, window: window(5, 2) },
        { ...key, start: 60_000, window: window(1, 1) },
      ]);
    });
    const all = await get().tx((r) => r.telemetry.windows("a", 0, 1_000_000, "all"));
    expect(all.map((w) => [w.start, w.window.requests, w.window.errors, w.window.latency.n])).toEqual([
      [60_000, 1, 1, 1],
      [120_000, 15, 3, 2],
    ]);
    expect((await get().tx((r) => r.telemetry.windows("a", 0, 1_000_000))).length).toBe(3);
    expect((await get().tx((r) => r.telemetry.windows("a", 100_000, 120_000))).length).toBe(0);
    const old = await get().tx((r) => r.telemetry.windowsBefore(60_000, 100_000, 10));
    expect(old.map((w) => w.start)).toEqual([60_000]);
    await get().tx((r) => r.telemetry.deleteWindows([{ ...key, start: 60_000 }]));
    expect((await get().tx((r) => r.telemetry.windows("a", 0, 1_000_000))).length).toBe(2);
  });

  it("merges per-unit totals and keeps the earliest first-seen time", async () => {
    const totals = (requests: number) => ({ exposed: true, requests, errors: 0, cost: 1, events: { buy: [1, 20] as [number, number] } });
    await get().tx(async (r) => {
      await r.telemetry.addUnits([{ program: "a", version: 1, segment: "all", unitId: "u1", firstSeen: 5_000, totals: totals(2) }]);
      await r.telemetry.addUnits([{ program: "a", version: 1, segment: "all", unitId: "u1", firstSeen: 3_000, totals: totals(1) }]);
    });
    const units = await get().tx((r) => r.telemetry.units("a", "all", 0, 10_000));
    expect(units).toEqual([
      {
        program: "a",
        version: 1,
        segment: "all",
        unitId: "u1",
        firstSeen: 3_000,
        totals: { exposed: true, requests: 3, errors: 0, cost: 2, events: { buy: [2, 40] } },
      },
    ]);
    expect(await get().tx((r) => r.telemetry.deleteUnitsBefore(4_000))).toBe(1);
  });

  it("holds predictions and labels until they meet, and expires the rest", async () => {
    await get().tx(async (r) => {
      await r.telemetry.putPrediction({ program: "a", predictionId: "p1", version: 2, segments: ["all"], predicted: true, at: 1_000 });
      await r.telemetry.putPrediction({ program: "a", predictionId: "p2", version: 2, segments: ["all"], predicted: false, at: 9_000 });
      await r.telemetry.putLabel({ program: "a", predictionId: "p9", actual: true, at: 1_000 });
    });
    expect(await get().tx((r) => r.telemetry.takePredictions("a", "p2"))).toEqual([
      { program: "a", predictionId: "p2", version: 2, segments: ["all"], predicted: false, at: 9_000 },
    ]);
    expect(await get().tx((r) => r.telemetry.takePredictions("a", "p2"))).toEqual([]);
    expect(await get().tx((r) => r.telemetry.getLabel("a", "p9"))).toEqual({ program: "a", predictionId: "p9", actual: true, at: 1_000 });
    const expired = await get().tx((r) => r.telemetry.expirePending(5_000));
    expect(expired.map((p) => p.predictionId)).toEqual(["p1"]);
    expect(await get().tx((r) => r.telemetry.getLabel("a", "p9"))).toBeNull();
  });

  it("parks one prediction per version under a shared predictionId (a shadow's beside the champion's)", async () => {
    await get().tx(async (r) => {
      await r.telemetry.putPrediction({ program: "a", predictionId: "tx-1", version: 1, segments: ["all"], predicted: false, at: 1_000 });
      await r.telemetry.putPrediction({ program: "a", predictionId: "tx-1", version: 2, segments: ["all"], predicted: true, at: 1_001 });
      // The same version again replaces its own row only.
      await r.telemetry.putPrediction({
        program: "a",
        predictionId: "tx-1",
        version: 2,
        segments: ["all", "region=eu"],
        predicted: true,
        at: 1_002,
      });
      await r.telemetry.putPrediction({ program: "b", predictionId: "tx-1", version: 1, segments: ["all"], predicted: true, at: 1_000 });
    });
    expect(await get().tx((r) => r.telemetry.takePredictions("a", "tx-1"))).toEqual([
      { program: "a", predictionId: "tx-1", version: 1, segments: ["all"], predicted: false, at: 1_000 },
      { program: "a", predictionId: "tx-1", version: 2, segments: ["all", "region=eu"], predicted: true, at: 1_002 },
    ]);
    expect(await get().tx((r) => r.telemetry.takePredictions("a", "tx-1"))).toEqual([]);
    expect((await get().tx((r) => r.telemetry.takePredictions("b", "tx-1"))).map((p) => p.version)).toEqual([1]);
  });
}
