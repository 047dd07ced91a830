import fc from "fast-check";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import { PrometheusGaugeReader } from "./gauge-reader.js";
import { escapeLabelValue, promDuration, renderQuery } from "./promql.js";
import { readQueryAnswer } from "./query-result.js";

const gauge = (query: string): TelemetryMetric => ({
  name: "g",
  kind: "gauge",
  direction: "lower",
  unit: "",
  description: "",
  aggregation: "request",
  source: { type: "prometheus", query },
});
const from = new Date("2026-11-22T10:25:00Z");
const to = new Date("2026-11-22T10:30:00.250Z");

describe("renderQuery", () => {
  it("fills $program, $version, $alias and $window, braced or bare", () => {
    const q = renderQuery('sum(rate(x{job="$program",version="${version}",alias="$alias"}[$window])) / $versions', {
      program: "checkout",
      version: 7,
      aliases: ["champion", "blue"],
      windowMs: 300_000,
    });
    expect(q).toBe('sum(rate(x{job="checkout",version="7",alias="champion"}[300s])) / $versions');
  });
  it("gives an empty alias to a variant without one and whole seconds to the window", () => {
    expect(renderQuery('a{alias="$alias"}[$window]', { program: "p", version: 1, aliases: [], windowMs: 1_500 })).toBe('a{alias=""}[2s]');
    expect(promDuration(10)).toBe("1s");
  });
  it("escapes label values so they cannot leave their double-quoted string", () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const q = renderQuery('x{p="$program"}', { program: 'evil"} or vector(1) or x{a="', version: 1, aliases: [], windowMs: 1000 });
    expect(q).toBe('x{p="evil\\"} or vector(1) or x{a=\\""}');
  });
});

describe("readQueryAnswer", () => {
  it("never throws and is ok only with one finite number, whatever the body", () => {
    const sample = fc.tuple(fc.double(), fc.oneof(fc.string(), fc.constantFrom("1", "NaN", "+Inf", "0.5"), fc.anything()));
    const body = fc.oneof(
      fc.anything(),
      fc.record({
        status: fc.constantFrom("success", "error"),
        data: fc.record({
          resultType: fc.constantFrom("vector", "scalar", "matrix", "string"),
          result: fc.oneof(sample, fc.array(fc.oneof(fc.record({ value: sample }), fc.anything()), { maxLength: 3 })),
        }),
      }),
    );
    fc.assert(
      fc.property(body, (b) => {
        const r = readQueryAnswer(b, "q");
        if (r.status === "ok") expect(Number.isFinite(r.value)).toBe(true);
        else expect(r.reason).toContain("q");
      }),
    );
  });
});

describe("PrometheusGaugeReader against a fake Prometheus", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; body: string; delayMs?: number };
  let seen: URL[] = [];
  let headers: Record<string, string | string[] | undefined>[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(new URL(req.url ?? "/", "http://x"));
      headers.push(req.headers);
      setTimeout(() => res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body), answer.delayMs ?? 0);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen = [];
    headers = [];
  });

  const vector = (...values: string[]) =>
    JSON.stringify({
      status: "success",
      data: { resultType: "vector", result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1795343400.25, v] })) },
    });
  const read = (query = 'sum(x{version="$version"})', reader = new PrometheusGaugeReader({ url })) =>
    reader.read("checkout", 2, ["challenger"], gauge(query), from, to);

  it("queries /api/v1/query at the end of the window with the rendered query", async () => {
    answer = { status: 200, body: vector("0.25") };
    expect(await read('sum(rate(x{version="$version",alias="$alias"}[$window]))')).toEqual({
      status: "ok",
      value: 0.25,
      n: 1,
      stats: null,
    });
    expect(seen[0]!.pathname).toBe("/api/v1/query");
    expect(seen[0]!.searchParams.get("query")).toBe('sum(rate(x{version="2",alias="challenger"}[301s]))');
    expect(seen[0]!.searchParams.get("time")).toBe("1795343400.250");
  });

  it("keeps a path prefix and turns user:password into Basic auth", async () => {
    answer = { status: 200, body: vector("1") };
    const reader = new PrometheusGaugeReader({ url: `http://ops:s%3Acret@127.0.0.1:${(server.address() as AddressInfo).port}/prom/` });
    expect((await read(undefined, reader)).status).toBe("ok");
    expect(seen[0]!.pathname).toBe("/prom/api/v1/query");
    expect(headers[0]!.authorization).toBe(`Basic ${Buffer.from("ops:s:cret").toString("base64")}`);
  });

  it("reads a scalar", async () => {
    answer = { status: 200, body: JSON.stringify({ status: "success", data: { resultType: "scalar", result: [1, "42"] } }) };
    expect(await read("scalar(x)")).toMatchObject({ status: "ok", value: 42 });
  });

  it("answers no_data, never 0, when the query matches nothing", async () => {
    answer = { status: 200, body: vector() };
    const r = await read();
    expect(r).toMatchObject({ status: "no_data" });
    expect(r.status === "no_data" && r.reason).toContain("no series");
  });

  it("refuses several series and asks for an aggregation", async () => {
    answer = { status: 200, body: vector("1", "2", "3") };
    const r = await read();
    expect(r.status === "no_data" && r.reason).toMatch(/3 series.*sum\(\.\.\.\) or avg\(\.\.\.\)/);
  });

  it("treats NaN and infinities as no data", async () => {
    for (const v of ["NaN", "+Inf", "-Inf"]) {
      answer = { status: 200, body: vector(v) };
      expect((await read()).status, v).toBe("no_data");
    }
  });

  it("reports a range vector as the wrong shape", async () => {
    answer = { status: 200, body: JSON.stringify({ status: "success", data: { resultType: "matrix", result: [] } }) };
    const r = await read("x[5m]");
    expect(r.status === "no_data" && r.reason).toContain("matrix");
  });

  it("passes Prometheus's own error message on", async () => {
    answer = { status: 400, body: JSON.stringify({ status: "error", errorType: "bad_data", error: 'parse error: unexpected "}"' }) };
    const r = await read("sum(x})");
    expect(r.status === "no_data" && r.reason).toContain('HTTP 400, bad_data: parse error: unexpected "}"');
  });

  it("turns a non-JSON answer, a timeout and a refused connection into no_data with the reason", async () => {
    answer = { status: 502, body: "<html>bad gateway</html>" };
    expect(await read()).toMatchObject({ status: "no_data", reason: expect.stringContaining("HTTP 502 without JSON") });
    answer = { status: 200, body: vector("1"), delayMs: 300 };
    expect(await read(undefined, new PrometheusGaugeReader({ url, timeoutMs: 50 }))).toMatchObject({
      status: "no_data",
      reason: expect.stringContaining("no answer within 50 ms"),
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await read(undefined, new PrometheusGaugeReader({ url: `http://127.0.0.1:${port}` }))).toMatchObject({
      status: "no_data",
      reason: expect.stringContaining("ECONNREFUSED"),
    });
  });

  it("rejects a URL that is not http(s) when configured", () => {
    expect(() => new PrometheusGaugeReader({ url: "prometheus:9090" })).toThrow(/not an http\(s\) URL/);
    expect(() => new PrometheusGaugeReader({ url: "nonsense" })).toThrow(/not an http\(s\) URL/);
  });
});
