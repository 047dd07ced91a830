import { describe, expect, it } from "vitest";
import type { MetricReading } from "../telemetry/metric-stats.js";
import { describeResult, summaryLine } from "./describe.js";
import { evaluateLiveGate } from "./live-gate.js";
import type { LiveGateInput, LiveMetric } from "./live-types.js";
import { fprReading, gaugeReading, histogramReading, noDataReading, proportionReading, valueReading } from "./testing/readings.js";
import type { PolicyCondition } from "./types.js";

const metrics: Record<string, LiveMetric> = {
  error_rate: { kind: "proportion", direction: "lower" },
  click_through: { kind: "proportion", direction: "higher" },
  latency_p95: { kind: "quantile", direction: "lower", quantile: 0.95, source: { type: "request", field: "latency" } },
  fpr: { kind: "classifier", direction: "lower", classifierMetric: "fpr" },
  cpu: { kind: "gauge", direction: "lower", unit: "cores" },
  score_drift: { kind: "drift", direction: "lower" },
};

type Readings = Record<string, Record<number, Record<string, MetricReading>>>;

function input(readings: Readings, extra: Partial<LiveGateInput> = {}): LiveGateInput {
  return { champion: 47, challengers: [48], metrics, readings, exposures: { 47: 20000, 48: 2000 }, weights: { 47: 10, 48: 1 }, ...extra };
}

const results = (conditions: PolicyCondition[], i: LiveGateInput, version = 48) => {
  const evaluation = evaluateLiveGate(conditions, i);
  return { evaluation, results: evaluation.byChallenger[version] ?? [], summary: evaluation.summaries[version] };
};

describe("scenario 2: a service canary whose error rate regresses", () => {
  const readings: Readings = {
    all: {
      47: { error_rate: proportionReading(20000, 200), latency_p95: valueReading(150, 20000) },
      48: { error_rate: proportionReading(2000, 96), latency_p95: valueReading(172, 2000) },
    },
  };
  const conditions: PolicyCondition[] = [
    { metric: "error_rate", test: "non_inferiority", margin: 0.002 },
    { metric: "latency_p95", max: 180 },
  ];

  it("fails the guardrail significantly, with estimate, interval and p-values, and the summary fails", () => {
    const { results: rs, summary, evaluation } = results(conditions, input(readings));
    expect(evaluation.srm.valid).toBe(true);
    const [errors, latency, samples] = rs;
    expect(errors).toMatchObject({
      id: "live.0",
      gate: "live",
      metric: "error_rate",
      segment: "all",
      verdict: "fail",
      unit: "%",
      sequential: true,
      n: 2000,
      championN: 20000,
    });
    expect(errors?.estimate).toBeCloseTo(0.038, 10);
    expect(errors?.ci?.[0]).toBeLessThan(0.038);
    expect(errors?.ci?.[1]).toBeGreaterThan(0.038);
    expect(errors?.adjustedPValue).toBeGreaterThanOrEqual(errors?.pValue ?? 1);
    expect(latency).toMatchObject({ id: "live.1", verdict: "pass", value: 172, championValue: 150, reason: "172 ms ≤ 180 ms" });
    expect(samples).toMatchObject({ id: "live.samples", verdict: "pass" });
    expect(summary?.outcome).toBe("fail");
    expect(summary?.failed.map((r) => r.id)).toEqual(["live.0"]);
  });

  it("says so in one line", () => {
    const { results: rs } = results(conditions, input(readings));
    const line = summaryLine("rolled back", 48, rs, "burn rate 48× over 5 min");
    expect(line).toMatch(
      /^rolled back v48: error_rate 4\.8 % vs 1\.0 % \(\+3\.8 pts, 95 % CI \+\d\.\d+ to \+\d\.\d+\), burn rate 48× over 5 min$/,
    );
  });

  it("uses fixed-horizon intervals only when asked (sequential ones are wider)", () => {
    const seq = results(conditions, input(readings)).results[0];
    const fixed = results(conditions, input(readings, { sequential: false })).results[0];
    expect(fixed?.sequential).toBe(false);
    const width = (r: typeof seq) => (r?.ci ? r.ci[1] - r.ci[0] : 0);
    expect(width(seq)).toBeGreaterThan(width(fixed));
  });

  it("fails an absolute bound: p95 latency ≤ 180 ms", () => {
    const slow: Readings = { all: { ...readings.all, 48: { ...readings.all?.[48], latency_p95: valueReading(192, 2000) } } };
    const [, latency] = results(conditions, input(slow)).results;
    expect(latency).toMatchObject({ verdict: "fail", reason: "192 ms > 180 ms" });
    expect(describeResult(latency!)).toBe("latency_p95 192 ms vs 150 ms (needs ≤ 180 ms)");
  });
});

