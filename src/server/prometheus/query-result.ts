/**
 * Turns a Prometheus `/api/v1/query` answer into one gauge reading. Anything
 * but exactly one finite number is "no data" with a reason a person can act
 * on: a gauge that cannot be read must never pass for a zero.
 */
import type { MetricReading } from "../../core/telemetry/metric-stats.js";

type Sample = [unknown, unknown];
interface QueryAnswer {
  status?: unknown;
  error?: unknown;
  errorType?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

const noData = (reason: string): MetricReading => ({ status: "no_data", reason });

function valueOf(sample: unknown, query: string): MetricReading {
  const raw = Array.isArray(sample) ? (sample as Sample)[1] : undefined;
  if (typeof raw !== "string") return noData(`Prometheus answered a sample without a value for ${query}`);
  const value = Number(raw);
  if (Number.isNaN(value)) return noData(`the query yields NaN (often 0/0: no traffic in the window): ${query}`);
  if (!Number.isFinite(value)) return noData(`the query yields ${raw} (a division by zero?): ${query}`);
  return { status: "ok", value, n: 1, stats: null };
}

/** Reads the parsed JSON body of a successful or failed query. */
export function readQueryAnswer(body: unknown, query: string, httpStatus = 200): MetricReading {
  const answer = (typeof body === "object" && body !== null ? body : {}) as QueryAnswer;
  if (answer.status !== "success") {
    const why = typeof answer.error === "string" ? answer.error : "no error message";
    return noData(`Prometheus refused the query (HTTP ${httpStatus}, ${String(answer.errorType ?? "error")}: ${why}): ${query}`);
  }
  const type = answer.data?.resultType;
  const result = answer.data?.result;
  if (type === "scalar") return valueOf(result, query);
  if (type !== "vector")
    return noData(
      `the query yields a ${String(type)}, not an instant vector or scalar (wrap a range selector in rate() or avg_over_time()): ${query}`,
    );
  if (!Array.isArray(result) || result.length === 0) return noData(`the query matched no series for this variant: ${query}`);
  if (result.length > 1) {
    return noData(`the query yields ${result.length} series, one is needed per variant: aggregate it with sum(...) or avg(...): ${query}`);
  }
  const series: unknown = result[0];
  return valueOf(typeof series === "object" && series !== null ? (series as { value?: unknown }).value : undefined, query);
}
