import { describe, expect, it } from "vitest";
import { evaluateOfflineGate } from "./offline-gate.js";
import { summarize } from "./summary.js";
import type { PolicyCondition } from "./types.js";

const v48 = {
  metrics: { f1: 0.335, net_benefit: 61000, fpr: 0.019, mape: 11.5, parity_ratio: 0.86, psi: 0.07 },
  checks: [{ name: "security-scan", passed: true }],
};
const v47 = { metrics: { f1: 0.31, net_benefit: 52000, fpr: 0.021, mape: 12.4 } };

type Metrics = { metrics: Record<string, number> };
const one = (
  c: PolicyCondition,
  candidate: Metrics & { checks: Array<{ name: string; passed: boolean }> } = v48,
  ...champion: [Metrics | undefined] | []
) => {
  const [r] = evaluateOfflineGate("preproduction", [c], candidate, champion.length === 0 ? v47 : champion[0]);
  if (!r) throw new Error("no result");
  return r;
};

describe("evaluateOfflineGate: absolute bounds from the issue", () => {
  it.each([
    [{ metric: "f1", min: 0.2 }, "f1 ≥ 0.2", "pass"],
    [{ metric: "net_benefit", min: 40000 }, "net_benefit ≥ 40000", "pass"],
    [{ metric: "mape", max: 12 }, "mape ≤ 12", "pass"],
    [{ metric: "parity_ratio", min: 0.8 }, "parity_ratio ≥ 0.8", "pass"],
    [{ metric: "psi", max: 0.2 }, "psi ≤ 0.2", "pass"],
  ] as const)("%o → %s %s", (c, label, verdict) => {
    const r = one(c);
    expect(r.label).toBe(label);
    expect(r.verdict).toBe(verdict);
    expect(r.value).toBe(v48.metrics[c.metric]);
  });

  it("fails a candidate below F1 0.20 or net benefit 40,000 and says by how much", () => {
    const weak = { metrics: { f1: 0.18, net_benefit: 39000 }, checks: [] };
    const [f1, nb] = evaluateOfflineGate(
      "registry",
      [
        { metric: "f1", min: 0.2 },
        { metric: "net_benefit", min: 40000 },
      ],
      weak,
    );
    expect(f1).toMatchObject({ id: "registry.0", gate: "registry", verdict: "fail", reason: "0.18 < 0.2", threshold: 0.2 });
    expect(nb).toMatchObject({ id: "registry.1", verdict: "fail", reason: "39,000 < 40,000" });
  });

  it("fails MAPE above 12 (%) and a range on both sides", () => {
    expect(one({ metric: "mape", max: 12 }, { metrics: { mape: 12.4 }, checks: [] }).verdict).toBe("fail");
    expect(one({ metric: "parity_ratio", min: 0.8, max: 1.25 }).verdict).toBe("pass");
    expect(one({ metric: "parity_ratio", min: 0.8, max: 1.25 }, { metrics: { parity_ratio: 1.3 }, checks: [] }).reason).toBe("1.3 > 1.25");
  });

  it("accepts a value equal to its bound up to rounding", () => {
    expect(one({ metric: "f1", min: 0.3 }, { metrics: { f1: 0.1 + 0.2 - 1e-17 }, checks: [] }).verdict).toBe("pass");
    expect(one({ metric: "f1", min: 0.3 }, { metrics: { f1: 0.2999 }, checks: [] }).verdict).toBe("fail");
  });

  it("is no_data when the candidate lacks the metric or it is not finite", () => {
    expect(one({ metric: "auc", min: 0.9 })).toMatchObject({ verdict: "no_data", reason: "the candidate has no value for auc" });
    expect(one({ metric: "f1", min: 0.2 }, { metrics: { f1: Number.NaN }, checks: [] }).verdict).toBe("no_data");
    // A prototype key is not a metric.
    expect(one({ metric: "constructor", min: 0 }).verdict).toBe("no_data");
  });
});