describe("scenario 3: click-through uplift of at least +0.7 points with significance", () => {
  const condition: PolicyCondition = { metric: "click_through", test: "superiority", minEffect: 0.007 };
  const at = (successes: number, n = 200000): Readings => ({
    all: { 47: { click_through: proportionReading(1800000, 90000) }, 48: { click_through: proportionReading(n, successes) } },
  });
  const extra = { exposures: { 47: 1800000, 48: 200000 }, weights: { 47: 9, 48: 1 } };

  it("passes a clear +1.5 point uplift", () => {
    const [r] = results([condition], input(at(13000), extra)).results;
    expect(r).toMatchObject({ verdict: "pass", label: "click_through better than champion by ≥ 0.7 pts (significant)" });
    expect(r?.threshold).toBeCloseTo(0.007, 12);
  });

  it("fails an uplift significantly below +0.7 points (kept for learning, not promoted)", () => {
    expect(results([condition], input(at(10200), extra)).results[0]?.verdict).toBe("fail");
  });

  it("is inconclusive, and holds, while the data do not decide", () => {
    const { results: rs, summary } = results(
      [condition],
      input(at(126, 2000), { exposures: { 47: 1800000, 48: 2000 }, weights: { 47: 900, 48: 1 } }),
    );
    expect(rs[0]?.verdict).toBe("inconclusive");
    expect(summary?.outcome).toBe("hold");
  });

  it("relative: uplift of at least +10 % of the champion's rate", () => {
    const [r] = results([{ ...condition, minEffect: 0.1, relative: true }], input(at(13000), extra)).results;
    expect(r).toMatchObject({ scale: "relative", verdict: "pass" });
    expect(r?.estimate).toBeCloseTo(0.3, 6);
  });
});

describe("scenario 1: FPR not worse than the champion by more than +1 point, in every segment", () => {
  const c = (fp: number, tn: number, tp = 300, fn = 100) => fprReading({ tp, fp, tn, fn });
  const base: Readings = {
    all: { 47: { fpr: c(400, 19600) }, 48: { fpr: c(210, 9790) } },
    "region=eu": { 47: { fpr: c(200, 9800) }, 48: { fpr: c(100, 4900) } },
    "region=us": { 47: { fpr: c(200, 9800) }, 48: { fpr: c(110, 4890) } },
    "region=apac": { 47: { fpr: c(2, 40, 3, 1) }, 48: { fpr: c(9, 20, 3, 1) } },
  };
  const guardrail: PolicyCondition = { metric: "fpr", test: "non_inferiority", margin: 0.01, everySegment: true };

  it("evaluates every segment with enough data; thin segments are reported but do not block", () => {
    const { results: rs, summary } = results([guardrail], input(base, { exposures: { 47: 20000, 48: 10000 }, weights: { 47: 2, 48: 1 } }));
    const bySegment = Object.fromEntries(rs.filter((r) => r.id === "live.0").map((r) => [r.segment, r]));
    expect(Object.keys(bySegment)).toEqual(["all", "region=apac", "region=eu", "region=us"]);
    expect(bySegment.all?.verdict).toBe("pass");
    expect(bySegment["region=eu"]?.verdict).toBe("pass");
    expect(bySegment["region=apac"]).toMatchObject({ verdict: "no_data", required: false });
    expect(bySegment["region=apac"]?.reason).toContain("do not block");
    expect(summary?.outcome).toBe("pass");
  });

  it("a fail in one segment fails the condition even when the whole passes", () => {
    const worse: Readings = { ...base, "region=us": { 47: { fpr: c(200, 9800) }, 48: { fpr: c(600, 4400) } } };
    const { results: rs, summary } = results([guardrail], input(worse, { exposures: { 47: 20000, 48: 10000 }, weights: { 47: 2, 48: 1 } }));
    expect(rs.find((r) => r.segment === "region=us")?.verdict).toBe("fail");
    expect(summary?.outcome).toBe("fail");
  });
});

