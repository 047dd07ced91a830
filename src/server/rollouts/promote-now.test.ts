/**
 * Regression of issue 12: `arena rollout promote` backdated the step's start to before the rollout
 * existed, so the sample-ratio check counted the champion's traffic from before the challenger was
 * served ("v3 167735 (expected 151616), v4 727 (expected 16846)"), held with a page, and the dashboard
 * marked the healthy challenger failing. Reproduced on a 1-step and a 3-step plan.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/stats/random.js";
import { startHarness, type Harness } from "../testing/harness.js";
import { sendTraffic, setupProgram, testPolicy } from "./testing.js";

const GOOD = { 1: { errorRate: 0.01, latencyMs: 100 }, 2: { errorRate: 0.01, latencyMs: 100 } };

describe("manual promote starts the next step's sample-ratio window at the change", () => {
  let h: Harness;
  let now: number;
  let random: () => number;
  beforeEach(async () => {
    random = mulberry32(20261122);
    now = Date.parse("2026-11-22T20:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
  });
  afterEach(() => h.close());

  async function minute(program: string, units: number): Promise<void> {
    const plan = (await h.call("GET", `/v1/programs/${program}/traffic`)).body as { arms: Array<{ weight: number }> };
    const share = plan.arms.reduce((s, a) => s + a.weight, 0);
    // Seeded: an unseeded draw made the verdicts (and this test) a matter of luck under load.
    await sendTraffic(h, program, new Date(now), units, share > 0 ? { 1: 1 - share, 2: share } : { 1: 1 }, GOOD, random);
    now += 60_000;
    await h.controller.tick(true);
  }

  for (const steps of [
    [{ weight: "10%", duration: "30m", minSamples: 200 }],
    [
      { weight: "10%", duration: "30m", minSamples: 200 },
      { weight: "25%", duration: "30m", minSamples: 200 },
      { weight: "50%", duration: "30m", minSamples: 200 },
    ],
  ]) {
    it(`${steps.length}-step plan: promote after champion-only history neither holds on SRM nor shows the challenger failing`, async () => {
      const program = `shop-${steps.length}`;
      await setupProgram(h, program, testPolicy(program, { rollout: { mode: "canary", steps, evaluateEvery: "10s" } }));
      // Ten minutes of champion-only traffic before the rollout: what a backdated window would count.
      for (let m = 0; m < 10; m++) await minute(program, 3000);
      const started = await h.call("POST", `/v1/programs/${program}/rollouts`, { token: h.tokens.operator, body: { challengers: [2] } });
      const id = started.body.rollout.id as string;
      now += 10_000;
      await minute(program, 3000);
      await minute(program, 3000);
      const promoted = await h.call("POST", `/v1/rollouts/${id}/promote`, { token: h.tokens.operator });
      expect(promoted.status).toBe(200);
      const r = (await h.call("GET", `/v1/rollouts/${id}`)).body;
      expect(Date.parse(r.stepStartedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
      // Moving to a later step starts it now; on the last step already, its start stays the real one.
      expect(r.stepStartedAt).toBe(steps.length === 1 ? r.startedAt : new Date(now).toISOString());
      now += 10_000;
      const analysis = (await h.call("GET", `/v1/rollouts/${id}/analysis`, { token: h.tokens.viewer })).body;
      expect(analysis.observation.srm.valid).toBe(true);
      expect(analysis.health).not.toBe("failing");
      // Promoted once the non-inferiority tests are significant: a few more minutes of traffic, not a fixed count.
      const status = async () => (await h.call("GET", `/v1/rollouts/${id}`)).body.status as string;
      for (let m = 0; m < 12 && (await status()) !== "promoted"; m++) await minute(program, 3000);
      const decisions = (await h.call("GET", `/v1/programs/${program}/decisions`)).body.decisions as Array<{
        action: string;
        summary: string;
      }>;
      expect(decisions.filter((d) => /sample ratio/.test(d.summary))).toEqual([]);
      expect((await h.call("GET", `/v1/rollouts/${id}`)).body.status).toBe("promoted");
    });
  }
});
