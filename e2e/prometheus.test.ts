/**
 * Prometheus both ways, against a real Prometheus server (Debian's `prometheus`
 * package): it scrapes a test service's request counters and Arena's own
 * /metrics; Arena reads a gauge metric per version with a templated PromQL query,
 * and Prometheus holds Arena's health and per-variant SLIs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../src/server/runtime/start.js";

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";
const PROGRAM = "checkout";

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/**
 * The service under comparison: request counters per version and status code.
 * Counters start high so rate()'s extrapolation never clamps at zero, which
 * makes the per-version error ratio exact: v1 fails 1 request in 10, v2 1 in 2.
 */
function startTarget(): { server: Server; ready: Promise<number>; stop: () => Promise<void> } {
  const counts = { "1,200": 1e6, "1,500": 1e6, "2,200": 1e6, "2,500": 1e6 };
  const ticker = setInterval(() => {
    counts["1,200"] += 9;
    counts["1,500"] += 1;
    counts["2,200"] += 5;
    counts["2,500"] += 5;
  }, 50);
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    const lines = ["# TYPE app_requests_total counter"];
    for (const [key, value] of Object.entries(counts)) {
      const [version, code] = key.split(",");
      lines.push(`app_requests_total{version="${version}",code="${code}"} ${value}`);
    }
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(`${lines.join("\n")}\n`);
  });
  const ready = new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as AddressInfo).port)));
  return { server, ready, stop: () => (clearInterval(ticker), new Promise<void>((r) => server.close(() => r()))) };
}

