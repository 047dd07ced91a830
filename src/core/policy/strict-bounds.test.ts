import { describe, expect, it } from "vitest";
import { PolicyDocument } from "../../contracts/policy.js";
import { policySemanticIssues } from "../../contracts/policy-semantics.js";
import { policyUnits } from "../../contracts/policy-units.js";
import { evaluateOfflineGate } from "./offline-gate.js";
import { describeResult } from "./describe.js";

describe("strict and inclusive bounds, percentages, units on offline metrics", () => {
  // The fraud seed: "net benefit > $40,000 AND F1 > 0.20". Exactly $40,000 must not register.
  const policy = PolicyDocument.parse({
    program: "fraud",
    offlineMetrics: { net_benefit: { unit: "$" } },
    gates: {
      registry: [
        { metric: "net_benefit", gt: 40000 },
        { metric: "f1", gt: 0.2 },
        { metric: "fpr", max: "12%" },
      ],
    },
  });

  it("gt/lt are strict, min/max inclusive; percentages are read as fractions", () => {
    expect(policy.gates.registry[2]).toMatchObject({ max: 0.12 });
    const run = (metrics: Record<string, number>) =>
      evaluateOfflineGate("registry", policy.gates.registry, { metrics, checks: [] }, undefined, { units: policyUnits(policy) });
    const atBound = run({ net_benefit: 40000, f1: 0.2, fpr: 0.12 });
    expect(atBound.map((r) => r.verdict)).toEqual(["fail", "fail", "pass"]);
    expect(atBound[0]).toMatchObject({ label: "net_benefit > 40000", unit: "$", reason: "$40,000 ≤ $40,000 (needs > $40,000)" });
    expect(describeResult(atBound[0]!)).toBe("net_benefit $40,000 (needs > $40,000)");
    expect(run({ net_benefit: 40000.01, f1: 0.2000001, fpr: 0.1200000000001 }).map((r) => r.verdict)).toEqual(["pass", "pass", "pass"]);
  });

  it("refuses contradictions and a bound given twice on one side", () => {
    expect(PolicyDocument.safeParse({ program: "x", gates: { registry: [{ metric: "f1", min: 0.2, gt: 0.2 }] } }).success).toBe(false);
    const empty = PolicyDocument.parse({ program: "x", gates: { registry: [{ metric: "f1", gt: 0.3, lt: 0.3 }] } });
    expect(policySemanticIssues(empty)[0]).toMatchObject({
      path: ["gates", "registry", 0, "gt"],
      message: expect.stringMatching(/no value can pass/),
    });
    expect(
      PolicyDocument.safeParse({ program: "x", gates: { live: [{ metric: "e", test: "non_inferiority", margin: "-1%" }] } }).success,
    ).toBe(false);
    expect(
      PolicyDocument.parse({ program: "x", gates: { live: [{ metric: "e", test: "non_inferiority", margin: "0.2%" }] } }).gates.live[0]
        ?.margin,
    ).toBe(0.002);
  });
});
