import { describe, expect, it } from "vitest";
import { startRollout } from "./actions.js";
import type { Observation } from "./observation.js";
import { reconcile } from "./reconcile.js";
import type { Rollout } from "./types.js";

const t0 = new Date("2026-11-22T10:00:00Z");

/** A rollout of v2 against v1, promoted at t0 and in a one-minute burn-in. */
function inBurnIn(): Rollout {
  const step = { shadow: false, weight: 0.1, sample: 1, durationMs: 60_000, minSamples: 100, approval: false };
  const plan = {
    mode: "canary" as const,
    steps: [step],
    primary: null,
    tieBreak: ["lowest_version" as const],
    evaluateEveryMs: 10_000,
    reweightEveryMs: 60_000,
    floor: 0.05,
    minSamplesPerArm: 100,
    approvalRoles: [],
    burnInMs: 60_000,
  };
  const r = startRollout({
    id: "r1",
    program: "p",
    champion: 1,
    challengers: [2],
    requestedBy: "alice",
    plan,
    policyRevision: 1,
    now: t0,
  }).rollout;
  return { ...r, status: "burn_in", promoted: 2, burnInUntil: new Date(t0.getTime() + 60_000).toISOString() };
}

const observe = (championNow: number | null, burnIn: "pass" | "fail"): Observation => ({
  now: new Date(t0.getTime() + 30_000),
  championSamples: 1_000,
  championNow,
  srm: { valid: true, checked: true, summary: "" },
  challengers: [],
  freeze: { frozen: false, summary: "" },
  promotionWindow: { open: true, summary: "" },
  burnIn: { outcome: burnIn, results: [], summary: `error_rate ${burnIn}` },
  burnInBurn: { severity: "none", summary: "" },
});

describe("burn-in when @champion was moved by hand", () => {
  it("ends the rollout instead of retrying a rollback the compare-and-set refuses", () => {
    const t = reconcile(inBurnIn(), observe(3, "fail"));
    expect(t.rollout.status).toBe("aborted");
    expect(t.effects.some((e) => e.type === "alias")).toBe(false);
    expect(t.decision).toMatchObject({ action: "abort", summary: "burn-in of v2 ended: @champion was moved to v3 outside the rollout" });
  });

  it("counts a move back to the old champion as a rollback", () => {
    const t = reconcile(inBurnIn(), observe(1, "pass"));
    expect(t.rollout.status).toBe("rolled_back");
    expect(t.decision?.action).toBe("rollback");
    expect(t.effects).toEqual([expect.objectContaining({ type: "notify", event: "rollback" })]);
  });

  it("still moves @champion back itself on a breach while it owns it", () => {
    const t = reconcile(inBurnIn(), observe(2, "fail"));
    expect(t.rollout.status).toBe("rolled_back");
    expect(t.effects).toContainEqual(expect.objectContaining({ type: "alias", alias: "champion", version: 1, expected: 2 }));
  });
});
