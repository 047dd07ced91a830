import type { MetricReading } from "../../core/telemetry/metric-stats.js";
import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { GaugeReader } from "../telemetry/gauge-reader.js";
import { renderQuery } from "./promql.js";
import { readQueryAnswer } from "./query-result.js";

export interface PrometheusGaugeReaderOptions {
  /** Prometheus base URL, e.g. http://prometheus:9090 (a path prefix is kept; user:password@ becomes Basic auth). Throws if not a URL. */
  url: string;
  /** Per-query timeout; a slow Prometheus must not stall a report. */
  timeoutMs?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
}

function parseUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || !/^https?:$/.test(url.protocol))
    throw new Error(`Prometheus URL "${text}" is not an http(s) URL such as http://prometheus:9090`);
  return url;
}

/**
 * Reads gauge metrics (source.type "prometheus") as instant queries at the end
 * of the window. Never throws and never invents a zero: every failure is a
 * `no_data` reading whose reason says what went wrong.
 */
export class PrometheusGaugeReader implements GaugeReader {
  private readonly base: string;
  private readonly headers: Record<string, string> = { accept: "application/json" };
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: PrometheusGaugeReaderOptions) {
    // fetch refuses URLs with credentials: http://user:pass@host becomes a Basic header, and never shows in a reason.
    const url = parseUrl(options.url);
    if (url.username || url.password) {
      const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      this.headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
      url.username = "";
      url.password = "";
    }
    this.base = url.toString().replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async read(program: string, version: number, aliases: string[], metric: TelemetryMetric, from: Date, to: Date): Promise<MetricReading> {
    if (metric.source.type !== "prometheus") return { status: "no_data", reason: `metric "${metric.name}" is not read from Prometheus` };
    const query = renderQuery(metric.source.query, { program, version, aliases, windowMs: to.getTime() - from.getTime() });
    const url = `${this.base}/api/v1/query?${new URLSearchParams({ query, time: (to.getTime() / 1000).toFixed(3) })}`;
    try {
      const res = await this.fetch(url, { headers: this.headers, signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { status: "no_data", reason: `Prometheus answered HTTP ${res.status} without JSON (${text.slice(0, 120)}): ${query}` };
      }
      // Prometheus reports bad queries as 400/422 with a JSON error body: read the message, not just the status.
      return readQueryAnswer(body, query, res.status);
    } catch (error) {
      return { status: "no_data", reason: `Prometheus at ${this.base} unreachable (${this.describe(error)}): ${query}` };
    }
  }

  private describe(error: unknown): string {
    if (!(error instanceof Error)) return String(error);
    if (error.name === "TimeoutError") return `no answer within ${this.timeoutMs} ms`;
    // fetch hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
    const cause = (error as Error & { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = cause ? String(cause.code ?? cause.message ?? "") : "";
    return detail ? `${error.message}: ${detail}` : error.message;
  }
}
