import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readSlices } from "./query.js";

describe("telemetry read slices", () => {
  it("partition [from, to) exactly: contiguous, newest first, nothing twice, nothing left out", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 * 86_400_000 }), fc.integer({ min: 1, max: 500 * 86_400_000 }), (back, span) => {
        const to = 1_800_000_000_000 - back;
        const from = to - span;
        const slices = readSlices(from, to);
        expect(slices[0]![1]).toBe(to);
        expect(slices.at(-1)![0]).toBe(from);
        for (let i = 1; i < slices.length; i++) expect(slices[i]![1]).toBe(slices[i - 1]![0]);
        for (const [start, end] of slices) expect(end).toBeGreaterThan(start);
      }),
    );
  });

  it("cuts 400 days into small slices near now and larger ones further back", () => {
    const to = Date.parse("2026-12-01T00:00:00Z");
    const slices = readSlices(to - 400 * 86_400_000, to);
    expect(slices.length).toBeLessThan(100);
    expect(slices[0]![1] - slices[0]![0]).toBe(15 * 60_000);
  });
});
