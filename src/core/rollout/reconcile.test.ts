import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { approve } from "./actions.js";
import type { GateJudgement } from "./observation.js";
import { reconcile } from "./reconcile.js";
import { challenger, judged, observe, plan, start, t0 } from "./testing/fixtures.js";
import type { Rollout } from "./types.js";

describe("reconcile", () => {
  it("advances after the step's duration and samples, then promotes when every required condition passes", () => {
    let r = start();
    expect(reconcile(r, observe(30_000, [challenger(2, "pass")])).decision).toBeNull();
    const advanced = reconcile(r, observe(61_000, [challenger(2, "hold")]));
    expect(advanced.decision?.action).toBe("advance");
    expect(advanced.effects.find((e) => e.type === "traffic")).toMatchObject({ traffic: { arms: [{ alias: "challenger", weight: 0.5 }] } });
    r = advanced.rollout;
    const waiting = reconcile(r, observe(130_000, [challenger(2, "hold")]));
    expect(waiting.rollout.holdKind).toBe("significance");
    const promoted = reconcile(waiting.rollout, observe(140_000, [challenger(2, "pass")]));
    expect(promoted.rollout.status).toBe("promoted");
    expect(promoted.effects).toContainEqual(expect.objectContaining({ type: "alias", alias: "champion", version: 2, expected: 1 }));
  });

  it("rolls a failing challenger back even while paused or frozen, and never on an invalid analysis", () => {
    const paused = { ...start(), paused: true };
    expect(
      reconcile(paused, observe(10_000, [challenger(2, "fail")], { freeze: { frozen: true, summary: "incident" } })).rollout.status,
    ).toBe("rolled_back");
    const srm = reconcile(
      start(),
      observe(10_000, [challenger(2, "fail")], { srm: { valid: false, checked: true, summary: "v1 900, v2 300" } }),
    );
    expect(srm.rollout.status).toBe("running");
    expect(srm.rollout.holdKind).toBe("srm");
    expect(srm.effects).toContainEqual(expect.objectContaining({ type: "notify", event: "srm" }));
    const burning = reconcile(
      start(),
      observe(10_000, [challenger(2, "hold", { burn: { severity: "page", summary: "burn rate 48× over 5 min" } })], {
        srm: { valid: false, checked: true, summary: "x" },
      }),
    );
    expect(burning.rollout.status).toBe("rolled_back");
  });

  it("holds when a required condition has no data, and records a hold only when its kind changes", () => {
    const noData = (n: number) => observe(61_000 + n, [{ ...challenger(2, "hold"), live: judged("hold", "no_data") }]);
    const first = reconcile(start(), noData(0));
    expect(first.rollout.holdKind).toBe("no_data");
    expect(first.decision?.action).toBe("hold");
    expect(reconcile(first.rollout, noData(1_000)).decision).toBeNull();
  });

  it("waits outside a promotion window and says so", () => {
    const r = { ...start(), stepIndex: 1, stepStartedAt: t0.toISOString() };
    const t = reconcile(
      r,
      observe(61_000, [challenger(2, "pass")], { promotionWindow: { open: false, summary: "promotions only mon-fri 09:00-17:00 UTC" } }),
    );
    expect(t.rollout.status).toBe("running");
    expect(t.rollout.hold).toMatch(/outside the promotion window/);
  });

  it("promotes the best of several passing challengers by the tie-break", () => {
    const r = { ...start(plan(), [2, 3]), stepIndex: 1 };
    const t = reconcile(
      r,
      observe(61_000, [challenger(2, "pass", { primaryImprovement: 3 }), challenger(3, "pass", { primaryImprovement: 7 })]),
    );
    expect(t.rollout.promoted).toBe(3);
    expect(t.rollout.challengers.find((c) => c.version === 2)?.status).toBe("eliminated");
    const tie = reconcile(
      r,
      observe(61_000, [challenger(2, "pass", { primaryImprovement: 5 }), challenger(3, "pass", { primaryImprovement: 5 })]),
    );
    expect(tie.rollout.promoted).toBe(2);
  });

  it("waits for approvals from named roles before promoting, and never from the requester", () => {
    const p = plan({ approvalRoles: [{ name: "model-owner", members: ["bob"] }] });
    const r = { ...start(p), stepIndex: 1 };
    const waiting = reconcile(r, observe(61_000, [challenger(2, "pass")]));
    expect(waiting.rollout.status).toBe("awaiting_approval");
    expect(() => approve(waiting.rollout, "alice", "model-owner", "", t0)).toThrow(/requested this rollout/);
    const approved = approve(waiting.rollout, "bob", "model-owner", "ok", t0).rollout;
    expect(reconcile(approved, observe(62_000, [challenger(2, "pass")])).rollout.status).toBe("promoted");
  });

  it("reweights a bandit by the probability of being best, within the floor and the slot", () => {
    const r = start(
      plan({ mode: "bandit", steps: [{ shadow: false, weight: 0.25, sample: 1, durationMs: 3_600_000, minSamples: 0, approval: false }] }),
      [2, 3],
    );
    const t = reconcile(
      r,
      observe(61_000, [challenger(2, "hold", { probabilityBest: 0.9 }), challenger(3, "hold", { probabilityBest: 0.01 })]),
    );
    expect(t.decision?.action).toBe("reweight");
    expect(t.rollout.banditWeights).toEqual({ "2": 0.5, "3": 0.05 });
  });

  it("moves @champion back when the burn-in breaches", () => {
    const r: Rollout = {
      ...start(plan({ burnInMs: 60_000 })),
      status: "burn_in",
      promoted: 2,
      burnInUntil: new Date(t0.getTime() + 60_000).toISOString(),
    };
    const t = reconcile(r, observe(30_000, [], { championNow: 2, burnIn: judged("fail"), burnInBurn: { severity: "none", summary: "" } }));
    expect(t.rollout.status).toBe("rolled_back");
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "alias", alias: "champion", version: 1, expected: 2 }));
  });

  it("never promotes unless every challenger condition passed (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<GateJudgement["outcome"]>("pass", "fail", "hold"),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (outcome, frozen, srmValid, windowOpen) => {
          const r = { ...start(), stepIndex: 1 };
          const t = reconcile(
            r,
            observe(61_000, [challenger(2, outcome)], {
              freeze: { frozen, summary: "f" },
              srm: { valid: srmValid, checked: true, summary: "s" },
              promotionWindow: { open: windowOpen, summary: "w" },
            }),
          );
          if (t.rollout.status === "promoted") expect(outcome === "pass" && !frozen && srmValid && windowOpen).toBe(true);
        },
      ),
    );
  });
});
