/**
 * Issue 12 item 6: `arena backtest --program P --since …` replays the aggregates a real server
 * stores (read over the export route), `arena telemetry export` writes them for offline use, and
 * a replay of nothing is refused with the reason and exit 1.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioServer, type ScenarioServer } from "./support/scenario-server.js";

const POLICY = `program: checkout-api
metrics:
  error_rate: { kind: proportion, direction: lower, unit: "%", source: { type: request, field: error } }
gates:
  live:
    - { metric: error_rate, test: non_inferiority, margin: 0.01 }
  minSamples: 200
rollout:
  steps:
    - { weight: 10%, duration: 20m, minSamples: 200 }
  evaluateEvery: 10s
`;

describe("arena backtest on the server's stored aggregates", () => {
  let s: ScenarioServer;
  let policy: string;
  beforeAll(async () => {
    s = await startScenarioServer();
    policy = join(s.dir, "policy.yaml");
    writeFileSync(policy, POLICY);
    await s.api("POST", "/v1/programs", { name: "checkout-api" });
    await s.api("POST", "/v1/programs", { name: "empty" });
    // Ten minutes at 10 requests/s, 10 % on v2, whose errors jump from 1 % to 10 % half-way.
    const now = Date.now();
    const events: unknown[] = [];
    for (let i = 0; i < 6_000; i++) {
      const version = i % 10 === 0 ? 2 : 1;
      const at = now - 600_000 + i * 100;
      const errorRate = version === 2 && i > 3_000 ? 0.1 : 0.01;
      events.push({
        type: "request",
        program: "checkout-api",
        version,
        success: (i * 7919) % 1000 >= errorRate * 1000,
        latencyMs: 100,
        at: new Date(at).toISOString(),
      });
    }
    await s.api("POST", "/v1/telemetry", { batchId: "e2e-aggregates-0001", events });
  }, 60_000);
  afterAll(() => s?.stop());

  it("replays them from the server and from an export file, with the same report", () => {
    const live = s.arena("backtest", "--policy", policy, "--program", "checkout-api", "--since", "1h", "--no-progress", "--json");
    expect(live.code, live.err).toBe(0);
    const report = JSON.parse(live.out) as {
      unit: string;
      eventsReplayed: number;
      rolledBack: number;
      decisions: Array<{ action: string; summary: string }>;
    };
    expect(report.unit).toBe("buckets");
    expect(report.eventsReplayed).toBeGreaterThan(100);
    expect(report.rolledBack).toBe(1);
    const exported = s.arena("telemetry", "export", "--program", "checkout-api", "--since", "1h");
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out.trim().split("\n")).toHaveLength(report.eventsReplayed);
    const file = join(s.dir, "agg.jsonl");
    writeFileSync(file, exported.out);
    const offline = s.arena("backtest", "--policy", policy, "--aggregates", file, "--no-progress", "--json");
    expect(offline.code, offline.err).toBe(0);
    const again = JSON.parse(offline.out) as typeof report;
    expect(again.decisions.map((d) => [d.action, d.summary])).toEqual(report.decisions.map((d) => [d.action, d.summary]));
  });

  it("refuses to replay nothing, with the reason", () => {
    writeFileSync(join(s.dir, "empty.yaml"), POLICY.replace("program: checkout-api", "program: empty"));
    const none = s.arena("backtest", "--policy", join(s.dir, "empty.yaml"), "--program", "empty", "--since", "1h", "--no-progress");
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/backtest refused: 0 buckets to replay: the server stores no telemetry of "empty" since/);
    const file = join(s.dir, "agg-for-refusal.jsonl");
    writeFileSync(file, s.arena("telemetry", "export", "--program", "checkout-api", "--since", "1h").out);
    const other = s.arena("backtest", "--policy", join(s.dir, "empty.yaml"), "--aggregates", file, "--no-progress");
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/no buckets of program "empty" \(the policy's program\); they hold "checkout-api"/);
  });
});