describe("evaluateOfflineGate: deltas against the champion", () => {
  it("F1 at least +0.015 over the champion (absolute)", () => {
    const r = one({ metric: "f1", delta: { min: 0.015 } });
    expect(r).toMatchObject({ verdict: "pass", championValue: 0.31, scale: "absolute", label: "f1 ≥ champion +0.015" });
    expect(r.estimate).toBeCloseTo(0.025, 12);
    expect(one({ metric: "f1", delta: { min: 0.015 } }, { metrics: { f1: 0.32 }, checks: [] }).verdict).toBe("fail");
  });

  it("passes exactly +0.015 despite binary rounding (0.325 − 0.31)", () => {
    expect(one({ metric: "f1", delta: { min: 0.015 } }, { metrics: { f1: 0.325 }, checks: [] }).verdict).toBe("pass");
  });

  it("FPR not worse by more than +1 point: candidate − champion ≤ 0.01", () => {
    const c = { metric: "fpr", delta: { max: 0.01 } };
    expect(one(c).verdict).toBe("pass");
    expect(one(c, { metrics: { fpr: 0.031 }, checks: [] }).verdict).toBe("pass");
    expect(one(c, { metrics: { fpr: 0.0311 }, checks: [] }).verdict).toBe("fail");
    expect(one(c).label).toBe("fpr ≤ champion +0.01");
  });

  it("relative deltas divide by |champion|", () => {
    const r = one({ metric: "net_benefit", delta: { min: 0.1, relative: true } });
    expect(r.estimate).toBeCloseTo(9000 / 52000, 12);
    expect(r).toMatchObject({ verdict: "pass", scale: "relative" });
    expect(one({ metric: "net_benefit", delta: { min: 0.2, relative: true } }).verdict).toBe("fail");
    expect(
      one({ metric: "x", delta: { min: 0.1, relative: true } }, { metrics: { x: 1 }, checks: [] }, { metrics: { x: 0 } }),
    ).toMatchObject({
      verdict: "no_data",
      reason: "relative delta undefined: the champion's value is 0",
    });
  });

  it("a delta without a champion, or without the champion's value, is no_data — never pass", () => {
    expect(one({ metric: "f1", delta: { min: -1 } }, v48, undefined)).toMatchObject({
      verdict: "no_data",
      reason: "no champion metrics to compare with",
    });
    expect(one({ metric: "psi", delta: { max: 1 } })).toMatchObject({ verdict: "no_data", reason: "the champion has no value for psi" });
  });
});

describe("evaluateOfflineGate: checks, tests and informational conditions", () => {
  it("a check must exist and have passed", () => {
    expect(one({ check: "security-scan" })).toMatchObject({ verdict: "pass", check: "security-scan", label: "check security-scan passed" });
    expect(one({ check: "licence-scan" })).toMatchObject({ verdict: "no_data", reason: "no result for check licence-scan" });
    const failed = {
      metrics: {},
      checks: [
        { name: "security-scan", passed: true },
        { name: "security-scan", passed: false },
      ],
    };
    expect(one({ check: "security-scan" }, failed).verdict).toBe("fail");
  });

  it("a statistical test offline is no_data (it needs live data)", () => {
    expect(one({ metric: "f1", test: "superiority" }).verdict).toBe("no_data");
  });

  it("informational conditions are reported and never block", () => {
    const results = evaluateOfflineGate(
      "registry",
      [
        { metric: "f1", min: 0.2 },
        { metric: "auc", min: 0.95, required: false },
      ],
      v48,
    );
    expect(results[1]).toMatchObject({ required: false, verdict: "no_data" });
    expect(summarize(results).outcome).toBe("pass");
  });

  it("uses display units when given", () => {
    const [r] = evaluateOfflineGate("registry", [{ metric: "net_benefit", min: 70000 }], v48, undefined, { units: { net_benefit: "$" } });
    expect(r?.reason).toBe("$61,000 < $70,000");
  });
});
