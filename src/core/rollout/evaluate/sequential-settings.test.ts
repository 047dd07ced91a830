/** The controller's default always-valid test: the design boundary at the plan's information time; the mixture when asked. */
import { describe, expect, it } from "vitest";
import { plan } from "../testing/fixtures.js";
import type { PlanStep } from "../types.js";
import { sequentialOf } from "./sequential-settings.js";

const step = (weight: number, minSamples: number, shadow = false): PlanStep => ({
  shadow,
  weight,
  sample: 1,
  durationMs: 60_000,
  minSamples,
  approval: false,
});
const challengers = (k: number) =>
  Array.from({ length: k }, (_, i) => ({ version: i + 2, alias: `c${i}`, slot: i, status: "active" as const, reason: null }));
const rollout = (steps: PlanStep[], mode: "canary" | "split" | "bandit" = "canary", k = 1) => ({
  plan: plan({ mode, steps }),
  challengers: challengers(k),
});

describe("sequentialOf (the controller's boundary and N*)", () => {
  it("defaults to the design boundary at the plan's information time, not the balanced 2 m of a canary's small arm", () => {
    expect(sequentialOf({ minSamples: 100 }, rollout([step(0.05, 1000)]))).toEqual({ boundary: "design", tuning: 3800 });
    // A shadow step serves no live arm; a step without its own minimum counts with the gate's: 10 % until the
    // challenger holds 100 (champion 900), then 50 % until it holds 5,000 (champion 5,800).
    expect(sequentialOf({ minSamples: 100 }, rollout([step(0, 0, true), step(0.1, 0), step(0.5, 5000)]))).toEqual({
      boundary: "design",
      tuning: Math.round((4 * 5800 * 5000) / 10_800),
    });
  });

  it("derives N* from the gate minimum when the steps set none, in split and bandit plans too", () => {
    // 10 % until the challenger holds 100: champion 900, N = 4·900·100/1000.
    expect(sequentialOf({ minSamples: 100 }, rollout([step(0.1, 0)]))).toEqual({ boundary: "design", tuning: 360 });
    expect(sequentialOf({ minSamples: 100 }, rollout([step(0.5, 100)], "split"))).toEqual({ boundary: "design", tuning: 200 });
    expect(sequentialOf({ minSamples: 5000 }, rollout([step(0.5, 5000)], "bandit"))).toEqual({ boundary: "design", tuning: 10_000 });
  });

  it("keeps the policy's choices: mixture selectable, sequentialTuning is the design's N*", () => {
    const canary = rollout([step(0.05, 1000)]);
    expect(sequentialOf({ minSamples: 100, sequentialBoundary: "mixture" }, canary)).toEqual({ boundary: "mixture", tuning: 2000 });
    expect(sequentialOf({ minSamples: 100, sequentialTuning: 20_000 }, rollout([step(0.1, 0)]))).toEqual({
      boundary: "design",
      tuning: 20_000,
    });
    expect(sequentialOf({ minSamples: 100, sequentialBoundary: "mixture", sequentialTuning: 7000 }, canary)).toEqual({
      boundary: "mixture",
      tuning: 7000,
    });
    // Asked for explicitly without a stated design: the gate minimum is the design (the schema's least N*, 100, below).
    expect(sequentialOf({ minSamples: 10, sequentialBoundary: "design" }, rollout([step(0.5, 10)], "split"))).toEqual({
      boundary: "design",
      tuning: 100,
    });
  });

  it("counts every challenger of the rollout in the champion's share", () => {
    // Two challengers at 25 %: the champion (50 %) holds 2,000 when each challenger holds 1,000.
    expect(sequentialOf({ minSamples: 0 }, rollout([step(0.25, 1000)], "canary", 2)).tuning).toBe(Math.round((4 * 2000 * 1000) / 3000));
  });
});
