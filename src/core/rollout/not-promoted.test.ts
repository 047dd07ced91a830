import { describe, expect, it } from "vitest";
import { evaluateLiveGate } from "../policy/live-gate.js";
import { proportionReading } from "../policy/testing/readings.js";
import type { GateJudgement } from "./observation.js";
import { reconcile } from "./reconcile.js";
import { challenger, observe, plan, start, t0 } from "./testing/fixtures.js";

const unmet: GateJudgement = {
  outcome: "hold",
  results: [
    {
      verdict: "fail",
      required: true,
      label: "click_through better than champion by ≥ 0.7 pts (significant)",
      reason: "below",
      metric: "click_through",
    },
  ],
  summary: "success criteria not met: click_through 9.53 % vs 10.3 % (-0.791 pts, 95 % CI -2.23 to +0.651)",
};

describe("success criteria and maxDuration", () => {
  it("never rolls back on an unmet success criterion; at maxDuration the rollout ends not promoted, the challenger alias kept", () => {
    const p = plan({ maxDurationMs: 300_000 });
    let r = { ...start(p), stepIndex: 1 };
    const held = reconcile(r, observe(61_000, [challenger(2, "hold", { live: unmet })]));
    expect(held.rollout.status).toBe("running");
    expect(held.rollout.holdKind).toBe("significance");
    expect(held.rollout.hold).toMatch(
      /success criteria not met: click_through 9\.53 %.*not promoted unless met by 2026-11-22T10:05:00\.000Z/,
    );
    r = held.rollout;
    expect(reconcile(r, observe(299_000, [challenger(2, "hold", { live: unmet })])).rollout.status).toBe("running");
    const ended = reconcile(r, observe(300_000, [challenger(2, "hold", { live: unmet })]));
    expect(ended.rollout.status).toBe("not_promoted");
    expect(ended.decision).toMatchObject({
      action: "not_promoted",
      summary: expect.stringMatching(/^not promoted, kept for learning after 5 min: v2: success criteria not met: click_through 9\.53 %/),
    });
    expect(ended.rollout.challengers[0]).toMatchObject({ status: "kept" });
    expect(ended.effects).toContainEqual(expect.objectContaining({ type: "traffic", traffic: { slots: 1, arms: [], shadow: [] } }));
    expect(ended.effects.filter((e) => e.type === "alias")).toEqual([]);
    expect(reconcile(ended.rollout, observe(310_000, [challenger(2, "pass")])).decision).toBeNull();
  });

  it("clears the challenger alias when the policy says so, and ends even while paused or frozen (it promotes nothing)", () => {
    const r = { ...start(plan({ maxDurationMs: 60_000, notPromotedAlias: "clear" })), paused: true };
    const ended = reconcile(r, observe(60_000, [challenger(2, "hold")], { freeze: { frozen: true, summary: "incident" } }));
    expect(ended.rollout.status).toBe("not_promoted");
    expect(ended.effects).toContainEqual(expect.objectContaining({ type: "alias", alias: "challenger", version: null }));
  });

  it("a guardrail failure still rolls back before maxDuration is looked at", () => {
    const t = reconcile(start(plan({ maxDurationMs: 60_000 })), observe(60_000, [challenger(2, "fail")]));
    expect(t.rollout.status).toBe("rolled_back");
  });

  it("without maxDuration, an unmet success criterion holds at the last step (no decision by itself)", () => {
    const t = reconcile({ ...start(), stepIndex: 1 }, observe(10 * 86_400_000, [challenger(2, "hold", { live: unmet })]));
    expect(t.rollout.status).toBe("running");
    expect(t.rollout.holdKind).toBe("significance");
    expect(t0.getTime()).toBeLessThan(Date.parse(t.rollout.nextCheckAt));
  });

  it("the live gate: a significantly insufficient uplift is a success criterion not met (hold), a significant guardrail breach a failure", () => {
    const conditions = [
      { metric: "click_through", test: "superiority" as const, minEffect: 0.007 },
      { metric: "error_rate", test: "non_inferiority" as const, margin: 0.001 },
    ];
    const metrics = {
      click_through: { kind: "proportion" as const, direction: "higher" as const, unit: "%" },
      error_rate: { kind: "proportion" as const, direction: "lower" as const, unit: "%" },
    };
    const run = (clicks: number, errors: number) =>
      evaluateLiveGate(conditions, {
        champion: 7,
        challengers: [8],
        metrics,
        readings: {
          all: {
            7: { click_through: proportionReading(90000, 9270), error_rate: proportionReading(90000, 900) },
            8: { click_through: proportionReading(10000, clicks), error_rate: proportionReading(10000, errors) },
          },
        },
        exposures: { 7: 90000, 8: 10000 },
        weights: {},
      }).summaries[8]!;
    const noUplift = run(953, 100);
    expect(noUplift.outcome).toBe("hold");
    expect(noUplift.unmet.map((x) => x.metric)).toEqual(["click_through"]);
    expect(noUplift.failed).toEqual([]);
    const breach = run(953, 300);
    expect(breach.outcome).toBe("fail");
    expect(breach.failed.map((x) => x.metric)).toEqual(["error_rate"]);
  });
});
