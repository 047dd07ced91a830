import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCompare } from "./compare.js";

const example = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../examples/compare-stats.json"), "utf8")) as {
  variants: Array<{ id: string; metrics: Record<string, unknown> }>;
  metrics: Array<Record<string, unknown>>;
};

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const small = {
  champion: "a",
  metrics: [{ id: "ctr", kind: "proportion", direction: "higher" }],
  variants: [
    { id: "a", weight: 0.5, exposures: 10000, metrics: { ctr: { n: 10000, successes: 1000 } } },
    { id: "b", weight: 0.5, exposures: 10050, metrics: { ctr: { n: 10050, successes: 1150 } } },
  ],
};

describe("arena compare", () => {
  it("prints an aligned table with a row per metric × challenger and exits 1 when a metric fails", () => {
    const out = runCompare(example);
    const header = out.text.split("\n")[0] ?? "";
    expect(header).toMatch(/^metric\s+variant\s+estimate\s+CI\s+p-value\s+adj\. p\s+verdict/);
    const rows = out.text
      .split("\n")
      .filter((l) => /^(click_through|error_rate|latency_p95|revenue_per_user|cost_per_request|false_positive_rate|score_drift)\s/.test(l));
    expect(rows).toHaveLength(example.metrics.length * 2);
    // Columns line up: every row starts its variant column where the header does.
    const col = header.indexOf("variant");
    for (const r of rows) expect(r.slice(col, col + 3)).toMatch(/^v4[89]/);
    expect(out.text).toContain("sample ratio:");
    expect(out.exitCode).toBe(1);
  });

  it("exits 0 when nothing fails", () => {
    const out = runCompare(small);
    expect(out.exitCode).toBe(0);
    expect(out.text).toMatch(/ctr\s+b\s+\+0\.01443/);
    expect(out.text).toContain("pass");
  });

  it("prints the full analysis as JSON with --json", () => {
    const out = runCompare(small, { json: true });
    const parsed = JSON.parse(out.text) as { comparisons: Array<{ verdict: string; ci: number[] }>; srm: { status: string } };
    expect(parsed.comparisons[0]?.verdict).toBe("pass");
    expect(parsed.comparisons[0]?.ci).toHaveLength(2);
    expect(parsed.srm.status).toBe("ok");
  });

  it("exits 2 naming the field when the input is malformed", () => {
    const bad = clone(small);
    (bad.variants[1]?.metrics.ctr as { successes: unknown }).successes = "many";
    const out = runCompare(bad);
    expect(out.exitCode).toBe(2);
    expect(out.text).toContain("variants[1].metrics.ctr.successes");
  });

  it("names unknown metric ids, missing champion and a quantile metric without its quantile", () => {
    const bad = clone(small) as unknown as {
      champion: string;
      metrics: Array<Record<string, unknown>>;
      variants: Array<{ metrics: Record<string, unknown> }>;
    };
    bad.champion = "zz";
    bad.variants[0]!.metrics.ctrr = { n: 1, successes: 1 };
    bad.metrics.push({ id: "p95", kind: "quantile", direction: "lower" });
    const out = runCompare(bad);
    expect(out.exitCode).toBe(2);
    expect(out.text).toContain("champion:");
    expect(out.text).toContain("variants[0].metrics.ctrr");
    expect(out.text).toContain("metrics[1].quantile");
  });

  it("rejects statistics of the wrong kind for the metric", () => {
    const bad = clone(small);
    (bad.variants[0]!.metrics as Record<string, unknown>).ctr = { n: 10, sum: 3, sumSquares: 5 };
    const out = runCompare(bad);
    expect(out.exitCode).toBe(2);
    expect(out.text).toMatch(/variants\[0\]\.metrics\.ctr.*proportion statistics/);
  });

  it("treats a sample ratio mismatch as a failure: nothing may be promoted", () => {
    const skewed = clone(small);
    skewed.variants[1]!.exposures = 12000;
    const out = runCompare(skewed);
    expect(out.exitCode).toBe(1);
    expect(out.text).toContain("MISMATCH");
    expect(out.analysis?.comparisons.every((c) => c.verdict !== "pass")).toBe(true);
  });
});
