/**
 * Issue 12: live bounds read cumulative-since-start data, so a p95 regression late in a step rolled
 * back only ≈ 2 minutes after latency rose. With `gates.recentWindow` the guardrail is also judged
 * over the last minutes, and the rollback follows within the window's length.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/stats/random.js";
import { startHarness, type Harness } from "../testing/harness.js";
import { sendTraffic, setupProgram, testPolicy } from "./testing.js";

describe("recent sliding windows for guardrails", () => {
  let h: Harness;
  let now: number;
  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
  });
  afterEach(() => h.close());

  /** Minutes from the latency jump (after 20 good minutes) to the rollback, or null. */
  async function minutesToRollback(recentWindow: string | undefined): Promise<number | null> {
    const policy = testPolicy("api", {
      metrics: {
        latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
      },
      rollout: { mode: "canary", steps: [{ weight: "20%", duration: "2h", minSamples: 200 }], evaluateEvery: "10s" },
    });
    policy.gates = { live: [{ metric: "latency_p95", max: 180 }], minSamples: 200, ...(recentWindow ? { recentWindow } : {}) };
    await setupProgram(h, "api", policy);
    await h.call("POST", "/v1/programs/api/rollouts", { token: h.tokens.operator, body: { challengers: [2] } });
    const random = mulberry32(5);
    for (let m = 0; m < 40; m++) {
      const latency = m < 20 ? 150 : 200;
      await sendTraffic(
        h,
        "api",
        new Date(now),
        2000,
        { 1: 0.8, 2: 0.2 },
        { 1: { errorRate: 0.01, latencyMs: 150 }, 2: { errorRate: 0.01, latencyMs: latency } },
        random,
      );
      now += 60_000;
      await h.controller.tick(true);
      const r = (await h.call("GET", "/v1/programs/api/rollouts")).body.rollouts[0];
      if (r.status === "rolled_back") return m - 19;
    }
    return null;
  }

  it("a late regression rolls back within the window's length with recentWindow (1 min), later without (2 min)", async () => {
    const withWindow = await minutesToRollback("2m");
    expect(withWindow).not.toBeNull();
    expect(withWindow!).toBeLessThanOrEqual(2);
    await h.close();
    now = Date.parse("2026-11-22T10:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
    const cumulative = await minutesToRollback(undefined);
    expect(cumulative === null || cumulative > withWindow!).toBe(true);
  });
});
