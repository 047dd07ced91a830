/**
 * The TypeScript assignment must agree exactly with the independent Python
 * reference (scripts/gen-assignment-cases.py) on every case it generated.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assign, compilePlan } from "./assign.js";
import { bucketOf, secondaryDraw } from "./hash.js";
import { armRange, CHAMPION, CURRENT_HASH_VERSION, planProblems, type TrafficPlan } from "./traffic-plan.js";

interface ConformanceCases {
  description: string[];
  hashVersion: number;
  hash: { seed: string; unitId: string; bucket: number }[];
  secondaryDraw: { bucket: number; draw: number }[];
  armRanges: { slots: number; slot: number; weight: number; range: [number, number] }[];
  bucketLookup: { plan: TrafficPlan; cases: { bucket: number; alias: string }[] }[];
  assignments: {
    name: string;
    plan: TrafficPlan;
    cases: { unitId: string; alias: string; shadow: string[]; bucket: number; reason: string }[];
  }[];
  ramps: { name: string; unitIds: string[]; steps: { plan: TrafficPlan; aliases: string[] }[] }[];
  shares: { name: string; plan: TrafficPlan; sampleSize: number; counts: Record<string, number> }[];
}

const cases = JSON.parse(readFileSync(new URL("../../../conformance/assignment-cases.json", import.meta.url), "utf8")) as ConformanceCases;

/** Bucket → alias using the compiled ranges, the way assignCompiled scans them. */
function aliasForBucket(plan: TrafficPlan, bucket: number): string {
  const compiled = compilePlan(plan);
  for (let i = 0; i < compiled.starts.length; i++) {
    if (bucket >= compiled.starts[i]! && bucket < compiled.ends[i]!) return compiled.aliases[i]!;
  }
  return CHAMPION;
}

describe("assignment conformance (conformance/assignment-cases.json)", () => {
  it("targets the current hash version", () => {
    expect(cases.hashVersion).toBe(CURRENT_HASH_VERSION);
    expect(cases.description.length).toBeGreaterThan(0);
  });

  it("hashes every seed and unit id to the reference bucket", () => {
    expect(cases.hash.length).toBeGreaterThan(50);
    for (const c of cases.hash) expect({ ...c, bucket: bucketOf(c.seed, c.unitId) }).toEqual(c);
  });

  it("draws the same secondary value", () => {
    for (const c of cases.secondaryDraw) expect(secondaryDraw(c.bucket)).toBe(c.draw);
  });

  it("computes the same arm ranges", () => {
    for (const c of cases.armRanges) expect(armRange({ slots: c.slots }, c)).toEqual(c.range);
  });

  it("serves the same alias at every range boundary", () => {
    for (const group of cases.bucketLookup) {
      expect(planProblems(group.plan)).toEqual([]);
      for (const c of group.cases) expect({ bucket: c.bucket, alias: aliasForBucket(group.plan, c.bucket) }).toEqual(c);
    }
  });

  it.each(cases.assignments.map((a) => [a.name, a] as const))("assigns like the reference: %s", (_name, group) => {
    expect(planProblems(group.plan)).toEqual([]);
    for (const c of group.cases) expect({ unitId: c.unitId, ...assign(group.plan, c.unitId) }).toEqual(c);
  });

  it.each(cases.ramps.map((r) => [r.name, r] as const))("ramps like the reference: %s", (_name, ramp) => {
    for (const step of ramp.steps) {
      const compiled = compilePlan(step.plan);
      expect(ramp.unitIds.map((id) => assign(compiled.plan, id).alias)).toEqual(step.aliases);
    }
  });

  it.each(cases.shares.map((s) => [s.name, s] as const))("splits a sample like the reference: %s", (_name, share) => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < share.sampleSize; i++) {
      const alias = assign(share.plan, `u-${i}`).alias;
      counts[alias] = (counts[alias] ?? 0) + 1;
    }
    expect(counts).toEqual(share.counts);
  });
});
