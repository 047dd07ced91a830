/**
 * Done-when of issue 10: over random telemetry and policies, the rollout page's data (GET …/analysis)
 * equal the controller's own decision inputs and verdicts at the same instant: the observation it
 * reconciles, the sample-ratio arms, the burn rows and the health; and every decision the controller
 * records carries the sample counts and SRM status the page showed. A second computation on either
 * side (burn rows recomputed or dropped, SRM shares changed in one place) fails here.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RolloutEvaluation } from "../../core/rollout/evaluate.js";
import type * as Observe from "../rollouts/observe.js";
import { mulberry32 } from "../../core/stats/random.js";
import { sendTraffic, setupProgram, testPolicy } from "../rollouts/testing.js";
import { startHarness, type Harness } from "../testing/harness.js";

/** Every evaluation made, in order (the analysis route's, then the controller's). */
const made: RolloutEvaluation[] = [];
vi.mock("../rollouts/observe.js", async (importOriginal) => {
  const original = await importOriginal<typeof Observe>();
  return {
    ...original,
    evaluateNow: async (...args: Parameters<typeof original.evaluateNow>) => {
      const e = await original.evaluateNow(...args);
      made.push(e);
      return e;
    },
  };
});

const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

const scenario = fc.record({
  weight: fc.constantFrom("10%", "20%", "50%"),
  rules: fc.array(
    fc.record({
      long: fc.constantFrom("2m", "5m"),
      short: fc.constantFrom("30s", "1m"),
      burnRate: fc.integer({ min: 2, max: 15 }),
      severity: fc.constantFrom("page", "ticket"),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  minEvents: fc.integer({ min: 10, max: 300 }),
  max: fc.constantFrom(0.02, 0.05, 0.2),
  minSamples: fc.integer({ min: 20, max: 600 }),
  looks: fc.array(
    fc.record({
      units: fc.integer({ min: 300, max: 2_000 }),
      champion: fc.double({ min: 0, max: 0.01, noNaN: true }),
      challenger: fc.double({ min: 0, max: 0.15, noNaN: true }),
    }),
    { minLength: 3, maxLength: 7 },
  ),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

describe("the rollout page shows the controller's own evaluation", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it("over random telemetry and policies: observation, SRM arms, burn rows, health and decision inputs agree look by look", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        let now = Date.parse("2026-11-23T10:00:00Z");
        await h?.close();
        h = await startHarness({ now: () => new Date(now) });
        const policy = testPolicy("shop", {
          slos: [{ name: "availability", metric: "error_rate", objective: 0.99, rules: s.rules, minEvents: s.minEvents }],
          rollout: { mode: "canary", steps: [{ weight: s.weight, duration: "1h", minSamples: 100 }], evaluateEvery: "10s" },
        });
        const gates = policy.gates as { live: unknown[]; minSamples: number };
        gates.live = [{ metric: "error_rate", max: s.max }];
        gates.minSamples = s.minSamples;
        await setupProgram(h, "shop", policy);
        const id = (await h.call("POST", "/v1/programs/shop/rollouts", { token: h.tokens.operator, body: { challengers: [2] } })).body
          .rollout.id as string;
        const share = Number(s.weight.slice(0, -1)) / 100;
        let seen = 0;
        for (const [i, look] of s.looks.entries()) {
          await sendTraffic(
            h,
            "shop",
            new Date(now),
            look.units,
            { 1: 1 - share, 2: share },
            { 1: { errorRate: look.champion, latencyMs: 100 }, 2: { errorRate: look.challenger, latencyMs: 100 } },
            mulberry32(s.seed + i),
          );
          now += 20_000;
          made.length = 0;
          const page = (await h.call("GET", `/v1/rollouts/${id}/analysis`, { token: h.tokens.viewer })).body;
          if (!page.live) break;
          await h.controller.tick(true);
          expect(made).toHaveLength(2);
          const controller = made[1]!;
          // The same instant, the same rollout state: the page's data are the controller's inputs and verdicts.
          expect(page.observation).toEqual(json(controller.observation));
          expect(page.srmArms).toEqual(json(controller.srmArms));
          expect(page.burn).toEqual(json(controller.burn));
          expect(page.health).toBe(controller.health.health);
          expect(page.burn).toHaveLength(s.rules.length * 2);
          expect(page.srmArms.map((a: { expectedShare: number }) => a.expectedShare)).toEqual([1 - share, share]);
          const decisions = (await h.call("GET", "/v1/programs/shop/decisions")).body.decisions as Array<{
            action: string;
            summary: string;
            conditions: Record<string, unknown>;
            inputs: { samples?: Record<string, number>; srm?: unknown };
          }>;
          for (const d of decisions.slice(seen).filter((x) => x.inputs.srm !== undefined)) {
            expect(d.inputs.srm).toEqual(page.observation.srm);
            expect(d.inputs.samples).toEqual({ v1: page.observation.championSamples, v2: page.observation.challengers[0].samples });
            if (d.conditions.v2 !== undefined) expect(d.conditions.v2).toEqual(page.observation.challengers[0].live.results);
            if (d.action === "rollback") expect(page.health).toBe("failing");
            if (d.action === "rollback" && /burn rate/.test(d.summary))
              expect(page.burn.some((r: { version: number; fired: boolean }) => r.version === 2 && r.fired)).toBe(true);
          }
          seen = decisions.length;
        }
        // Ended or not, the page still shows the evidence: burn rows included.
        const last = (await h.call("GET", `/v1/rollouts/${id}/analysis`, { token: h.tokens.viewer })).body;
        expect(last.burn).toHaveLength(s.rules.length * 2);
      }),
      { numRuns: 10 },
    );
  }, 240_000);

  it("a rollout rolled back for its burn rate shows, once ended, the burn rows it ended on", async () => {
    let now = Date.parse("2026-11-23T10:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
    const policy = testPolicy("shop", {
      slos: [
        {
          name: "availability",
          metric: "error_rate",
          objective: 0.999,
          rules: [{ long: "2m", short: "30s", burnRate: 6, severity: "page" }],
        },
      ],
      rollout: { mode: "canary", steps: [{ weight: "20%", duration: "1h", minSamples: 100 }], evaluateEvery: "10s" },
    });
    // Live conditions that never decide first: the burn rate is what ends this rollout.
    (policy.gates as { minSamples: number }).minSamples = 1_000_000;
    await setupProgram(h, "shop", policy);
    const id = (await h.call("POST", "/v1/programs/shop/rollouts", { token: h.tokens.operator, body: { challengers: [2] } })).body.rollout
      .id as string;
    for (let look = 0; look < 30 && (await h.call("GET", `/v1/rollouts/${id}`)).body.status === "running"; look++) {
      await sendTraffic(
        h,
        "shop",
        new Date(now),
        2_000,
        { 1: 0.8, 2: 0.2 },
        { 1: { errorRate: 0.0005, latencyMs: 100 }, 2: { errorRate: 0.05, latencyMs: 100 } },
        mulberry32(look + 1),
      );
      now += 10_000;
      await h.controller.tick(true);
    }
    const r = (await h.call("GET", `/v1/rollouts/${id}`)).body;
    expect(r.status).toBe("rolled_back");
    now += 3_600_000;
    const page = (await h.call("GET", `/v1/rollouts/${id}/analysis`, { token: h.tokens.viewer })).body;
    expect(page).toMatchObject({ live: false, evidenceAt: r.endedAt });
    expect(page.burn.filter((x: { version: number; fired: boolean }) => x.version === 2 && x.fired)).toHaveLength(1);
    expect(page.observation.challengers[0].burn.severity).toBe("page");
  });
});
