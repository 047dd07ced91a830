/**
 * The rollout page must show exactly what the controller decides from (issue 10/12): its burn rows
 * and sample-ratio arms are recomputed here into the controller's verdicts and compared, look by look,
 * with the observation the controller itself makes. A second copy of either computation that drifts
 * (another window, another rule, another share) fails this test.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { liveSrm } from "../../core/policy/live-srm.js";
import { mulberry32 } from "../../core/stats/random.js";
import { sendTraffic, setupProgram, testPolicy } from "../rollouts/testing.js";
import { startHarness, type Harness } from "../testing/harness.js";

describe("the dashboard's rollout page and the controller read the same numbers", () => {
  let h: Harness;
  let now: number;
  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
  });
  afterEach(() => h.close());

  it("burn rows fire exactly when the controller's burn fires; SRM arms give the controller's verdict", async () => {
    const policy = testPolicy("checkout", {
      slos: [
        {
          name: "availability",
          metric: "error_rate",
          objective: 0.999,
          rules: [
            { long: "5m", short: "1m", burnRate: 6, severity: "page" },
            { long: "2m", short: "30s", burnRate: 3, severity: "ticket" },
          ],
        },
      ],
      rollout: { mode: "canary", steps: [{ weight: "20%", duration: "1h", minSamples: 200 }], evaluateEvery: "10s" },
    });
    // Long minimum samples, so that the comparison tests do not roll back first: the burn rules are what we watch.
    (policy.gates as { minSamples: number }).minSamples = 1_000_000;
    await setupProgram(h, "checkout", policy);
    const id = (await h.call("POST", "/v1/programs/checkout/rollouts", { token: h.tokens.operator, body: { challengers: [2] } })).body
      .rollout.id as string;
    let seenFired = 0;
    let seenQuiet = 0;
    for (let tick = 0; tick < 16; tick++) {
      // The challenger's errors climb from 0.1 % to 2 %: quiet looks first, then firing ones.
      const rate = tick < 6 ? 0.001 : 0.02;
      await sendTraffic(
        h,
        "checkout",
        new Date(now),
        1500,
        { 1: 0.8, 2: 0.2 },
        { 1: { errorRate: 0.001, latencyMs: 100 }, 2: { errorRate: rate, latencyMs: 100 } },
        mulberry32(tick + 1),
      );
      now += 20_000;
      const a = (await h.call("GET", `/v1/rollouts/${id}/analysis`, { token: h.tokens.viewer })).body;
      if (!a.live) break;
      const burn = a.observation.challengers[0].burn as { severity: string; summary: string };
      const rows = (
        a.burn as Array<{
          version: number;
          severity: string;
          fired: boolean;
          verdict: string;
          shortBurnRate: number | null;
          longBurnRate: number | null;
        }>
      ).filter((r) => r.version === 2);
      const fired = rows.filter((r) => r.fired);
      const expected = fired.some((r) => r.severity === "page")
        ? "page"
        : fired.length > 0
          ? "ticket"
          : rows.some((r) => r.verdict === "no_data")
            ? "no_data"
            : "none";
      expect(burn.severity, `look ${tick}: ${burn.summary}`).toBe(expected);
      for (const r of fired.filter((x) => x.severity === burn.severity).slice(0, 1))
        expect(burn.summary).toContain(`${r.shortBurnRate!.toFixed(1)}×`);
      if (fired.length > 0) seenFired++;
      else seenQuiet++;
      const arms = a.srmArms as Array<{ version: number; expectedShare: number; exposures: number }>;
      expect(arms.map((x) => [x.version, x.expectedShare])).toEqual([
        [1, 0.8],
        [2, 0.2],
      ]);
      const srm = liveSrm({
        champion: 1,
        challengers: [2],
        metrics: {},
        readings: {},
        exposures: Object.fromEntries(arms.map((x) => [x.version, x.exposures])),
        weights: Object.fromEntries(arms.map((x) => [x.version, x.expectedShare])),
      });
      expect(srm.reason).toBe(a.observation.srm.summary);
    }
    expect(seenFired).toBeGreaterThan(0);
    expect(seenQuiet).toBeGreaterThan(0);
  });
});
