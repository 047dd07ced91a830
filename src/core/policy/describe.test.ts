import { describe, expect, it } from "vitest";
import { describeResult, summaryLine } from "./describe.js";
import { formatDifference, formatNumber, formatValue } from "./format.js";
import type { ConditionResult } from "./types.js";

const errorRate: ConditionResult = {
  id: "live.0",
  gate: "live",
  label: "error_rate not worse than champion by > 0.002",
  metric: "error_rate",
  segment: "all",
  required: true,
  verdict: "fail",
  value: 0.048,
  championValue: 0.01,
  estimate: 0.038,
  scale: "absolute",
  ci: [0.031, 0.045],
  alpha: 0.05,
  unit: "%",
  reason: "worse than the champion by more than 0.002 (significant)",
};

describe("describeResult", () => {
  it("states a statistical result with its interval, in points for proportions (the issue's example)", () => {
    expect(describeResult(errorRate)).toBe("error_rate 4.8 % vs 1.0 % (+3.8 pts, 95 % CI +3.1 to +4.5)");
  });

  it("says when a test is not yet significant, and names the segment", () => {
    expect(describeResult({ ...errorRate, verdict: "inconclusive", segment: "region=eu" })).toBe(
      "error_rate [region=eu] 4.8 % vs 1.0 % (+3.8 pts, 95 % CI +3.1 to +4.5, not yet significant)",
    );
  });

  it("uses the result's alpha for the level, and relative scales", () => {
    expect(describeResult({ ...errorRate, alpha: 0.01, scale: "relative", estimate: 0.12, ci: [0.05, 0.19] })).toBe(
      "error_rate 4.8 % vs 1.0 % (+12 % relative, 99 % CI +5 % to +19 %)",
    );
  });

  it("states bounds and deltas with what they need", () => {
    const bound: ConditionResult = {
      id: "live.1",
      gate: "live",
      label: "latency_p95 ≤ 180",
      metric: "latency_p95",
      required: true,
      verdict: "fail",
      value: 192,
      bounds: { max: 180 },
      unit: "ms",
      reason: "",
    };
    expect(describeResult(bound)).toBe("latency_p95 192 ms (needs ≤ 180 ms)");
    const delta: ConditionResult = {
      ...bound,
      metric: "f1",
      unit: undefined,
      value: 0.32,
      championValue: 0.31,
      estimate: 0.01,
      scale: "absolute",
      bounds: { min: 0.015 },
    };
    expect(describeResult(delta)).toBe("f1 0.32 vs 0.31 (+0.01, needs ≥ +0.015)");
    expect(describeResult({ ...bound, unit: "$", metric: "net_benefit", value: 38500, bounds: { min: 40000 } })).toBe(
      "net_benefit $38,500 (needs ≥ $40,000)",
    );
  });

  it("states checks, missing data and drift", () => {
    const check: ConditionResult = {
      id: "preproduction.5",
      gate: "preproduction",
      label: "check security-scan passed",
      check: "security-scan",
      required: true,
      verdict: "fail",
      reason: "",
    };
    expect(describeResult(check)).toBe("check security-scan failed");
    expect(describeResult({ ...check, verdict: "no_data" })).toBe("check security-scan: no result");
    expect(describeResult({ ...errorRate, verdict: "no_data", reason: "v49: no requests in the window" })).toBe(
      "error_rate: no data (v49: no requests in the window)",
    );
    expect(describeResult({ ...errorRate, metric: "score_drift", scale: "psi", estimate: 0.31, threshold: 0.2, ci: undefined })).toBe(
      "score_drift PSI 0.31 (max 0.2)",
    );
  });
});

describe("summaryLine", () => {
  it("rolled back v49: the failed conditions, then the extra evidence", () => {
    const pass: ConditionResult = { ...errorRate, id: "live.1", metric: "latency_p95", verdict: "pass" };
    expect(summaryLine("rolled back", 49, [pass, errorRate], "burn rate 48× over 5 min")).toBe(
      "rolled back v49: error_rate 4.8 % vs 1.0 % (+3.8 pts, 95 % CI +3.1 to +4.5), burn rate 48× over 5 min",
    );
  });

  it("shows the waiting conditions when nothing failed, and everything required when all pass", () => {
    const waiting: ConditionResult = { ...errorRate, verdict: "no_data", reason: "v49: 40 of 100 samples" };
    expect(summaryLine("holding", 49, [waiting, { ...errorRate, id: "x", verdict: "pass" }])).toBe(
      "holding v49: error_rate: no data (v49: 40 of 100 samples)",
    );
    expect(summaryLine("promoted", 48, [{ ...errorRate, verdict: "pass" }])).toMatch(/^promoted v48: error_rate 4\.8 %/);
  });

  it("keeps the line short: three results, then how many more", () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...errorRate, id: `live.${i}` }));
    expect(summaryLine("rolled back", 49, many)).toMatch(/, and 2 more$/);
    expect(summaryLine("aborted", 49, [])).toBe("aborted v49");
  });
});

describe("formatting", () => {
  it.each([
    [61000, "61,000"],
    [182.4, "182.4"],
    [12, "12"],
    [1.25, "1.25"],
    [0.0153, "0.0153"],
    [-0.2, "-0.2"],
    [0, "0"],
  ])("formatNumber(%s) = %s", (x, text) => expect(formatNumber(x)).toBe(text));

  it("units", () => {
    expect(formatValue(0.01, "%")).toBe("1.0 %");
    expect(formatValue(-1500, "$")).toBe("-$1,500");
    expect(formatValue(3, "req/s")).toBe("3 req/s");
    expect(formatDifference(-0.002, "%")).toBe("-0.2 pts");
    expect(formatDifference(12, "ms")).toBe("+12 ms");
    expect(formatDifference(0.05, "%", "relative")).toBe("+5 % relative");
  });
});
