import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatPolicyErrors, parsePolicy } from "./policy-yaml.js";
import { PolicyDocument } from "./policy.js";
import { didYouMean, policyReferenceIssues } from "./policy-references.js";

const root = resolve(import.meta.dirname, "../..");

describe("policies validated against the names they use", () => {
  it("a typo in a live-gate metric is refused with line, column and a did-you-mean", () => {
    const text = readFileSync(resolve(root, "examples/policies/fraud-detector.yaml"), "utf8");
    const typo = text.replace(/(live:\s*\n(?:\s*#.*\n)*\s*- metric: )(\w+)/, "$1$2x");
    expect(typo).not.toBe(text);
    const parsed = parsePolicy(typo, "fraud-detector.yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(formatPolicyErrors(parsed.errors)).toMatch(
      /^fraud-detector\.yaml:\d+:\d+ gates\.live\.0\.metric: metric (\w+)x is not defined \(did you mean \1\?\): define it under metrics/m,
    );
  });

  it("every example policy names only what it defines", () => {
    for (const name of ["checkout-api", "fraud-detector", "ranker"]) {
      const parsed = parsePolicy(readFileSync(resolve(root, `examples/policies/${name}.yaml`), "utf8"), name);
      expect(parsed.ok ? [] : formatPolicyErrors(parsed.errors), name).toEqual([]);
    }
  });

  it("SLO metrics, the primary metric, everySegment without segments; offline metrics and principals when the program's are known", () => {
    const p = PolicyDocument.parse({
      program: "x",
      metrics: { error_rate: { kind: "proportion", direction: "lower", source: { type: "request", field: "error" } } },
      gates: {
        registry: [{ metric: "f1_scor", min: 0.2 }],
        live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.01, everySegment: true }],
      },
      rollout: { primary: "eror_rate" },
      slos: [{ name: "availability", metric: "errors", objective: 0.999 }],
      approvals: { roles: [{ name: "owner", members: ["alise"] }] },
    });
    const paths = (issues: ReturnType<typeof policyReferenceIssues>) => issues.map((i) => i.path.join("."));
    expect(paths(policyReferenceIssues(p))).toEqual(["gates.live.0.everySegment", "slos.0.metric", "rollout.primary"]);
    const full = policyReferenceIssues(p, { offlineMetrics: ["f1_score", "fpr"], principals: ["alice", "bob"] });
    expect(full.find((i) => i.path[1] === "registry")?.message).toBe(
      "no candidate of this program carries metric f1_scor (did you mean f1_score?)",
    );
    expect(full.find((i) => i.path[0] === "approvals")?.message).toBe(
      "no token is named alise (did you mean alice?): members are token names",
    );
    expect(full.find((i) => i.path[0] === "rollout")?.message).toMatch(/did you mean error_rate\?/);
    expect(didYouMean("latency", ["cost_per_request"])).toBe("");
  });
});
