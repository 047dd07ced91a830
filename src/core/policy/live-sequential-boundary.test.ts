/** gates.sequentialBoundary reaches the live tests: the design boundary decides where the mixture waits. */
import { describe, expect, it } from "vitest";
import { evaluateLiveGate } from "./live-gate.js";
import type { LiveGateInput, LiveMetric } from "./live-types.js";
import { proportionReading } from "./testing/readings.js";
import type { PolicyCondition } from "./types.js";

const metrics: Record<string, LiveMetric> = { error_rate: { kind: "proportion", direction: "lower" } };
const conditions: PolicyCondition[] = [{ metric: "error_rate", test: "non_inferiority", margin: 0 }];

function input(sequential: LiveGateInput["sequential"]): LiveGateInput {
  // 1.00 % vs 1.32 % errors at 20,000 per arm (information time N = 40,000).
  const readings = { all: { 1: { error_rate: proportionReading(20000, 200) }, 2: { error_rate: proportionReading(20000, 264) } } };
  return {
    champion: 1,
    challengers: [2],
    metrics,
    readings,
    exposures: { 1: 20000, 2: 20000 },
    weights: { 1: 1, 2: 1 },
    ...(sequential !== undefined ? { sequential } : {}),
  };
}

const verdictOf = (i: LiveGateInput) => evaluateLiveGate(conditions, i).byChallenger[2]?.find((r) => r.id === "live.0");

describe("live tests with gates.sequentialBoundary", () => {
  it("uses the design boundary when asked: a 1.32 % vs 1.00 % error rate at the planned sample fails", () => {
    // z = 0.0032/sqrt(p̄(1 − p̄)·2/20000) ≈ 2.99 (pooled floor): beyond the design boundary (2.78 at N* with the normal phase's 90 % of α), not beyond the mixture's 3.06.
    const design = verdictOf(input({ tuning: 40000, boundary: "design" }));
    expect(design).toMatchObject({ verdict: "fail", sequential: true });
    const mixture = verdictOf(input({ tuning: 20000 }));
    expect(mixture?.verdict).toBe("inconclusive");
    expect(design?.ci?.[0]).toBeGreaterThan(mixture?.ci?.[0] ?? Infinity);
  });
});
