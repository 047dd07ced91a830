/**
 * PRODUCT.md scenario 2 on the real built server: a service's new build is canaried at 10 %; its p99
 * latency and error rate are compared with the champion's; its errors burn the error budget of a
 * 99.9 % SLO at 6× ⇒ automatic rollback within a minute by the burn-rate rule, recorded with the
 * evidence. (Traffic is 2,000 units a second here, so that the real clock suffices.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioServer, waitFor, type ScenarioServer } from "./support/scenario-server.js";
import { trafficDriver } from "./support/traffic-driver.js";

describe("scenario 2: a 6× error-budget burn rolls the canary back by the burn-rate rule", () => {
  let s: ScenarioServer;
  beforeAll(async () => {
    s = await startScenarioServer();
  }, 60_000);
  afterAll(() => s?.stop());

  it("rolls back with the evidence, and the champion never stops serving", async () => {
    const program = "checkout-api";
    // A fixed assignment seed: with a random one, which units (hence which of the driver's seeded draws) land on v2
    // varied per run, and some runs measured the true 6× burn at 4.4–4.9× for minutes (a timeout, not a finding).
    await s.api("POST", "/v1/programs", { name: program, owners: ["payments-sre"], seed: "checkout-api.scenario-2" });
    await s.api("PUT", `/v1/programs/${program}/policy`, {
      program,
      metrics: {
        error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
        latency_p99: { kind: "quantile", quantile: 0.99, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
      },
      gates: {
        live: [
          { metric: "error_rate", test: "non_inferiority", margin: 0.01 },
          { metric: "latency_p99", test: "non_inferiority", margin: 0.1, relative: true },
        ],
        minSamples: 1000,
      },
      rollout: { steps: [{ weight: "10%", duration: "30m", minSamples: 2000 }], evaluateEvery: "2s" },
      slos: [
        {
          name: "availability",
          metric: "error_rate",
          objective: 0.999,
          rules: [{ long: "5m", short: "1m", burnRate: 6, severity: "page" }],
        },
      ],
    });
    for (const v of [1, 2]) await s.api("POST", `/v1/programs/${program}/candidates`, { artifactUri: `oci://checkout/${v}`, metrics: {} });
    await s.api("PUT", `/v1/programs/${program}/aliases/champion`, { version: 1, reason: "initial" });
    expect(s.arena("rollout", "start", program, "2").code).toBe(0);
    const startedAt = Date.now();
    const drive = await trafficDriver(
      s.url,
      s.token,
      s.api,
      program,
      (v) => ({ errorRate: v === 2 ? 0.006 : 0.001, latencyMs: () => 90 + 20 * Math.random() }),
      2,
    );
    try {
      const rollback = await waitFor(
        async () => {
          const decisions = (
            await s.api<{ decisions: Array<{ action: string; summary: string; at: string; rolloutId: string | null }> }>(
              "GET",
              `/v1/programs/${program}/decisions`,
            )
          ).decisions;
          const found = decisions.find((d) => d.action === "rollback");
          if (found) return found;
          await drive.send(500);
          await new Promise((r) => setTimeout(r, 250));
          return undefined;
        },
        "the rollback",
        180_000,
      );
      expect(rollback.summary).toMatch(
        /^rolled back v2: error_rate 0\.\d+ % vs 0\.\d+ % .*availability burn rate [\d.]+× over 1 min and [\d.]+× over 5 min \(limit 6×, page\)$/,
      );
      console.info(
        `scenario 2: rolled back ${((Date.parse(rollback.at) - startedAt) / 1000).toFixed(1)} s after the canary started: ${rollback.summary}`,
      );
      // The rollout page's burn row (the evaluation the controller ended on) says which noise-guard path let the rule through.
      const analysis = await s.api<{ burn: Array<{ version: number; fired: boolean; reason: string }> }>(
        "GET",
        `/v1/rollouts/${rollback.rolloutId}/analysis`,
      );
      const fired = analysis.burn.find((row) => row.version === 2 && row.fired);
      expect(fired?.reason).toMatch(
        /^[\d.]+× short, [\d.]+× long: at least 6× over both windows(; errors since the start \d+ of \d+, likelihood ratio 6× vs 1× \S+ ≥ 1\/0\.01|, each window's errors significantly above 1× at α 0\.001)$/,
      );
      console.info(`scenario 2: the burn row: ${fired?.reason}`);
      expect((await s.api<{ arms: unknown[] }>("GET", `/v1/programs/${program}/traffic`)).arms).toEqual([]);
      expect((await s.api<{ version: number }>("GET", `/v1/programs/${program}/aliases/champion`)).version).toBe(1);
    } finally {
      await drive.close();
    }
  }, 240_000);
});
