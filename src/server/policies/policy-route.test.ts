import { afterEach, describe, expect, it } from "vitest";
import { testPolicy } from "../rollouts/testing.js";
import { startHarness, type Harness } from "../testing/harness.js";

/**
 * Every rule of the one semantic validator (src/contracts/policy-semantics.ts), sent through
 * PUT …/policy: each is refused with 400 naming the field and the rule, and nothing is stored.
 * The first six are the violations the server used to accept.
 */
const gauge = { kind: "gauge", direction: "lower", unit: "ms", source: { type: "prometheus", query: "up" } };
const drift = { kind: "drift", direction: "lower", unit: "", source: { type: "feature", feature: "amount", bins: [10, 100] } };
const base = testPolicy("p");
const gates = base.gates as Record<string, unknown>;
const metrics = base.metrics as Record<string, unknown>;

const CASES: { name: string; change: Record<string, unknown>; path: string; rule: RegExp }[] = [
  {
    name: "min above max",
    change: { gates: { ...gates, registry: [{ metric: "f1", min: 0.9, max: 0.1 }] } },
    path: "body.gates.registry.0.min",
    rule: /above max/,
  },
  {
    name: "duplicate approval role names",
    change: {
      approvals: {
        roles: [
          { name: "risk", members: ["a"] },
          { name: "risk", members: ["b"] },
        ],
      },
    },
    path: "body.approvals.roles.1.name",
    rule: /another role has this name/,
  },
  {
    name: "file:// webhook",
    change: { notifications: { webhooks: [{ url: "file:///etc/passwd", secretEnv: "HOOK", events: ["promotion"] }] } },
    path: "body.notifications.webhooks.0.url",
    rule: /http or https/,
  },
  {
    name: "statistical test in the registry gate",
    change: { gates: { ...gates, registry: [{ metric: "error_rate", test: "superiority", minEffect: 0 }] } },
    path: "body.gates.registry.0.test",
    rule: /needs live data/,
  },
  {
    name: "SLO short window not shorter than long",
    change: {
      slos: [{ name: "avail", metric: "error_rate", objective: 0.99, rules: [{ long: "5m", short: "1h", burnRate: 2, severity: "page" }] }],
    },
    path: "body.slos.0.rules.0.short",
    rule: /shorter than the long/,
  },
  {
    name: "150% canary step",
    change: { rollout: { mode: "canary", steps: [{ weight: "150%", duration: "5m" }] } },
    path: "body.rollout.steps.0.weight",
    rule: /at most 100%/,
  },
  {
    name: "check with a bound",
    change: { gates: { ...gates, registry: [{ check: "scan", min: 1 }] } },
    path: "body.gates.registry.0.min",
    rule: /check condition takes no min/,
  },
  {
    name: "check with everySegment",
    change: { gates: { ...gates, registry: [{ check: "scan", everySegment: true }] } },
    path: "body.gates.registry.0.everySegment",
    rule: /a check has no segments/,
  },
  {
    name: "check in a live gate",
    change: { gates: { ...gates, live: [{ check: "scan" }] } },
    path: "body.gates.live.0.check",
    rule: /offline results/,
  },
  {
    name: "delta in the registry gate",
    change: { gates: { ...gates, registry: [{ metric: "f1", delta: { min: 0 } }] } },
    path: "body.gates.registry.0.delta",
    rule: /no champion to compare/,
  },
  {
    name: "everySegment offline",
    change: { gates: { ...gates, preproduction: [{ metric: "f1", min: 0, everySegment: true }] } },
    path: "body.gates.preproduction.0.everySegment",
    rule: /offline metrics have no segments/,
  },
  {
    name: "relative without a test",
    change: { gates: { ...gates, live: [{ metric: "error_rate", max: 0.1, relative: true }] } },
    path: "body.gates.live.0.relative",
    rule: /relative applies to statistical tests/,
  },
  {
    name: "alpha without a test",
    change: { gates: { ...gates, live: [{ metric: "error_rate", max: 0.1, alpha: 0.01 }] } },
    path: "body.gates.live.0.alpha",
    rule: /alpha applies to statistical tests/,
  },
  {
    name: "delta.min above delta.max",
    change: { gates: { ...gates, preproduction: [{ metric: "f1", delta: { min: 1, max: 0 } }] } },
    path: "body.gates.preproduction.0.delta.min",
    rule: /above delta.max/,
  },
  {
    name: "statistical test on a gauge",
    change: { metrics: { ...metrics, p99: gauge }, gates: { ...gates, live: [{ metric: "p99", test: "superiority", minEffect: 0 }] } },
    path: "body.gates.live.0.test",
    rule: /is a gauge/,
  },
  {
    name: "drift metric with a test",
    change: { metrics: { ...metrics, psi: drift }, gates: { ...gates, live: [{ metric: "psi", min: 0 }] } },
    path: "body.gates.live.0.metric",
    rule: /drift metric/,
  },
  {
    name: "split weight above 100%",
    change: { rollout: { mode: "split", weight: "101%", duration: "1h" } },
    path: "body.rollout.weight",
    rule: /at most 100%/,
  },
  {
    name: "bandit floor above 100%",
    change: { rollout: { mode: "bandit", floor: "120%", duration: "1h" } },
    path: "body.rollout.floor",
    rule: /at most 100%/,
  },
  {
    name: "shadow sample above 100%",
    change: { rollout: { mode: "canary", steps: [{ shadow: true, sample: "200%", duration: "5m" }] } },
    path: "body.rollout.steps.0.sample",
    rule: /at most 100%/,
  },
  {
    name: "empty promotion window",
    change: { promotionWindows: [{ hours: "09:00-09:00" }] },
    path: "body.promotionWindows.0.hours",
    rule: /empty window/,
  },
  {
    name: "promotion window past 24:00",
    change: { promotionWindows: [{ hours: "09:00-24:30" }] },
    path: "body.promotionWindows.0.hours",
    rule: /24:00 at the latest/,
  },
  {
    name: "duplicate SLO names",
    change: { slos: [0, 1].map(() => ({ name: "avail", metric: "error_rate", objective: 0.99 })) },
    path: "body.slos.1.name",
    rule: /another SLO has this name/,
  },
  {
    name: "SLO on a mean metric",
    change: { slos: [{ name: "lat", metric: "latency_mean", objective: 0.99 }] },
    path: "body.slos.0.metric",
    rule: /must be a proportion metric/,
  },
];

describe("PUT /v1/programs/:program/policy runs the one semantic validator", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it.each(CASES)("refuses $name with 400 naming the field and the rule", async ({ change, path, rule }) => {
    h = await startHarness();
    const res = await h.call("PUT", "/v1/programs/p/policy", { body: { ...base, ...change } });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    const detail = (res.body.error.details as { path: string; message: string }[]).find((d) => d.path === path);
    expect(detail, JSON.stringify(res.body.error.details)).toBeDefined();
    expect(detail!.message).toMatch(rule);
    // Nothing was stored: the program was not even created.
    expect((await h.call("GET", "/v1/programs/p/policy")).status).toBe(404);
  });

  it("accepts the same policy without the violation", async () => {
    h = await startHarness();
    const res = await h.call("PUT", "/v1/programs/p/policy", { body: base });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
