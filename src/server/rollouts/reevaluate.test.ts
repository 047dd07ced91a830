/**
 * Issue 12: `arena status` kept "holding: promotions frozen" for a minute after `arena unfreeze`, and
 * showed "STEP 2/2 5 %" during burn-in while the new champion served 100 %. The controller now looks
 * at once when the freeze state or the policy changes, and the status says what is being served.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/stats/random.js";
import { startHarness, type Harness } from "../testing/harness.js";
import { sendTraffic, setupProgram, testPolicy } from "./testing.js";

const GOOD = { 1: { errorRate: 0.01, latencyMs: 100 }, 2: { errorRate: 0.01, latencyMs: 100 } };

describe("the controller re-evaluates at once, and the status is truthful", () => {
  let h: Harness;
  let now: number;
  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
  });
  afterEach(() => h.close());
  const current = async () => (await h.call("GET", "/v1/programs/shop/rollouts")).body.rollouts[0];

  it("a freeze and an unfreeze are looked at on the next pass, not at the next scheduled look", async () => {
    await setupProgram(
      h,
      "shop",
      testPolicy("shop", {
        rollout: { mode: "canary", steps: [{ weight: "10%", duration: "1m", minSamples: 200 }], evaluateEvery: "10m" },
      }),
    );
    await h.call("POST", "/v1/programs/shop/rollouts", { token: h.tokens.operator, body: { challengers: [2] } });
    await sendTraffic(h, "shop", new Date(now), 4000, { 1: 0.9, 2: 0.1 }, GOOD, mulberry32(3));
    now += 30_000;
    await h.controller.tick();
    expect((await h.call("POST", "/v1/freeze", { token: h.tokens.operator, body: { reason: "INC-9" } })).status).toBe(200);
    now += 1_000;
    await h.controller.tick();
    const held = await current();
    expect(held.hold, JSON.stringify(held)).toMatch(/^promotions frozen/);
    // While a rollout runs, lifting a freeze is a protected change (issue 13): a second principal approves it.
    const lift = await h.call("DELETE", "/v1/freeze", { token: h.tokens.operator });
    expect(lift.status).toBe(202);
    expect((await h.call("POST", `/v1/changes/${lift.body.changeRequest.id}/approve`, { token: h.tokens.approver, body: {} })).status).toBe(
      200,
    );
    now += 1_000;
    await h.controller.tick();
    expect((await current()).hold ?? "").not.toMatch(/frozen/);
    // Without a change, nothing is looked at before nextCheckAt (ten minutes here).
    const before = (await current()).revision;
    now += 1_000;
    await h.controller.tick();
    expect((await current()).revision).toBe(before);
  });

  it("during burn-in the status shows the promoted version serving every unit, with the burn-in's progress", async () => {
    const policy = testPolicy("shop", {
      rollout: { mode: "canary", steps: [{ weight: "5%", duration: "1m", minSamples: 200 }], evaluateEvery: "10s" },
    });
    (policy.gates as Record<string, unknown>).burnIn = { duration: "30m", conditions: [{ metric: "error_rate", max: 0.05 }] };
    await setupProgram(h, "shop", policy);
    await h.call("POST", "/v1/programs/shop/rollouts", { token: h.tokens.operator, body: { challengers: [2] } });
    const random = mulberry32(12);
    for (let m = 0; m < 10 && (await current()).status !== "burn_in"; m++) {
      await sendTraffic(h, "shop", new Date(now), 8000, { 1: 0.95, 2: 0.05 }, GOOD, random);
      now += 60_000;
      await h.controller.tick(true);
    }
    expect((await current()).status, JSON.stringify((await current()).hold)).toBe("burn_in");
    const status = (await h.call("GET", "/v1/status")).body.programs.find((p: { program: string }) => p.program === "shop");
    expect(status.rollout).toMatchObject({ status: "burn_in", stepLabel: "burn-in: v2 serves 100 %", stepDurationMs: 30 * 60_000 });
    expect(status.rollout.burnInUntil).toBe((await current()).burnInUntil);
  });
});
