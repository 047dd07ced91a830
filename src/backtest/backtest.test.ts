import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyDocument } from "../contracts/policy.js";
import { parseHistory, HistoryError, readHistoryFile } from "./history.js";
import { BacktestError, runBacktest } from "./engine.js";
import { syntheticHistory } from "./synthetic.js";

const policy = PolicyDocument.parse({
  program: "checkout",
  metrics: { error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } } },
  gates: { live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.01 }], minSamples: 200 },
  rollout: {
    steps: [
      { weight: "10%", duration: "2m", minSamples: 200 },
      { weight: "50%", duration: "5m", minSamples: 500 },
    ],
    evaluateEvery: "10s",
  },
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

describe("backtest", () => {
  it("replays a healthy challenger and promotes it, with no false rollback", async () => {
    const report = await runBacktest(policy, parseHistory(syntheticHistory({ ...base, seed: 1 }).join("\n")));
    expect(report.rollouts).toHaveLength(1);
    expect(report.promoted).toBe(1);
    expect(report.falseRollbacks).toBe(0);
    expect(report.eventsReplayed).toBeGreaterThan(0);
    expect(report.eventsFilteredOut).toBeGreaterThan(0);
    expect(report.decisions.map((d) => d.action)).toContain("promote");
  });

  it("rolls back a regression and says how fast it was detected", async () => {
    const history = syntheticHistory({ ...base, seed: 2, regression: { at: start + 3 * 60_000, errorRate: 0.08 } });
    const report = await runBacktest(policy, parseHistory(history.join("\n")));
    expect(report.rolledBack).toBe(1);
    expect(report.falseRollbacks).toBe(0);
    expect(report.detections).toHaveLength(1);
    expect(report.detections[0]!.secondsToRollback).not.toBeNull();
    expect(report.detections[0]!.secondsToRollback!).toBeLessThan(600);
  });

  it("refuses a history of another program instead of reporting a regression 'not detected'", async () => {
    const other = syntheticHistory({ ...base, program: "checkout-v2", seed: 3, durationMs: 60_000 });
    await expect(runBacktest(policy, parseHistory(other.join("\n")))).rejects.toThrow(
      /holds no events of program "checkout" \(the policy's program\); it records "checkout-v2"/,
    );
    await expect(runBacktest(policy, parseHistory(other.join("\n")))).rejects.toBeInstanceOf(BacktestError);
  });

  it("names the line of a malformed history", () => {
    expect(() => parseHistory('{"type":"request","at":"2026-10-01T00:00:00Z"}\n{oops')).toThrow(HistoryError);
    expect(() => parseHistory('{"type":"request","at":"2026-10-01T00:00:00Z"}\n{oops')).toThrow(/line 2/);
    expect(() => parseHistory('{"type":"rollout","at":1}')).toThrow(/challengers/);
  });
});

/** A report without its random rollout ids, to compare two runs. */
const comparable = (r: unknown) =>
  JSON.parse(JSON.stringify(r).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")) as unknown;

describe("recordings read from a file", () => {
  const write = (lines: string[]) => {
    const path = join(mkdtempSync(join(tmpdir(), "arena-history-")), "history.jsonl");
    writeFileSync(path, `${lines.join("\n")}\n`);
    return path;
  };
  const lines = () => syntheticHistory({ ...base, seed: 4, durationMs: 3 * 60_000, regression: { at: start + 60_000, errorRate: 0.1 } });

  it("stream events in time order from the file, with the same report as a recording held in memory", async () => {
    const path = write(lines());
    const streamed = await readHistoryFile(path);
    expect(streamed.events.streamed).toBe(true);
    const held = parseHistory(lines().join("\n"));
    expect(held.events.streamed).toBe(false);
    expect({ ...streamed.events, read: null }).toEqual({ ...held.events, read: null, streamed: true });
    const report = await runBacktest(policy, streamed);
    expect(report.rolledBack).toBe(1);
    expect(comparable(report)).toEqual(comparable(await runBacktest(policy, held)));
  });

  it("hold and sort events that are out of order, and report a bad line by its number", async () => {
    const shuffled = lines();
    const [a, b] = [shuffled.findIndex((l) => l.includes('"type":"request"')), shuffled.length - 1];
    [shuffled[a], shuffled[b]] = [shuffled[b]!, shuffled[a]!];
    const history = await readHistoryFile(write(shuffled));
    expect(history.events.streamed).toBe(false);
    expect(comparable(await runBacktest(policy, history))).toEqual(
      comparable(await runBacktest(policy, parseHistory(shuffled.join("\n")))),
    );
    await expect(readHistoryFile(write(['{"type":"request"', ...lines()]))).rejects.toThrow(/^line 1: not valid JSON/);
  });
});