describe("Prometheus both ways (real Prometheus server)", () => {
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let promLog = "";
  let promUrl: string;
  let target: ReturnType<typeof startTarget>;
  let arena: RunningServer;
  let token = "";

  const promQuery = async (query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
    const res = await fetch(`${promUrl}/api/v1/query?${new URLSearchParams({ query })}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== "success") throw new Error(`${query}: ${body.error}`);
    return body.data.result;
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${arena.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS)) {
      throw new Error(
        `no Prometheus binary at ${PROMETHEUS}: install Debian's package (apt-get install prometheus; .ci/run does) or set PROMETHEUS_BIN`,
      );
    }
    dir = mkdtempSync(join(tmpdir(), "arena-prometheus-"));
    target = startTarget();
    const targetPort = await target.ready;
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    arena = await startServer({
      host: "127.0.0.1",
      port: 0,
      dataDir: join(dir, "arena"),
      prometheusUrl: promUrl,
      log: false,
      announce: (line) => (token = /ARENA_TOKEN=(\S+)/.exec(line)?.[1] ?? token),
    });
    expect(token, "bootstrap admin token").not.toBe("");
    const arenaHost = new URL(arena.url).host;
    const config = [
      "global:",
      "  scrape_interval: 1s",
      "  scrape_timeout: 1s",
      "scrape_configs:",
      "  - job_name: app",
      `    static_configs: [{ targets: ["127.0.0.1:${targetPort}"] }]`,
      "  - job_name: arena",
      "    metrics_path: /metrics",
      `    static_configs: [{ targets: ["${arenaHost}"] }]`,
    ].join("\n");
    writeFileSync(join(dir, "prometheus.yml"), config);
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "tsdb")}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    prometheus.stdout!.on("data", (chunk: Buffer) => (promLog += chunk.toString()));
    prometheus.stderr!.on("data", (chunk: Buffer) => (promLog += chunk.toString()));
    await waitFor(async () => {
      if (prometheus?.exitCode !== null) throw new Error(`prometheus exited with ${prometheus?.exitCode}:\n${promLog}`);
      return (await fetch(`${promUrl}/-/ready`)).ok || undefined;
    }, "Prometheus to be ready");
    // Both targets scraped at least once.
    await waitFor(
      async () => ((await promQuery("sum(up)"))[0]?.value[1] === "2" ? true : undefined),
      "Prometheus to scrape the service and Arena",
    );
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus!.once("exit", r));
      prometheus.kill("SIGTERM");
      const killer = setTimeout(() => prometheus?.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    }
    await arena?.close();
    await target?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads a gauge metric per version from a templated PromQL query", async () => {
    expect((await api("POST", "/v1/programs", { name: PROGRAM })).status).toBe(201);
    const errorRatio =
      'sum(rate(app_requests_total{version="$version",code=~"5.."}[$window])) / sum(rate(app_requests_total{version="$version"}[$window]))';
    const gauges = { error_ratio: errorRatio, unaggregated: 'rate(app_requests_total{version="$version"}[$window])' };
    for (const [name, query] of Object.entries(gauges)) {
      const res = await api("PUT", `/v1/programs/${PROGRAM}/metrics/${name}`, {
        kind: "gauge",
        direction: "lower",
        source: { type: "prometheus", query },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // One request per version makes each version part of the report; version 3 has no series in Prometheus.
    const at = new Date().toISOString();
    const events = [1, 2, 3].map((version) => ({ type: "request", program: PROGRAM, version, success: true, latencyMs: 5, at }));
    expect((await api("POST", "/v1/telemetry", { batchId: "prometheus-e2e-1", events })).body).toMatchObject({ accepted: 3 });

    type Reading = { status: string; value?: number; reason?: string };
    type Report = { variants: { version: number; metrics: Record<string, Reading> }[] };
    // rate() needs two samples in the window: poll until Prometheus has them for both versions.
    const report = await waitFor(async () => {
      const r = (await api("GET", `/v1/programs/${PROGRAM}/telemetry?window=1m`)).body as unknown as Report;
      const ok = (v: number) => r.variants.find((x) => x.version === v)?.metrics.error_ratio?.status === "ok";
      return ok(1) && ok(2) ? r : undefined;
    }, "per-version error ratios from Prometheus");
    const byVersion = new Map(report.variants.map((v) => [v.version, v.metrics]));
    expect(byVersion.get(1)!.error_ratio!.value).toBeCloseTo(0.1, 6);
    expect(byVersion.get(2)!.error_ratio!.value).toBeCloseTo(0.5, 6);
    expect(byVersion.get(1)!.error_ratio).toMatchObject({ status: "ok", n: 1, stats: null });
    expect(byVersion.get(3)!.error_ratio).toMatchObject({ status: "no_data", reason: expect.stringContaining("no series") });
    expect(byVersion.get(1)!.unaggregated).toMatchObject({ status: "no_data", reason: expect.stringMatching(/2 series.*sum/) });
  });

  it("is scraped by Prometheus: Arena's health and per-variant SLIs can be queried back", async () => {
    const res = await api("PUT", `/v1/programs/${PROGRAM}/metrics/error_rate`, {
      kind: "proportion",
      direction: "lower",
      source: { type: "request", field: "error" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const at = new Date().toISOString();
    const events = Array.from({ length: 4 }, (_, i) => ({ type: "request", program: PROGRAM, version: 1, success: i !== 0, at }));
    expect((await api("POST", "/v1/telemetry", { batchId: "prometheus-e2e-2", events })).body).toMatchObject({ accepted: 4 });
    await arena.prometheus.refresh();

    const accepted = await waitFor(async () => {
      const r = await promQuery('arena_telemetry_events_total{job="arena",endpoint="/v1/telemetry",outcome="accepted"}');
      return r[0]?.value[1] === "7" ? r : undefined;
    }, "Prometheus to scrape Arena's ingest counter");
    expect(accepted).toHaveLength(1);
    // Version 1: 1 error in 5 requests (one from the first test).
    const sli = await waitFor(
      async () => (await promQuery(`arena_variant_sli{job="arena",program="${PROGRAM}",version="1",metric="error_rate"}`))[0],
      "Prometheus to scrape Arena's SLIs",
    );
    expect(Number(sli.value[1])).toBeCloseTo(0.2, 12);
    expect(sli.metric).toMatchObject({ segment: "all", program: PROGRAM });
    expect(sli.metric.alias, "Prometheus stores an empty label as no label").toBeUndefined();
    const latency = await promQuery('sum(arena_http_request_duration_seconds_count{job="arena",route="/v1/programs/:program/telemetry"})');
    expect(Number(latency[0]?.value[1])).toBeGreaterThanOrEqual(1);
  });
});
