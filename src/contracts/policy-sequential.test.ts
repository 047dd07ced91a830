/** gates.sequentialTuning: the N* of the controller's always-valid tests, bounded. */
import { describe, expect, it } from "vitest";
import { PolicyDocument } from "./policy.js";

const base = { program: "checkout", metrics: {}, gates: { live: [] } };

describe("gates.sequentialTuning", () => {
  it("is optional and keeps the value a policy sets", () => {
    expect(PolicyDocument.parse(base).gates.sequentialTuning).toBeUndefined();
    expect(PolicyDocument.parse({ ...base, gates: { live: [], sequentialTuning: 20_000 } }).gates.sequentialTuning).toBe(20_000);
  });

  it("rejects values that cannot tune a confidence sequence, naming the field", () => {
    for (const bad of [0, 10, 1.5, 1e12, -5]) {
      const r = PolicyDocument.safeParse({ ...base, gates: { live: [], sequentialTuning: bad } });
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.path).toEqual(["gates", "sequentialTuning"]);
    }
  });
});

describe("gates.sequentialBoundary", () => {
  it("is mixture by default (absent), design when set, and refuses anything else by name", () => {
    expect(PolicyDocument.parse(base).gates.sequentialBoundary).toBeUndefined();
    expect(
      PolicyDocument.parse({ ...base, gates: { live: [], sequentialBoundary: "design", sequentialTuning: 20_000 } }).gates
        .sequentialBoundary,
    ).toBe("design");
    const r = PolicyDocument.safeParse({ ...base, gates: { live: [], sequentialBoundary: "sprt" } });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.path).toEqual(["gates", "sequentialBoundary"]);
  });
});
