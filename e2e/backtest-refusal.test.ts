/**
 * Issue 12: a policy whose program does not match the recording replayed 0 events, blamed "the
 * policy's split", reported the regression "NOT detected" and exited 0. The real CLI now refuses
 * with the reason and a non-zero exit.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticHistory } from "../src/backtest/synthetic.js";

const root = resolve(import.meta.dirname, "..");

describe("arena backtest on a recording of another program", () => {
  it("exits 1 and says which program the history records", () => {
    const dir = mkdtempSync(join(tmpdir(), "arena-backtest-"));
    const start = Date.parse("2026-10-01T00:00:00Z");
    const lines = syntheticHistory({
      program: "checkout-v2",
      start,
      durationMs: 60_000,
      requestsPerSecond: 20,
      challengerShare: 0.5,
      champion: { version: 1, errorRate: 0.01, latencyMs: 100 },
      challenger: { version: 2, errorRate: 0.01, latencyMs: 100 },
      regression: { at: start + 30_000, errorRate: 0.2 },
      seed: 1,
    });
    writeFileSync(join(dir, "history.jsonl"), lines.join("\n"));
    const res = spawnSync(
      process.execPath,
      [
        join(root, "dist/src/cli/main.js"),
        "backtest",
        "--policy",
        join(root, "examples/policies/checkout-api.yaml"),
        "--telemetry",
        join(dir, "history.jsonl"),
      ],
      { encoding: "utf8" },
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /backtest refused: the history holds no events of program "checkout-api" \(the policy's program\); it records "checkout-v2"/,
    );
    expect(res.stdout).not.toMatch(/NOT detected/);
  });
});
