import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "./policy.js";
import { canonicalPolicy, diffPolicies, formatPolicyDiff, parsePolicy } from "./policy-yaml.js";

function parse(text: string): PolicyDocument {
  const r = parsePolicy(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
const fraud = parse(readFileSync(resolve(import.meta.dirname, "../../examples/policies/fraud-detector.yaml"), "utf8"));

describe("canonicalPolicy", () => {
  it("is the same for the same policy written differently (key order, flow style, comments, shares)", () => {
    const metrics = "metrics:\n  fpr: { kind: proportion, direction: lower, source: { type: request, field: error } }\n";
    const a = parse(
      `program: x\n${metrics}gates:\n  live:\n    - metric: fpr\n      max: 0.02\nrollout:\n  steps:\n    - weight: 5%\n      duration: 30m\n`,
    );
    const b = parse(
      `# same\nrollout: { steps: [{ duration: 30m, weight: 0.05 }] }\ngates: { live: [{ max: 0.02, metric: fpr }] }\nprogram: x\n${metrics}`,
    );
    expect(canonicalPolicy(a)).toBe(canonicalPolicy(b));
  });

  it("applies defaults, so an explicit default is no change", () => {
    const a = parse("program: x\n");
    const b = parse("program: x\ngates:\n  minSamples: 100\n  alpha: 0.05\nrollout:\n  mode: canary\n");
    expect(canonicalPolicy(a)).toBe(canonicalPolicy(b));
    expect(JSON.parse(canonicalPolicy(a))).toMatchObject({
      gates: { minSamples: 100, alpha: 0.05, live: [] },
      rollout: { evaluateEvery: "10s", floor: 0.05 },
    });
  });

  it("sorts keys at every level", () => {
    const text = canonicalPolicy(fraud);
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toEqual([...keys].sort());
    expect(canonicalPolicy(JSON.parse(text) as PolicyDocument)).toBe(text);
  });
});

describe("diffPolicies", () => {
  it("finds nothing between a policy and itself, or its canonical form", () => {
    expect(diffPolicies(fraud, fraud)).toEqual([]);
    expect(diffPolicies(JSON.parse(canonicalPolicy(fraud)) as PolicyDocument, fraud)).toEqual([]);
  });

  it("lists every top-level section as added when there is no policy yet", () => {
    const changes = diffPolicies(null, fraud);
    expect(changes.every((c) => c.kind === "added" && !c.path.includes("."))).toBe(true);
    expect(changes.map((c) => c.path)).toContain("gates");
  });

  it("names the leaf that changed, with before and after", () => {
    const next = structuredClone(fraud);
    next.gates.live[0]!.margin = 0.02;
    next.rollout.steps![1]!.weight = 0.1;
    expect(diffPolicies(fraud, next)).toEqual([
      { path: "gates.live.0.margin", kind: "changed", before: 0.01, after: 0.02 },
      { path: "rollout.steps.1.weight", kind: "changed", before: 0.05, after: 0.1 },
    ]);
  });

  it("reports added and removed conditions and fields", () => {
    const next = structuredClone(fraud);
    next.gates.registry.pop();
    next.gates.live[1]!.alpha = 0.01;
    const changes = diffPolicies(fraud, next);
    expect(changes).toContainEqual({
      path: "gates.registry.1",
      kind: "removed",
      before: { everySegment: false, metric: "net_benefit", gt: 40000, required: true },
    });
    expect(changes).toContainEqual({ path: "gates.live.1.alpha", kind: "added", after: 0.01 });
    expect(formatPolicyDiff(changes)).toContain("- gates.registry.1: {");
    expect(formatPolicyDiff([{ path: "a", kind: "changed", before: 1, after: 2 }])).toBe("~ a: 1 → 2");
  });

  it("is empty exactly when the canonical forms are equal (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (a, b, required) => {
          const x = parse(`program: x\ngates:\n  registry:\n    - { metric: f1, min: ${a} }\n`);
          const y = parse(`program: x\ngates:\n  registry:\n    - { metric: f1, min: ${b}, required: ${required} }\n`);
          expect(diffPolicies(x, y).length === 0).toBe(canonicalPolicy(x) === canonicalPolicy(y));
        },
      ),
      { numRuns: 200 },
    );
  });
});
