/**
 * A service build canaried with no SDK in it: the real Arena server (its own process),
 * `arena proxy` (the CLI, which writes the config and runs Debian's HAProxy), and real
 * upstream builds (small Node servers). Every request, shadow copy and telemetry window
 * goes through HAProxy; the controller decides from the proxy's telemetry alone.
 *
 *   - an alias move made with the CLI is served by the first request after the CLI returns;
 *   - a shadow copy reaches the shadow build, its answer never reaches the client, and its
 *     requests are counted for the shadow version;
 *   - a challenger failing 5 % of requests is rolled back automatically;
 *   - a good build is promoted, and the proxy then serves it to everyone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../bench/support/server-process.js";
import { freePort } from "../src/proxy/haproxy-process.js";

const root = resolve(import.meta.dirname, "..");
const PROGRAM = "checkout-api";

interface Build {
  server: Server;
  url: string;
  /** Requests that carried x-arena-shadow. */
  shadowHits: number;
  requests: number;
  /** The x-arena-version values it was sent (the proxy runs with --version-header x-arena-version). */
  versionsSeen: Set<string>;
}

/** A build of the service: answers its name; `failEvery` > 0 answers 500 to one request in failEvery. */
async function startBuild(name: string, failEvery: number): Promise<Build> {
  const build: Build = { server: createServer(), url: "", shadowHits: 0, requests: 0, versionsSeen: new Set() };
  build.server.on("request", (req, res) => {
    build.requests++;
    build.versionsSeen.add(String(req.headers["x-arena-version"]));
    if (req.headers["x-arena-shadow"] === "1") build.shadowHits++;
    req.resume();
    req.on("end", () => {
      if (failEvery > 0 && build.requests % failEvery === 0) {
        res.statusCode = 500;
        return res.end(`${name} failed`);
      }
      res.end(name);
    });
  });
  await new Promise<void>((r) => build.server.listen(0, "127.0.0.1", r));
  build.url = `http://127.0.0.1:${(build.server.address() as { port: number }).port}`;
  return build;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => done({ code, out }));
  });
}

/** `arena proxy` in its own process; resolves once it prints that it listens. */
async function startProxyCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; log: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), "proxy", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let log = "";
  child.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  await waitFor(
    "arena proxy to listen",
    async () => (/listening on/.test(log) ? true : child.exitCode !== null ? Promise.reject(new Error(log)) : undefined),
    60_000,
  );
  const stop = async () => {
    if (child.exitCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await gone;
  };
  return { child, log: () => log, stop };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const policy = {
  program: PROGRAM,
  description: "checkout service behind HAProxy",
  metrics: {
    error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } },
    latency_p95: { kind: "quantile", quantile: 0.95, direction: "lower", unit: "ms", source: { type: "request", field: "latency" } },
  },
  gates: {
    live: [
      { metric: "error_rate", test: "non_inferiority", margin: 0.02 },
      { metric: "latency_p95", max: 1_000 },
    ],
    minSamples: 300,
  },
  rollout: { mode: "canary", steps: [{ weight: "50%", duration: "5s", minSamples: 300 }], primary: "error_rate", evaluateEvery: "1s" },
  slos: [
    {
      name: "availability",
      metric: "error_rate",
      objective: 0.99,
      rules: [{ long: "30s", short: "10s", burnRate: 2.5, severity: "page" }],
    },
  ],
};

