import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyDocument } from "../contracts/policy.js";
import type { StoredBucket } from "../contracts/telemetry.js";
import { SYSTEM_ACTOR } from "../server/context.js";
import { createServices } from "../server/services.js";
import { MemoryStore } from "../server/store/memory-store.js";
import { TelemetryQuery } from "../server/telemetry/query.js";
import { runAggregateBacktest } from "./aggregate-engine.js";
import { aggregatesFrom, readAggregatesFile } from "./aggregates.js";
import { BacktestError } from "./engine.js";
import { HistoryError } from "./history.js";
import { ReplayQuery } from "./replay-query.js";
import { syntheticHistory } from "./synthetic.js";

const policy = PolicyDocument.parse({
  program: "checkout",
  metrics: {
    error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
    latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
  },
  gates: { live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.01 }], minSamples: 200 },
  // Stored buckets carry the split in force when they were recorded: the steps must be that split.
  rollout: { steps: [{ weight: "20%", duration: "8m", minSamples: 200 }], evaluateEvery: "10s" },
});
const start = Date.parse("2026-10-01T00:00:00Z");
const base = {
  program: "checkout",
  start,
  durationMs: 20 * 60_000,
  requestsPerSecond: 40,
  challengerShare: 0.5,
  champion: { version: 1, errorRate: 0.01, latencyMs: 100 },
  challenger: { version: 2, errorRate: 0.01, latencyMs: 100 },
};

/** Stores a recording as the server would (10-second buckets) and returns the store with its buckets, oldest first. */
async function stored(lines: string[]) {
  const store = new MemoryStore();
  let now = start;
  const ctx = { store, now: () => new Date(now), servingChanged: () => undefined };
  const services = createServices(ctx);
  await services.programs.create({ name: "checkout", description: "", owners: [], seed: "s" }, SYSTEM_ACTOR);
  await services.policies.apply(policy, SYSTEM_ACTOR);
  const events = lines.map((l) => JSON.parse(l) as { type: string; at: number }).filter((e) => e.type !== "marker");
  for (let i = 0; i < events.length; i += 5_000) {
    const batch = events.slice(i, i + 5_000);
    now = batch.at(-1)!.at; // ingest refuses events from the future
    const result = await services.telemetry.ingest(`batch-${i}`, batch);
    expect(result.rejected).toEqual([]);
  }
  const buckets = (await store.tx((r) => r.telemetry.windows("checkout", 0, 1e15))) as StoredBucket[];
  return { ctx, buckets };
}

describe("ReplayQuery", () => {
  it("reads the same report as the server's query over any span, from running accumulators", async () => {
    // 150 minutes: minute, 10-minute and hour blocks all serve some of the spans below.
    const { ctx, buckets } = await stored(syntheticHistory({ ...base, seed: 5, durationMs: 150 * 60_000, requestsPerSecond: 2 }));
    const replay = new ReplayQuery(ctx);
    for (const b of buckets) replay.add(b);
    replay.seal(start + 150 * 60_000);
    const server = new TelemetryQuery(ctx);
    // Cumulative spans from one start (extended look after look), sliding spans, unaligned edges.
    const spans: Array<[number, number]> = [];
    for (let t = 1; t <= 40; t += 3)
      spans.push([start + 7_000, start + t * 60_000], [start + (t - 1) * 60_000 + 2_500, start + t * 60_000 + 30_000]);
    spans.push(
      [start, start + 3 * 3_600_000],
      [start + 7_000, start + 150 * 60_000],
      [start + 3_600_000, start + 2 * 3_600_000 + 300_000],
      [start + 59 * 60_000, start + 121 * 60_000 + 10_000],
    );
    for (const [from, to] of spans) {
      const [a, b] = await Promise.all([
        replay.report("checkout", new Date(from), new Date(to)),
        server.report("checkout", new Date(from), new Date(to)),
      ]);
      expect(a.variants.map((v) => [v.version, v.exposures])).toEqual(b.variants.map((v) => [v.version, v.exposures]));
      for (const [i, v] of a.variants.entries()) {
        for (const name of ["error_rate", "latency_p95"]) {
          const [x, y] = [v.metrics[name]!, b.variants[i]!.metrics[name]!];
          expect(x.status).toBe(y.status);
          if (x.status === "ok" && y.status === "ok") expect(x.value!).toBeCloseTo(y.value!, 9);
        }
      }
    }
  });
});

describe("backtest on stored aggregates", () => {
  it("rolls back a regression from the buckets alone and says how fast", async () => {
    const lines = syntheticHistory({ ...base, seed: 2, challengerShare: 0.2, regression: { at: start + 3 * 60_000, errorRate: 0.1 } });
    const { buckets } = await stored(lines);
    const history = aggregatesFrom(buckets);
    history.markers.push({ at: start + 3 * 60_000, label: "regression" });
    const report = await runAggregateBacktest(policy, history);
    expect(report.unit).toBe("buckets");
    expect(report.eventsReplayed).toBe(buckets.length);
    expect(report.rolledBack).toBe(1);
    expect(report.falseRollbacks).toBe(0);
    expect(report.detections[0]!.secondsToRollback).not.toBeNull();
  });

  it("promotes a healthy challenger, read from an export file", async () => {
    const { buckets } = await stored(syntheticHistory({ ...base, seed: 1, challengerShare: 0.2 }));
    const path = join(mkdtempSync(join(tmpdir(), "arena-agg-")), "agg.jsonl");
    writeFileSync(path, `${buckets.map((b) => JSON.stringify({ type: "bucket", ...b })).join("\n")}\n`);
    const history = await readAggregatesFile(path);
    expect(history.count).toBe(buckets.length);
    const report = await runAggregateBacktest(policy, history);
    expect(report.promoted).toBe(1);
    expect(report.falseRollbacks).toBe(0);
  });

  it("refuses 0 buckets and another program's buckets with the reason", async () => {
    await expect(runAggregateBacktest(policy, aggregatesFrom([]))).rejects.toThrow(/0 buckets to replay/);
    const { buckets } = await stored(syntheticHistory({ ...base, seed: 3, durationMs: 60_000 }));
    const other = aggregatesFrom(buckets.map((b) => ({ ...b, program: "checkout-v2" })));
    await expect(runAggregateBacktest(policy, other)).rejects.toThrow(
      /no buckets of program "checkout" \(the policy's program\); they hold "checkout-v2"/,
    );
    await expect(runAggregateBacktest(policy, other)).rejects.toBeInstanceOf(BacktestError);
  });

  it("names the line and field of a malformed export", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "arena-agg-")), "bad.jsonl");
    writeFileSync(path, '{"type":"marker","label":"regression","at":1}\n{"type":"bucket","program":"p","version":0}\n');
    await expect(readAggregatesFile(path)).rejects.toThrow(HistoryError);
    await expect(readAggregatesFile(path)).rejects.toThrow(/^line 2: bucket\.version/);
  });
});
