/**
 * The kinds' source rules moved from this schema's refinement into each kind's definition
 * (core/stats/metric-definition.ts, ADR 019). Every kind × source × aggregation × quantile is checked
 * against the refinement as it was written before the move: the same issues, at the same paths.
 */
import { describe, expect, it } from "vitest";
import { METRIC_KINDS } from "../core/telemetry/metric.js";
import { MetricDefinitionBody } from "./metrics.js";

type Issue = { path: string; message: string };
type Source = { type: string; field?: string };

/** The refinement before the move, verbatim but for one message (the ratio source's, now generated like the others). */
function before(kind: string, s: Source, aggregation: string, quantile: number | undefined): Issue[] {
  const out: Issue[] = [];
  const bad = (path: string, message: string) => out.push({ path, message });
  if (kind === "quantile" && quantile === undefined) bad("quantile", "a quantile metric needs quantile, e.g. 0.95");
  if (kind === "quantile" && !(s.type === "request" && s.field === "latency") && s.type !== "event")
    bad("source", "a quantile metric reads request latency or an event value");
  if (kind === "classifier" && s.type !== "prediction") bad("source", "a classifier metric reads predictions (source.type: prediction)");
  if (kind !== "classifier" && s.type === "prediction") bad("kind", "prediction sources feed classifier metrics only");
  if (kind === "drift" && s.type !== "feature") bad("source", "a drift metric reads a feature (source.type: feature, with bins)");
  if (kind !== "drift" && s.type === "feature") bad("kind", "feature sources feed drift metrics only");
  if (kind === "ratio" && s.type !== "ratio") bad("source", "a ratio metric needs source.type: ratio with numerator and denominator");
  if (kind !== "ratio" && s.type === "ratio") bad("kind", "ratio sources feed ratio metrics only");
  if (kind === "gauge" && s.type !== "prometheus") bad("source", "gauge metrics come from Prometheus");
  if (s.type === "prometheus" && kind !== "gauge") bad("kind", "a Prometheus query yields one number per variant: use kind: gauge");
  if (kind === "proportion" && s.type === "request" && !["error", "success"].includes(s.field ?? ""))
    bad("source.field", "a proportion of requests reads error or success");
  if (kind === "proportion" && s.type === "event" && aggregation !== "unit")
    bad("aggregation", "a proportion of an event is per unit (did the unit do it at least once): aggregation: unit");
  if (kind === "ratio" && aggregation !== "unit") bad("aggregation", "ratio metrics are computed over units: aggregation: unit");
  return out;
}

const sources = [
  ...["error", "success", "latency", "cost"].map((field) => ({ type: "request", field })),
  { type: "event", event: "purchase", field: "value" },
  { type: "event", event: "purchase", field: "count" },
  { type: "ratio", numerator: { type: "cost" }, denominator: { type: "requests" } },
  { type: "prediction" },
  { type: "feature", feature: "age", bins: [18, 30, 50] },
  { type: "prometheus", query: "sum(rate(x[5m]))" },
];

const key = (i: Issue): string => `${i.path}: ${i.message}`;

describe("metric kinds' source rules, written with each kind", () => {
  it("refuse exactly what the schema refused before, kind by kind", () => {
    let cases = 0;
    for (const kind of METRIC_KINDS)
      for (const source of sources)
        for (const aggregation of ["request", "unit"])
          for (const quantile of [undefined, 0.95]) {
            const parsed = MetricDefinitionBody.safeParse({ kind, direction: "lower", aggregation, source, quantile });
            const got = parsed.success ? [] : parsed.error.issues.map((i) => key({ path: i.path.join("."), message: i.message }));
            expect(got.sort(), `${kind} ${JSON.stringify(source)} ${aggregation} ${quantile}`).toEqual(
              before(kind, source, aggregation, quantile).map(key).sort(),
            );
            cases += 1;
          }
    expect(cases).toBe(METRIC_KINDS.length * sources.length * 4);
  });
});
