/**
 * PRODUCT.md scenario 5 with the real built CLI: before trusting a new policy, a team backtests it on
 * recorded telemetry of two rollouts (a healthy v2, then a v3 that regresses): how often it would have
 * promoted and rolled back, and how fast it caught the regression. Replays the policy's own split.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticHistory } from "../src/backtest/synthetic.js";

const root = resolve(import.meta.dirname, "..");

describe("scenario 5: backtest a policy on recorded telemetry", () => {
  it("reports one promotion, one rollback with its detection time, no false rollback; exit 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "arena-scenario5-"));
    const day1 = Date.parse("2026-10-01T09:00:00Z");
    const day2 = Date.parse("2026-10-02T09:00:00Z");
    const arm = (version: number, errorRate: number) => ({ version, errorRate, latencyMs: 100 });
    const common = { program: "checkout-api", durationMs: 40 * 60_000, requestsPerSecond: 30, challengerShare: 0.5 };
    const lines = [
      JSON.stringify({ type: "rollout", challengers: [2], at: day1 }),
      ...syntheticHistory({ ...common, start: day1, champion: arm(1, 0.01), challenger: arm(2, 0.01), seed: 11 }),
      JSON.stringify({ type: "rollout", challengers: [3], at: day2 }),
      ...syntheticHistory({
        ...common,
        start: day2,
        champion: arm(2, 0.01),
        challenger: arm(3, 0.01),
        regression: { at: day2 + 10 * 60_000, errorRate: 0.08 },
        seed: 12,
      }),
    ];
    writeFileSync(join(dir, "last-month.jsonl"), lines.join("\n"));
    writeFileSync(
      join(dir, "policy.yaml"),
      [
        "program: checkout-api",
        "metrics:",
        "  error_rate: { kind: proportion, direction: lower, unit: '%', source: { type: request, field: error } }",
        "gates:",
        "  live:",
        "    - { metric: error_rate, test: non_inferiority, margin: 0.01 }",
        "  minSamples: 300",
        "rollout:",
        "  steps:",
        "    - { weight: 10%, duration: 10m, minSamples: 300 }",
        "    - { weight: 50%, duration: 10m, minSamples: 1000 }",
        "  evaluateEvery: 10s",
        "",
      ].join("\n"),
    );
    const res = spawnSync(
      process.execPath,
      [
        join(root, "dist/src/cli/main.js"),
        "--json",
        "backtest",
        "--policy",
        join(dir, "policy.yaml"),
        "--telemetry",
        join(dir, "last-month.jsonl"),
      ],
      { encoding: "utf8" },
    );
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as {
      promoted: number;
      rolledBack: number;
      falseRollbacks: number;
      detections: Array<{ secondsToRollback: number | null }>;
      rollouts: Array<{ challengers: number[]; status: string }>;
    };
    expect(report.rollouts.map((r) => [r.challengers[0], r.status])).toEqual([
      [2, "promoted"],
      [3, "rolled_back"],
    ]);
    expect(report).toMatchObject({ promoted: 1, rolledBack: 1, falseRollbacks: 0 });
    expect(report.detections[0]?.secondsToRollback).not.toBeNull();
    expect(report.detections[0]!.secondsToRollback!).toBeLessThan(10 * 60);
    console.info(`scenario 5: regression caught after ${report.detections[0]!.secondsToRollback} s (simulated)`);
  }, 240_000);
});
