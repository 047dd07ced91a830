import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPolicyErrors, parsePolicy, type PolicyError } from "./policy-yaml.js";

const example = (name: string): string => readFileSync(resolve(import.meta.dirname, "../../examples/policies", name), "utf8");

function errorsOf(text: string): PolicyError[] {
  const r = parsePolicy(text, "policy.yaml");
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}
const lines = (text: string): string => formatPolicyErrors(errorsOf(text));

describe("parsePolicy: the examples", () => {
  it.each(["fraud-detector.yaml", "checkout-api.yaml", "ranker.yaml"])("%s parses", (name) => {
    const r = parsePolicy(example(name), name);
    if (!r.ok) throw new Error(formatPolicyErrors(r.errors));
    expect(r.policy.program).toBe(name.replace(".yaml", ""));
  });

  it("fraud-detector states scenario 1's gates", () => {
    const r = parsePolicy(example("fraud-detector.yaml"));
    if (!r.ok) throw new Error("invalid");
    const g = r.policy.gates;
    expect(g.registry).toEqual([
      expect.objectContaining({ metric: "f1", gt: 0.2 }),
      expect.objectContaining({ metric: "net_benefit", gt: 40000 }),
    ]);
    expect(g.preproduction[0]).toMatchObject({ metric: "f1", delta: { min: 0.015, relative: false } });
    expect(g.live[0]).toMatchObject({ metric: "fpr", test: "non_inferiority", margin: 0.01, everySegment: true });
    expect(r.policy.rollout.steps?.map((s) => [s.shadow, s.weight, s.duration])).toEqual([
      [true, undefined, "1h"],
      [false, "5%", "30m"],
    ]);
    expect(r.policy.approvals.roles.map((x) => x.name)).toEqual(["model-owner", "data-steward"]);
  });
});

