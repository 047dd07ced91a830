import { describe, expect, it } from "vitest";
import { describeBurnRate, evaluateSlos, sloWindows, type SloSpec } from "./slo.js";

const availability: SloSpec = {
  name: "availability",
  metric: "error_rate",
  objective: 0.999,
  periodDays: 30,
  rules: [
    { long: "1h", short: "5m", burnRate: 14.4, severity: "page" },
    { long: "6h", short: "30m", burnRate: 6, severity: "page" },
  ],
};

const windows = (ratios: Record<string, number>, total = 100000) =>
  Object.entries({ "1h": 1, "5m": 5 / 60, "6h": 6, "30m": 0.5 }).map(([name, hours]) => ({
    windowHours: hours,
    total,
    errors: Math.round((ratios[name] ?? 0) * total),
  }));

describe("evaluateSlos", () => {
  it("needs the windows its rules name", () => {
    expect(sloWindows(availability)).toEqual([5 / 60, 0.5, 1, 6]);
  });

  it("fires the 14.4× rule when both of its windows burn (48× over 5 min)", () => {
    const [e] = evaluateSlos([availability], { availability: windows({ "5m": 0.048, "1h": 0.02, "6h": 0.004, "30m": 0.01 }) });
    expect(e).toMatchObject({ status: "ok", severity: "page" });
    if (e?.status !== "ok") throw new Error("no data");
    expect(e.firing.map((r) => r.burnRate)).toEqual([14.4]);
    expect(e.firing[0]?.shortBurnRate).toBeCloseTo(48, 9);
    expect(e.firing[0]?.budgetConsumed).toBeCloseTo((20 * 1) / 720, 9);
    expect(describeBurnRate(e)).toBe("burn rate 48× over 5 min, 20× over 1 h");
    expect(e.reason).toBe("page: burn rate 48× over 5 min, 20× over 1 h (rule 14.4×)");
  });

  it("fires the 6× rule on a slower burn", () => {
    const [e] = evaluateSlos([availability], { availability: windows({ "5m": 0.008, "1h": 0.007, "6h": 0.0065, "30m": 0.007 }) });
    expect(e?.status === "ok" && e.firing.map((r) => r.burnRate)).toEqual([6]);
  });

  it("does not fire when only the short window burns (a spike that is over)", () => {
    const [e] = evaluateSlos([availability], { availability: windows({ "5m": 0.05, "1h": 0.001, "6h": 0.001, "30m": 0.05 }) });
    expect(e).toMatchObject({ status: "ok", severity: "none" });
    expect(e?.reason).toMatch(/^no rule firing \(closest: burn rate 50× over 30 min, 1× over 6 h\)$/);
  });

  it("missing data is no_data, never 'not burning'", () => {
    expect(evaluateSlos([availability], {})[0]).toMatchObject({ status: "no_data", reason: "no observations of error_rate" });
    const partial = windows({}).filter((w) => w.windowHours !== 6);
    expect(evaluateSlos([availability], { availability: partial })[0]?.status).toBe("no_data");
    const empty = windows({}, 0);
    const [e] = evaluateSlos([availability], { availability: empty });
    expect(e?.status).toBe("no_data");
    expect(describeBurnRate(e!)).toMatch(/^availability: no data/);
  });

  it("an invalid duration is reported, not thrown", () => {
    const bad = { ...availability, rules: [{ long: "1 hour", short: "5m", burnRate: 14.4, severity: "page" as const }] };
    expect(evaluateSlos([bad], { availability: windows({}) })[0]).toMatchObject({ status: "no_data" });
  });
});
