import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "./summary.js";
import type { ConditionResult, ConditionVerdict } from "./types.js";

const result = (verdict: ConditionVerdict, required = true, id = "live.0"): ConditionResult => ({
  id,
  gate: "live",
  label: id,
  required,
  verdict,
  reason: verdict,
});
const verdicts: ConditionVerdict[] = ["pass", "fail", "no_data", "inconclusive"];
const arbitraryResults = fc.array(
  fc.record({ verdict: fc.constantFrom(...verdicts), required: fc.boolean() }).map((r) => result(r.verdict, r.required)),
  { maxLength: 12 },
);

describe("summarize", () => {
  it("any required fail ⇒ fail; else any required no_data or inconclusive ⇒ hold; else pass", () => {
    expect(summarize([result("pass"), result("fail")]).outcome).toBe("fail");
    expect(summarize([result("fail"), result("no_data")]).outcome).toBe("fail");
    expect(summarize([result("pass"), result("no_data")]).outcome).toBe("hold");
    expect(summarize([result("pass"), result("inconclusive")]).outcome).toBe("hold");
    expect(summarize([result("pass"), result("pass")]).outcome).toBe("pass");
  });

  it("informational results never block", () => {
    expect(summarize([result("pass"), result("fail", false), result("no_data", false)]).outcome).toBe("pass");
  });

  it("lists what failed and what is waiting, and says why", () => {
    const s = summarize([result("fail", true, "a"), result("no_data", true, "b"), result("inconclusive", true, "c")]);
    expect(s.failed.map((r) => r.id)).toEqual(["a"]);
    expect(s.waiting.map((r) => r.id)).toEqual(["b", "c"]);
    expect(s.reason).toBe("failed: a");
    expect(summarize([result("no_data", true, "b"), result("inconclusive", true, "c")]).reason).toBe(
      "waiting: 1 without data, 1 inconclusive (b, c)",
    );
  });

  it("an SRM mismatch makes the summary invalid whatever the verdicts", () => {
    expect(summarize([result("pass")], { srm: { valid: false, reason: "sample ratio mismatch" } })).toMatchObject({
      outcome: "invalid",
      reason: "analysis invalid: sample ratio mismatch",
    });
    expect(summarize([result("pass")], { srm: { valid: true, reason: "ok" } }).outcome).toBe("pass");
  });

  it("never passes when a required result is not pass (property)", () => {
    fc.assert(
      fc.property(arbitraryResults, (results) => {
        const s = summarize(results);
        const blocking = results.some((r) => r.required && r.verdict !== "pass");
        expect(s.outcome === "pass").toBe(!blocking);
        if (results.some((r) => r.required && r.verdict === "fail")) expect(s.outcome).toBe("fail");
      }),
    );
  });

  it("adding an informational result never changes the outcome (property)", () => {
    fc.assert(
      fc.property(arbitraryResults, fc.constantFrom(...verdicts), (results, v) => {
        expect(summarize([...results, result(v, false)]).outcome).toBe(summarize(results).outcome);
      }),
    );
  });
});