describe("parsePolicy: errors with line and column", () => {
  it("a missing key is reported at the object that lacks it (the issue's example)", () => {
    const text = [
      "program: fraud-detector", // 1
      "gates:",
      "  live:",
      "    - metric: fpr",
      "      test: non_inferiority", // 5
    ].join("\n");
    expect(lines(text)).toBe("policy.yaml:4:7 gates.live.0.margin: non_inferiority needs a margin");
  });

  it("YAML syntax errors carry their position and no path", () => {
    const [e] = errorsOf("program: x\ngates:\n  live: [1, 2\n");
    expect(e).toMatchObject({ path: "", line: 4, column: 1 });
    expect(errorsOf("program: x\nprogram: y\n")[0]).toMatchObject({ line: 2, column: 1, message: "Map keys must be unique" });
    expect(errorsOf("program: x\n---\nprogram: y\n")[0]?.message).toContain("multiple documents");
  });

  it("an unknown field points at its key", () => {
    const text = "program: x\ngates:\n  registry:\n    - metric: f1\n      minn: 0.2\n";
    const errors = errorsOf(text);
    expect(errors).toContainEqual(
      expect.objectContaining({ path: "gates.registry.0.minn", line: 5, column: 7, message: 'unknown field "minn"' }),
    );
  });

  it("a wrong value points at the value", () => {
    expect(lines("program: x\ngates:\n  alpha: lots\n")).toBe("policy.yaml:3:10 gates.alpha: expected number, received string");
    expect(lines("program: x\nrollout:\n  steps:\n    - weight: 5 percent\n      duration: 30m\n")).toBe(
      "policy.yaml:4:15 rollout.steps.0.weight: must be a share such as 5% or 0.05",
    );
    expect(lines("program: x\nrollout:\n  steps:\n    - weight: true\n      duration: 30m\n")).toBe(
      "policy.yaml:4:15 rollout.steps.0.weight: expected number or string",
    );
  });

  it("an empty value is reported at its key", () => {
    const text = "program: x\ngates:\n  live:\n    - metric: fpr\n      test: non_inferiority\n      margin:\n";
    expect(lines(text)).toBe("policy.yaml:6:7 gates.live.0.margin: expected number, received null");
  });

  it("a missing required field names what is expected", () => {
    expect(lines("description: no program\n")).toBe("policy.yaml:1:1 program: missing (expected string)");
    expect(lines("")).toBe("policy.yaml:1:1 program: missing (expected string)");
    expect(lines("- a\n")).toBe("policy.yaml:1:1 expected object, received array");
  });

  it("an invalid metric name points at the name", () => {
    const text = "program: x\nmetrics:\n  Bad Name:\n    kind: proportion\n";
    expect(errorsOf(text)[0]).toMatchObject({ line: 3, column: 3, path: "metrics.Bad Name" });
    expect(errorsOf(text)[0]?.message).toMatch(/^invalid name "Bad Name": must be 1-63 characters/);
  });

  it("errors come sorted by position, and the source names the file", () => {
    const text = "program: x\nowners: [1]\ngates:\n  alpha: 2\n";
    const errors = errorsOf(text);
    expect(errors.map((e) => e.line)).toEqual([2, 4]);
    expect(errors[0]?.source).toBe("policy.yaml");
    expect(formatPolicyErrors(errors, "repo/policy.yaml").split("\n")[0]).toMatch(/^repo\/policy\.yaml:2:/);
  });

  it("resolves anchors and aliases", () => {
    const text =
      "program: x\nmetrics:\n  error_rate: { kind: proportion, direction: lower, source: { type: request, field: error } }\ngates:\n  live:\n    - &guard { metric: error_rate, max: 0.01 }\n  burnIn:\n    duration: 1h\n    conditions: [*guard]\n";
    const r = parsePolicy(text);
    expect(r.ok && r.policy.gates.burnIn?.conditions[0]).toMatchObject({ metric: "error_rate", max: 0.01 });
  });

  it("never throws and always gives positions ≥ 1 (fuzzed text)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parsePolicy(`program: x\n${text}`);
        if (!r.ok) for (const e of r.errors) expect(e.line >= 1 && e.column >= 1).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parsePolicy: cross-field rules", () => {
  const gate = (where: string, condition: string) => `program: x\ngates:\n  ${where}:\n    - ${condition}\n`;

  it.each([
    ["gates.registry.0.delta", "no champion to compare with", gate("registry", "{ metric: f1, delta: { min: 0.01 } }")],
    ["gates.registry.0.test", "a statistical test needs live data", gate("registry", "{ metric: f1, test: superiority }")],
    [
      "gates.preproduction.0.everySegment",
      "offline metrics have no segments",
      gate("preproduction", "{ metric: f1, min: 0.2, everySegment: true }"),
    ],
    ["gates.live.0.check", "checks are offline results", gate("live", "{ check: security-scan }")],
    ["gates.registry.0.min", "a check condition takes no min", gate("registry", "{ check: scan, min: 1 }")],
    ["gates.live.0.relative", "for a delta use delta.relative", gate("live", "{ metric: ctr, delta: { min: 0 }, relative: true }")],
    ["gates.live.0.alpha", "alpha applies to statistical tests", gate("live", "{ metric: ctr, max: 1, alpha: 0.01 }")],
    ["gates.registry.0.min", "min (0.5) is above max (0.2)", gate("registry", "{ metric: f1, min: 0.5, max: 0.2 }")],
    [
      "gates.preproduction.0.delta.min",
      "delta.min (0.1) is above delta.max (0)",
      gate("preproduction", "{ metric: f1, delta: { min: 0.1, max: 0 } }"),
    ],
    ["rollout.steps.0.weight", "a share is at most 100%", "program: x\nrollout:\n  steps:\n    - { weight: 150%, duration: 1h }\n"],
    ["promotionWindows.0.hours", "an empty window", 'program: x\npromotionWindows:\n  - hours: "09:00-09:00"\n'],
    ["promotionWindows.0.hours", "ends at 24:00 at the latest", 'program: x\npromotionWindows:\n  - hours: "09:00-24:30"\n'],
    [
      "slos.0.rules.0.short",
      "the short window must be shorter",
      "program: x\nslos:\n  - name: a\n    metric: e\n    objective: 0.99\n    rules: [{ long: 5m, short: 1h, burnRate: 2, severity: page }]\n",
    ],
    [
      "approvals.roles.1.name",
      "another role has this name",
      "program: x\napprovals:\n  roles:\n    - { name: owner, members: [a] }\n    - { name: owner, members: [b] }\n",
    ],
    [
      "notifications.webhooks.0.url",
      "must be an http or https URL",
      'program: x\nnotifications:\n  webhooks:\n    - { url: "ftp://h.example", secretEnv: S, events: [srm] }\n',
    ],
  ])("%s: %s", (path, message, text) => {
    const errors = errorsOf(text);
    expect(errors.find((e) => e.path === path)?.message).toContain(message);
  });

  it("conditions that contradict the metric's kind", () => {
    const metrics = [
      "metrics:",
      "  cpu: { kind: gauge, direction: lower, source: { type: prometheus, query: 'sum(cpu)' } }",
      "  drift: { kind: drift, direction: lower, source: { type: feature, feature: f, bins: [1, 2] } }",
      "  latency: { kind: mean, direction: lower, source: { type: request, field: latency } }",
    ].join("\n");
    const text = `program: x\n${metrics}\ngates:\n  live:\n    - { metric: cpu, test: superiority }\n    - { metric: drift, min: 0 }\nslos:\n  - { name: s, metric: latency, objective: 0.99 }\n`;
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ["gates.live.0.test", 8],
      ["gates.live.1.metric", 9],
      ["slos.0.metric", 11],
    ]);
  });
});
