import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runGate } from "./gate.js";

const root = resolve(import.meta.dirname, "../../..");
const text = (path: string): string => readFileSync(resolve(root, path), "utf8");
const json = (path: string): unknown => JSON.parse(text(path)) as unknown;

const fraud = { policyText: text("examples/policies/fraud-detector.yaml"), policySource: "fraud-detector.yaml" };
const v47 = json("examples/metrics-v47.json");
const v48 = json("examples/policies/fraud-v48.json");
const v49 = json("examples/policies/fraud-v49.json");

describe("arena gate", () => {
  it("passes v48 against v47 on every registry and pre-production condition: exit 0", () => {
    const out = runGate({ ...fraud, candidate: v48, champion: v47 });
    expect(out.exitCode).toBe(0);
    const header = out.text.split("\n")[0] ?? "";
    expect(header).toMatch(/^gate\s+condition\s+candidate\s+champion\s+verdict\s+reason$/);
    expect(out.text).toMatch(/registry\s+f1 > 0\.2\s+0\.335\s+0\.31\s+pass\s+0\.335 > 0\.2/);
    expect(out.text).toMatch(/preproduction\s+fpr ≤ champion \+1\.0 pts\s+1\.9 %\s+2\.1 %\s+pass\s+-0\.2 pts vs the champion/);
    expect(out.text).toContain("pass (info)");
    expect(out.text.trimEnd().split("\n").at(-1)).toBe("fraud-detector: PASS");
    expect(out.results).toHaveLength(9);
  });

  it("lists every failure of v49 and exits 1", () => {
    const out = runGate({ ...fraud, candidate: v49, champion: v47 });
    expect(out.exitCode).toBe(1);
    expect(out.text).toMatch(/registry\s+net_benefit > 40000\s+\$38,500\s+\$52,000\s+fail\s+\$38,500 ≤ \$40,000 \(needs > \$40,000\)/);
    expect(out.text).toContain(
      "preproduction: fail — failed: f1 ≥ champion +0.015, fpr ≤ champion +1.0 pts, parity_ratio ≥ 0.8, check security-scan passed",
    );
    expect(out.text).toMatch(/loss_mape ≤ 12\s+-\s+-\s+no_data/);
  });

  it("no data is not a pass: deltas without --champion exit 1 with a hint", () => {
    const out = runGate({ ...fraud, candidate: v48 });
    expect(out.exitCode).toBe(1);
    expect(out.text).toContain("hint: deltas need the champion's metrics");
    expect(out.text).toContain("NO DATA");
  });

  it("--gate registry checks only the registry gate (no champion needed)", () => {
    const out = runGate({ ...fraud, candidate: json("examples/metrics-v48.json"), gate: "registry" });
    expect(out.exitCode).toBe(0);
    expect(out.results?.map((r) => r.id)).toEqual(["registry.0", "registry.1"]);
  });

  it("--json prints the outcome per gate and every result", () => {
    const out = runGate({ ...fraud, candidate: v49, champion: v47, json: true });
    const body = JSON.parse(out.text) as {
      outcome: string;
      gates: Record<string, { outcome: string }>;
      results: Array<{ id: string; verdict: string }>;
    };
    expect(body.outcome).toBe("fail");
    expect(body.gates.registry?.outcome).toBe("fail");
    expect(body.results.find((r) => r.id === "preproduction.5")).toMatchObject({ verdict: "fail" });
  });

  it("accepts `arena candidate show --json` output as the candidate file", () => {
    const shown = {
      program: "fraud-detector",
      version: 48,
      status: "registered",
      metrics: { f1: 0.335, net_benefit: 61000 },
      checks: [{ name: "security-scan", passed: true, url: null }],
    };
    expect(runGate({ ...fraud, candidate: shown, gate: "registry" }).exitCode).toBe(0);
  });

  it("exits 2 with file:line:column on an invalid policy", () => {
    const out = runGate({
      policyText: "program: x\ngates:\n  live:\n    - metric: fpr\n      test: non_inferiority\n",
      policySource: "p.yaml",
      candidate: {},
    });
    expect(out.exitCode).toBe(2);
    expect(out.text).toBe("p.yaml is not a valid policy:\np.yaml:4:7 gates.live.0.margin: non_inferiority needs a margin");
  });

  it("exits 2 naming the field on a malformed metrics file", () => {
    const bad = runGate({ ...fraud, candidate: { f1: "high" } });
    expect(bad.exitCode).toBe(2);
    expect(bad.text).toContain("candidate.f1:");
    const badChecks = runGate({ ...fraud, candidate: v48, champion: { metrics: { f1: 0.3 }, checks: [{ name: "x" }] } });
    expect(badChecks.exitCode).toBe(2);
    expect(badChecks.text).toContain("champion.checks.0.passed");
  });

  it("says so when the selected gates have no conditions", () => {
    const out = runGate({ policyText: text("examples/policies/ranker.yaml"), policySource: "ranker.yaml", candidate: {} });
    expect(out).toMatchObject({ exitCode: 0, text: "ranker: no conditions in the registry and preproduction gates: nothing to check" });
  });
});