describe("safety rules", () => {
  const conditions: PolicyCondition[] = [{ metric: "error_rate", test: "non_inferiority", margin: 0.01 }];
  const ok: Readings = { all: { 47: { error_rate: proportionReading(20000, 200) }, 48: { error_rate: proportionReading(2000, 19) } } };

  it("no data ⇒ hold, and says why", () => {
    const missing: Readings = { all: { 47: ok.all![47]!, 48: { error_rate: noDataReading("no requests in the window") } } };
    const { results: rs, summary } = results(conditions, input(missing));
    expect(rs[0]).toMatchObject({ verdict: "no_data", reason: "v48: no requests in the window" });
    expect(summary?.outcome).toBe("hold");
    expect(results(conditions, input({ all: { 47: ok.all![47]! } })).results[0]?.reason).toBe("no reading of error_rate for v48");
  });

  it("fewer than minSamples per arm ⇒ no_data", () => {
    const { results: rs } = results(conditions, input(ok, { minSamples: 5000 }));
    expect(rs[0]).toMatchObject({ verdict: "no_data", reason: "v48: 2000 of 5000 samples" });
    expect(rs.find((r) => r.id === "live.samples")).toMatchObject({ verdict: "no_data" });
  });

  it("sample ratio mismatch ⇒ invalid: every condition reported, nothing passes or fails", () => {
    const { results: rs, summary, evaluation } = results(conditions, input(ok, { exposures: { 47: 20000, 48: 3000 } }));
    expect(evaluation.srm.valid).toBe(false);
    expect(evaluation.srm.pValue).toBeLessThan(0.001);
    expect(rs[0]?.verdict).toBe("inconclusive");
    expect(rs[0]?.reason).toMatch(/^analysis invalid \(sample ratio mismatch: v47 20000 \(expected 20909\), v48 3000 \(expected 2091\)/);
    expect(rs[0]?.reason).toContain("would be pass");
    expect(summary?.outcome).toBe("invalid");
  });

  it("an undefined metric or a check in a live gate is no_data", () => {
    const { results: rs } = results([{ metric: "nope", max: 1 }, { check: "scan" }], input(ok));
    expect(rs.slice(0, 2).map((r) => r.verdict)).toEqual(["no_data", "no_data"]);
    expect(rs[0]?.reason).toBe("metric nope is not defined for this program");
  });
});

describe("gauges, drift, deltas, several challengers, burn-in, duration", () => {
  it("gauges support bounds and deltas but not tests", () => {
    const readings: Readings = { all: { 47: { cpu: gaugeReading(1.2) }, 48: { cpu: gaugeReading(1.5) } } };
    const rs = results(
      [
        { metric: "cpu", max: 2 },
        { metric: "cpu", delta: { max: 0.2, relative: true } },
        { metric: "cpu", test: "superiority" },
      ],
      input(readings),
    ).results;
    expect(rs[0]).toMatchObject({ verdict: "pass", reason: "1.5 cores ≤ 2 cores" });
    expect(rs[1]).toMatchObject({ verdict: "fail", scale: "relative" });
    expect(rs[1]?.estimate).toBeCloseTo(0.25, 12);
    expect(rs[2]).toMatchObject({ verdict: "no_data" });
    expect(rs[2]?.reason).toContain("gauge");
  });

  it("live deltas compare point estimates", () => {
    const readings: Readings = { all: { 47: { latency_p95: valueReading(150, 5000) }, 48: { latency_p95: valueReading(158, 5000) } } };
    const [r] = results([{ metric: "latency_p95", delta: { max: 10 } }], input(readings)).results;
    expect(r).toMatchObject({ verdict: "pass", estimate: 8 });
    expect(r?.reason).toContain("point estimates");
  });

  it("drift: PSI against the champion's histogram with max as the largest acceptable PSI", () => {
    const same: Readings = {
      all: { 47: { score_drift: histogramReading([2000, 3000, 3000, 2000]) }, 48: { score_drift: histogramReading([200, 300, 300, 200]) } },
    };
    const shifted: Readings = { all: { 47: same.all![47]!, 48: { score_drift: histogramReading([600, 200, 100, 100]) } } };
    expect(results([{ metric: "score_drift", max: 0.2 }], input(same)).results[0]).toMatchObject({ verdict: "pass", scale: "psi" });
    expect(results([{ metric: "score_drift", max: 0.2 }], input(shifted)).results[0]?.verdict).toBe("fail");
  });

  it("corrects p-values across conditions × challengers (Holm)", () => {
    const readings: Readings = {
      all: {
        47: { error_rate: proportionReading(20000, 200), click_through: proportionReading(20000, 1000) },
        48: { error_rate: proportionReading(2000, 22), click_through: proportionReading(2000, 110) },
        49: { error_rate: proportionReading(2000, 18), click_through: proportionReading(2000, 104) },
      },
    };
    const i = input(readings, { challengers: [48, 49], exposures: { 47: 20000, 48: 2000, 49: 2000 }, weights: { 47: 10, 48: 1, 49: 1 } });
    const evaluation = evaluateLiveGate(
      [
        { metric: "error_rate", test: "non_inferiority", margin: 0.01 },
        { metric: "click_through", test: "superiority" },
      ],
      i,
    );
    const all = [...(evaluation.byChallenger[48] ?? []), ...(evaluation.byChallenger[49] ?? [])].filter((r) => r.pValue !== undefined);
    expect(all).toHaveLength(4);
    for (const r of all) expect(r.adjustedPValue).toBeGreaterThanOrEqual(r.pValue ?? 1);
    const none = evaluateLiveGate([{ metric: "error_rate", test: "non_inferiority", margin: 0.01 }], { ...i, correction: "none" });
    expect(none.byChallenger[48]?.[0]?.adjustedPValue).toBe(none.byChallenger[48]?.[0]?.pValue);
  });

  it("burn-in results are labelled as such and a minimum duration waits", () => {
    const readings: Readings = {
      all: { 47: { error_rate: proportionReading(20000, 200) }, 48: { error_rate: proportionReading(2000, 19) } },
    };
    const { results: rs, summary } = results(
      [{ metric: "error_rate", max: 0.02 }],
      input(readings, { gate: "burn_in", duration: { elapsedMs: 600_000, requiredMs: 3_600_000 } }),
    );
    expect(rs.map((r) => r.id)).toEqual(["burn_in.0", "burn_in.samples", "burn_in.duration"]);
    expect(rs[2]).toMatchObject({ verdict: "inconclusive", reason: "10 min of 1 h elapsed", label: "at least 1 h" });
    expect(summary?.outcome).toBe("hold");
  });
});