describe("arena proxy: canary and shadow through HAProxy, decided from the proxy's telemetry", () => {
  let server: ServerProcess;
  let proxy: ChildProcess;
  let proxyLog = "";
  let proxyUrl = "";
  let dir = "";
  let env: Record<string, string> = {};
  const builds: Record<string, Build> = {};
  let traffic: { stop: () => Promise<void>; served: Map<string, number>; leaked: number } | null = null;

  /** One request through the proxy as `user`; returns the build's answer. */
  async function get(user: string): Promise<{ status: number; body: string }> {
    const res = await fetch(proxyUrl, { headers: { "x-user": user } });
    return { status: res.status, body: await res.text() };
  }

  /** Steady keyed traffic (8 workers, ~25 requests/s each), counting which build answered. */
  function startTraffic(): NonNullable<typeof traffic> {
    let running = true;
    const served = new Map<string, number>();
    const state = { served, leaked: 0, stop: async () => {} };
    let n = 0;
    const worker = async () => {
      while (running) {
        const { body } = await get(`user-${n++ % 5_000}`).catch(() => ({ body: "unreachable" }));
        const name = body.split(" ")[0]!;
        if (name === "shadow") state.leaked++;
        served.set(name, (served.get(name) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 40));
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    state.stop = async () => {
      running = false;
      await Promise.all(workers);
    };
    return state;
  }

  beforeAll(async () => {
    process.env.ARENA_CONTROLLER_TICK_MS = "500";
    server = await startServerProcess();
    builds.v1 = await startBuild("v1", 200); // 0.5 %: a real service is rarely perfect, and zero variance decides nothing
    builds.v2 = await startBuild("v2", 20); // 5 % of its requests fail
    builds.v3 = await startBuild("v3", 200);
    builds.shadow = await startBuild("shadow", 0);
    await server.api("PUT", `/v1/programs/${PROGRAM}/policy`, policy);
    for (const name of ["v1", "v2", "v3", "shadow"])
      await server.api("POST", `/v1/programs/${PROGRAM}/candidates`, { artifactUri: builds[name]!.url });
    await server.api("PUT", `/v1/programs/${PROGRAM}/aliases/champion`, { version: 1, reason: "initial champion" });
    const { token } = await server.api<{ token: string }>("POST", "/v1/tokens", { name: "checkout-proxy", roles: ["sdk"] });
    env = { ARENA_URL: server.url, ARENA_TOKEN: server.token };
    dir = mkdtempSync(join(tmpdir(), "arena-proxy-e2e-"));
    const port = await freePort();
    proxyUrl = `http://127.0.0.1:${port}/checkout`;
    proxy = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(root, "src/cli/main.ts"),
        "proxy",
        PROGRAM,
        "--listen",
        `127.0.0.1:${port}`,
        "--key",
        "header:x-user",
        "--version-header",
        "x-arena-version",
        "--dir",
        dir,
      ],
      {
        cwd: root,
        env: { ...process.env, ARENA_URL: server.url, ARENA_TOKEN: token },
      },
    );
    proxy.stdout!.on("data", (c: Buffer) => (proxyLog += c.toString()));
    proxy.stderr!.on("data", (c: Buffer) => (proxyLog += c.toString()));
    await waitFor("the proxy to serve the champion", async () => ((await get("user-1")).body === "v1" ? true : undefined), 60_000);
  }, 120_000);

  afterAll(async () => {
    await traffic?.stop();
    if (proxy && proxy.exitCode === null) {
      const gone = new Promise((r) => proxy.once("exit", r));
      proxy.kill("SIGTERM");
      await gone;
    }
    await server?.stop();
    for (const b of Object.values(builds)) b.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    delete process.env.ARENA_CONTROLLER_TICK_MS;
  });

  it("serves an alias move made with the CLI on the first request after the CLI returns", async () => {
    for (const [version, build] of [
      [3, "v3"],
      [1, "v1"],
    ] as const) {
      const cli = await runCli(["alias", "set", PROGRAM, "champion", String(version), "--reason", "proxy e2e move"], env);
      expect(cli.code, cli.out).toBe(0);
      expect((await get("user-42")).body).toBe(build);
    }
  }, 60_000);

  it("sends shadow copies to the shadow build, never its answer to the client", async () => {
    await server.api("PUT", `/v1/programs/${PROGRAM}/aliases/shadow`, { version: 4, reason: "shadow the next build" });
    await server.api("PUT", `/v1/programs/${PROGRAM}/traffic`, {
      shadow: [{ alias: "shadow", sample: 1 }],
      reason: "shadow every champion request",
    });
    await waitFor("the shadow plan to reach the proxy", async () => {
      const before = builds.shadow!.shadowHits;
      await get("probe");
      return builds.shadow!.shadowHits > before || (await new Promise((r) => setTimeout(r, 300)), builds.shadow!.shadowHits > before)
        ? true
        : undefined;
    });
    const hitsBefore = builds.shadow!.shadowHits;
    for (let i = 0; i < 60; i++) {
      const answer = await get(`shadowed-${i}`);
      expect(answer).toEqual({ status: 200, body: "v1" });
    }
    await waitFor("60 shadow copies", async () => (builds.shadow!.shadowHits - hitsBefore >= 60 ? true : undefined));
    expect(builds.shadow!.requests).toBe(builds.shadow!.shadowHits);
    // Each copy names the shadow's own version, not the champion's that answers the client.
    expect([...builds.shadow!.versionsSeen]).toEqual(["4"]);
    // A client cannot pass a request off as a shadow copy to the build that answers it.
    await fetch(proxyUrl, { headers: { "x-user": "spoofer", "x-arena-shadow": "1" } });
    expect(builds.v1!.shadowHits).toBe(0);
    // The shadow's answers are counted for version 4 from the proxy's telemetry.
    type Report = { variants: Array<{ version: number; metrics: Record<string, { status: string; n?: number }> }> };
    const n = await waitFor("the shadow version's requests in Arena", async () => {
      const report = await server.api<Report>("GET", `/v1/programs/${PROGRAM}/telemetry?window=1h`);
      const v4 = report.variants.find((v) => v.version === 4)?.metrics.error_rate;
      return v4?.status === "ok" && (v4.n ?? 0) >= 60 ? v4.n : undefined;
    });
    expect(n).toBeGreaterThanOrEqual(60);
    await server.api("PUT", `/v1/programs/${PROGRAM}/traffic`, { reason: "shadow done" });
    await server.api("DELETE", `/v1/programs/${PROGRAM}/aliases/shadow`, { reason: "shadow done" });
  }, 180_000);

  it("rolls the failing build back from the proxy's telemetry alone, then promotes a good build", async () => {
    traffic = startTraffic();
    const bad = await server.api<{ rollout: { id: string } }>("POST", `/v1/programs/${PROGRAM}/rollouts`, { challengers: [2] });
    const rolledBack = await waitFor(
      "the rollback of v2",
      async () => {
        const r = await server.api<{ status: string }>("GET", `/v1/rollouts/${bad.rollout.id}`);
        return r.status === "rolled_back" || r.status === "promoted" || r.status === "aborted" ? r.status : undefined;
      },
      180_000,
    );
    expect(rolledBack, proxyLog).toBe("rolled_back");
    expect(builds.v2!.requests).toBeGreaterThan(100);
    const decisions = await server.api<{ decisions: Array<{ action: string; summary?: string }> }>(
      "GET",
      `/v1/programs/${PROGRAM}/decisions?rollout=${bad.rollout.id}`,
    );
    expect(JSON.stringify(decisions.decisions.find((d) => d.action === "rollback"))).toMatch(/error_rate|burn/);
    // After the rollback nobody reaches v2 any more.
    await waitFor("v2 to receive no traffic", async () => {
      const before = builds.v2!.requests;
      await new Promise((r) => setTimeout(r, 2_000));
      return builds.v2!.requests === before ? true : undefined;
    });

    const good = await server.api<{ rollout: { id: string } }>("POST", `/v1/programs/${PROGRAM}/rollouts`, { challengers: [3] });
    const promoted = await waitFor(
      "the promotion of v3",
      async () => {
        const r = await server.api<{ status: string }>("GET", `/v1/rollouts/${good.rollout.id}`);
        return r.status === "rolled_back" || r.status === "promoted" || r.status === "aborted" ? r.status : undefined;
      },
      180_000,
    ).catch(async (error: Error) => {
      const decisions = await server.api("GET", `/v1/programs/${PROGRAM}/decisions?rollout=${good.rollout.id}`);
      throw new Error(`${error.message}: ${JSON.stringify(decisions).slice(-2_000)}\nproxy log:\n${proxyLog.slice(-3_000)}`);
    });
    expect(promoted, proxyLog).toBe("promoted");
    await waitFor("every user served by v3", async () => {
      for (let i = 0; i < 20; i++) if ((await get(`after-${i}`)).body !== "v3") return undefined;
      return true;
    });
    await traffic.stop();
    expect(traffic.leaked).toBe(0);
    // Exposures per unit, recorded by the proxy from the x-user key.
    type Counts = { variants: Array<{ alias: string; version: number | null; exposures: number }>; droppedBySdks: number };
    const exposures = await waitFor("exposures of v1, v2 and v3", async () => {
      const counts = await server.api<Counts>("GET", `/v1/programs/${PROGRAM}/exposures?window=1h`);
      const by = (v: number) => counts.variants.filter((c) => c.version === v).reduce((s, c) => s + c.exposures, 0);
      return by(1) > 0 && by(2) > 0 && by(3) > 0 ? counts : undefined;
    });
    expect(exposures.droppedBySdks).toBe(0);
    expect(traffic.served.get("v2") ?? 0).toBeGreaterThan(0);
  }, 400_000);

  it("keeps the last table while Arena is down, and after its own restart; champion-only before any table", async () => {
    await server.stop();
    // The first word names the build: v3 also answers "v3 failed" to one request in 200, as it always has.
    for (let i = 0; i < 10; i++) expect((await get(`down-${i}`)).body.split(" ")[0]).toBe("v3");
    // Restarted with Arena still down: the table kept in --dir is served.
    const gone = new Promise((r) => proxy.once("exit", r));
    proxy.kill("SIGTERM");
    await gone;
    const port = await freePort();
    const again = await startProxyCli([PROGRAM, "--listen", `127.0.0.1:${port}`, "--key", "header:x-user", "--dir", dir], env);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-user": "user-7" } });
      expect((await res.text()).split(" ")[0], again.log()).toBe("v3");
      expect(again.log()).toMatch(/serving the last known table/);
    } finally {
      await again.stop();
    }
    // Never reached Arena and nothing kept: 503, or the --default-upstream champion.
    for (const [flags, expected] of [
      [[], { status: 503, body: /no version of checkout-api to serve yet/ }],
      [["--default-upstream", `1=${builds.v1!.url.slice("http://".length)}`], { status: 200, body: /^v1$/ }],
    ] as const) {
      const fresh = mkdtempSync(join(tmpdir(), "arena-proxy-e2e-fresh-"));
      const freshPort = await freePort();
      const p = await startProxyCli([PROGRAM, "--listen", `127.0.0.1:${freshPort}`, "--dir", fresh, ...flags], env);
      try {
        const res = await fetch(`http://127.0.0.1:${freshPort}/`);
        expect(res.status, p.log()).toBe(expected.status);
        expect(await res.text()).toMatch(expected.body);
      } finally {
        await p.stop();
        rmSync(fresh, { recursive: true, force: true });
      }
    }
  }, 180_000);
});
