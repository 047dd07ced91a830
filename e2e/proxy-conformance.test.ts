/**
 * Arena's assignment, run inside the real HAProxy (Debian's haproxy, Lua 5.3): every
 * case of conformance/assignment-cases.json is evaluated by proxy/haproxy/arena.lua
 * through its admin service, the latency sketch keys match the SDK's bin for bin, and
 * real requests keyed by a header, a cookie or the sticky cookie reach the version
 * the TypeScript assign() names.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assign } from "../src/core/assignment/assign.js";
import { CHAMPION, championOnlyPlan, type TrafficPlan } from "../src/core/assignment/traffic-plan.js";
import { ProxyAdmin } from "../src/proxy/admin-client.js";
import { parseDrain } from "../src/proxy/drain-format.js";
import { writeProxyFiles, type ProxyConfig } from "../src/proxy/haproxy-config.js";
import { checkConfig, freePort, startHaproxy, type HaproxyProcess } from "../src/proxy/haproxy-process.js";
import { compileTable, hexOf, type RouteTarget } from "../src/proxy/table-format.js";
import { sketchKey } from "../src/sdk/sketch.js";

interface Cases {
  hash: { seed: string; unitId: string; bucket: number }[];
  secondaryDraw: { bucket: number; draw: number }[];
  bucketLookup: { plan: TrafficPlan; cases: { bucket: number; alias: string }[] }[];
  assignments: {
    name: string;
    plan: TrafficPlan;
    cases: { unitId: string; alias: string; shadow: string[]; bucket: number; reason: string }[];
  }[];
  ramps: { name: string; unitIds: string[]; steps: { plan: TrafficPlan; aliases: string[] }[] }[];
  shares: { name: string; plan: TrafficPlan; sampleSize: number; counts: Record<string, number> }[];
}
const cases = JSON.parse(readFileSync(new URL("../conformance/assignment-cases.json", import.meta.url), "utf8")) as Cases;

/** Every alias a plan names, each given a distinct (fake) version: the proxy is asked for aliases only. */
function aliasesOf(plan: TrafficPlan): string[] {
  return [...new Set([CHAMPION, ...plan.arms.map((a) => a.alias), ...plan.shadow.map((s) => s.alias), ...Object.values(plan.overrides)])];
}

function tableFor(plan: TrafficPlan, targets?: Map<string, RouteTarget>): string {
  const all = targets ?? new Map(aliasesOf(plan).map((alias, i) => [alias, { alias, version: i + 1, ip: "127.0.0.1", port: 9 }]));
  return compileTable({ revision: 1, program: "conformance", plan, targets: all }).text;
}

function config(listen: number, adminPort: number): ProxyConfig {
  return {
    program: "conformance",
    listen: `127.0.0.1:${listen}`,
    adminPort,
    secret: "test-secret",
    key: { header: "x-user" },
    // The builds below echo it: every routed answer says which version the proxy meant.
    versionHeader: "x-arena-version",
    stickyCookie: "arena_unit",
    stickyMaxAgeSeconds: 3600,
    defaultUpstream: null,
    upstreamTimeoutMs: 5_000,
    shadowTimeoutMs: 5_000,
    maxShadowInflight: 100,
    maxWindows: 1_000,
    maxExposures: 10_000,
    // Tiny, so that answers are folded mid-window too (the bound a busy proxy reaches), not only at drains.
    maxAnswerKeys: 3,
    maxKeyBytes: 200,
    threads: 2,
    slots: 8,
    bufferBodies: true,
  };
}

describe("assignment conformance inside HAProxy", () => {
  let dir: string;
  let haproxy: HaproxyProcess;
  let admin: ProxyAdmin;
  let listen: number;
  const upstreams: Server[] = [];
  const ports: number[] = [];
  let checks = 0;

  /** Sends lines to the proxy's evaluator; returns one answer line per question. */
  async function evaluate(body: string): Promise<string[]> {
    return (await admin.evaluate(body)).split("\n").filter((l) => l !== "");
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "arena-proxy-conformance-"));
    listen = await freePort();
    admin = new ProxyAdmin(await freePort(), "test-secret");
    haproxy = await startHaproxy(writeProxyFiles(config(listen, admin.port), dir), admin);
    for (const name of ["one", "two", "three"]) {
      const server = createServer((req, res) => res.end(`${name} ${req.headers["x-arena-version"]}`));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      upstreams.push(server);
      ports.push((server.address() as { port: number }).port);
    }
  }, 60_000);

  afterAll(async () => {
    await haproxy?.stop();
    for (const s of upstreams) s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`proxy conformance: ${checks} checks evaluated inside HAProxy\n`);
  });

  it("hashes every seed and unit id to the reference bucket", async () => {
    const body = cases.hash.map((c) => `${tableFor(championOnlyPlan(c.seed))}unit ${hexOf(c.unitId)}\n`).join("");
    const answers = await evaluate(body);
    expect(answers.map((a) => Number(a.split(" ")[1]))).toEqual(cases.hash.map((c) => c.bucket));
    checks += cases.hash.length;
  });

  it("draws the same secondary values", async () => {
    const answers = await evaluate(cases.secondaryDraw.map((c) => `draw ${c.bucket}\n`).join(""));
    expect(answers.map(Number)).toEqual(cases.secondaryDraw.map((c) => c.draw));
    checks += cases.secondaryDraw.length;
  });

  it("serves the same alias at every range boundary", async () => {
    for (const group of cases.bucketLookup) {
      const answers = await evaluate(`${tableFor(group.plan)}${group.cases.map((c) => `bucket ${c.bucket}\n`).join("")}`);
      expect(answers).toEqual(group.cases.map((c) => c.alias));
      checks += group.cases.length;
    }
  });

  it.each(cases.assignments.map((a) => [a.name, a] as const))("assigns like the reference: %s", async (_name, group) => {
    const answers = await evaluate(`${tableFor(group.plan)}${group.cases.map((c) => `unit ${hexOf(c.unitId)}\n`).join("")}`);
    const expected = group.cases.map((c) => `${c.alias} ${c.bucket} ${c.reason} ${c.shadow.length ? c.shadow.join(",") : "-"}`);
    expect(answers).toEqual(expected);
    checks += group.cases.length;
  });

  it.each(cases.ramps.map((r) => [r.name, r] as const))("ramps like the reference: %s", async (_name, ramp) => {
    for (const step of ramp.steps) {
      const answers = await evaluate(`${tableFor(step.plan)}${ramp.unitIds.map((u) => `unit ${hexOf(u)}\n`).join("")}`);
      expect(answers.map((a) => a.split(" ")[0])).toEqual(step.aliases);
      checks += step.aliases.length;
    }
  });

  it.each(cases.shares.map((s) => [s.name, s] as const))("splits a sample like the reference: %s", async (_name, share) => {
    const units = Array.from({ length: share.sampleSize }, (_, i) => `unit ${hexOf(`u-${i}`)}\n`).join("");
    const answers = await evaluate(`${tableFor(share.plan)}${units}`);
    const counts: Record<string, number> = {};
    for (const a of answers) {
      const alias = a.split(" ")[0]!;
      counts[alias] = (counts[alias] ?? 0) + 1;
    }
    expect(counts).toEqual(share.counts);
    checks += 1;
  });

  it("puts latencies in the SDK's sketch bins, key for key", async () => {
    const values: number[] = [];
    for (let i = 0; i < 3_000; i++) values.push(0.001 * Math.pow(10, (i / 3_000) * 8)); // 1 µs to 100 s, log-spaced
    for (let i = 1; i <= 2_000; i++) values.push(i * 0.001 * 37); // µs-resolution latencies as the proxy measures them
    const answers = await evaluate(values.map((v) => `key ${v.toPrecision(17)}\n`).join(""));
    expect(answers.map(Number)).toEqual(values.map(sketchKey));
    checks += values.length;
  });

  it("routes real requests by header, cookie and sticky cookie exactly as assign()", async () => {
    const plan: TrafficPlan = {
      hashVersion: 1,
      seed: "checkout-proxy",
      slots: 4,
      arms: [
        { alias: "challenger", slot: 3, weight: 0.25 },
        { alias: "canary", slot: 1, weight: 0.1 },
      ],
      shadow: [],
      overrides: { "qa-7": "canary" },
    };
    const targets = new Map<string, RouteTarget>([
      ["champion", { alias: "champion", version: 1, ip: "127.0.0.1", port: ports[0]! }],
      ["challenger", { alias: "challenger", version: 2, ip: "127.0.0.1", port: ports[1]! }],
      ["canary", { alias: "canary", version: 3, ip: "127.0.0.1", port: ports[2]! }],
    ]);
    expect(await admin.pushTable(tableFor(plan, targets))).toBe("ok 1\n");
    const url = `http://127.0.0.1:${listen}/`;
    const build: Record<string, string> = { champion: "one", challenger: "two", canary: "three" };
    const users = [...Array.from({ length: 300 }, (_, i) => `user-${i}`), "qa-7", "ünïcode-ü", "toString", "__proto__"];
    for (const user of users) {
      const alias = assign(plan, user).alias;
      const version = targets.get(alias)!.version;
      const byHeader = await (await fetch(url, { headers: { "x-user": user } })).text();
      expect(byHeader).toBe(`${build[alias]} ${version}`);
      checks++;
    }
    // No key: a sticky cookie is set, and its unit id is assigned like any other.
    const first = await fetch(url);
    const cookie = /arena_unit=([^;]+)/.exec(first.headers.get("set-cookie") ?? "")?.[1];
    expect(cookie).toMatch(/^[0-9a-f-]{36}$/);
    const expected = assign(plan, cookie!).alias;
    expect((await first.text()).split(" ")[0]).toBe(build[expected]);
    for (let i = 0; i < 5; i++) {
      const again = await fetch(url, { headers: { cookie: `arena_unit=${cookie}` } });
      expect(again.headers.get("set-cookie")).toBeNull();
      expect((await again.text()).split(" ")[0]).toBe(build[expected]);
    }
  });

  it("counts every answer once with its latency, however the counting is folded", async () => {
    // A build that answers after 30 ms: every latency the proxy records is at least that.
    const slow = createServer((_req, res) => setTimeout(() => res.end("slow"), 30));
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    upstreams.push(slow);
    const plan: TrafficPlan = { hashVersion: 1, seed: "slow", slots: 1, arms: [], shadow: [], overrides: {} };
    const port = (slow.address() as { port: number }).port;
    await admin.pushTable(
      tableFor(plan, new Map([["champion", { alias: "champion", version: 7, ip: "127.0.0.1", port }]])).replace("rev 1", "rev 3"),
    );
    await admin.drain();
    const sent = 40;
    for (let batch = 0; batch < sent / 8; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => fetch(`http://127.0.0.1:${listen}/`, { headers: { "x-user": `s${batch}-${i}` } })),
      );
      for (const a of answers) expect(await a.text()).toBe("slow");
    }
    const windows = (await admin.drain()).split("\n").filter((l) => l.startsWith("w 7 "));
    const total = { requests: 0, errors: 0, n: 0, sum: 0, zero: 0, binned: 0, keys: [] as number[] };
    for (const line of windows) {
      const w = line.split(" ");
      total.requests += Number(w[3]);
      total.errors += Number(w[4]);
      total.n += Number(w[5]);
      total.sum += Number(w[6]);
      total.zero += Number(w[8]);
      for (const pair of w[9] === "-" ? [] : w[9]!.split(",")) {
        const [key, count] = pair.split(":").map(Number);
        total.keys.push(key!);
        total.binned += count!;
      }
    }
    expect({ requests: total.requests, errors: total.errors, n: total.n, inBins: total.binned + total.zero }).toEqual({
      requests: sent,
      errors: 0,
      n: sent,
      inBins: sent,
    });
    // 29, not 30: Node's timer fires by its loop's cached clock, which can run a fraction of a millisecond behind.
    expect(total.sum / total.n).toBeGreaterThanOrEqual(29);
    expect(Math.min(...total.keys)).toBeGreaterThanOrEqual(sketchKey(29));
  });

  it("folds counted answers into exact windows: duplicates, errors, a negative latency, the bound reached", async () => {
    // (latency µs, status) of version 5, packed as haproxy.cfg packs them; 3 distinct integers at most wait unfolded.
    const pack = (us: number, status: number) => String(BigInt(5 * 1000 + status) * 2n ** 32n + BigInt(us));
    const a = pack(1000, 200);
    await admin.drain();
    await admin.record([a, pack(2000, 503), a, pack(-5, 200), a, pack(3000, 404), a]);
    const lines = (await admin.drain()).split("\n").filter((l) => l.startsWith("w 5 "));
    expect(lines).toHaveLength(1);
    const w = lines[0]!.split(" ");
    const bins = Object.fromEntries(w[9]!.split(",").map((p) => p.split(":").map(Number)));
    expect({ requests: w[3], errors: w[4], n: w[5], sum: Number(w[6]), squares: Number(w[7]), zero: w[8], bins }).toEqual({
      requests: "7",
      errors: "1",
      n: "7",
      sum: 9,
      squares: 17,
      zero: "1",
      bins: { [sketchKey(1)]: 4, [sketchKey(2)]: 1, [sketchKey(3)]: 1 },
    });
  });

  it("drains a burst of exposures in small drains, each unit once, plain and hex-encoded ids alike", async () => {
    const plan: TrafficPlan = { hashVersion: 1, seed: "burst", slots: 1, arms: [], shadow: [], overrides: {} };
    await admin.pushTable(
      tableFor(plan, new Map([["champion", { alias: "champion", version: 6, ip: "127.0.0.1", port: ports[0]! }]])).replace(
        "rev 1",
        "rev 4",
      ),
    );
    while (parseDrain(await admin.drain(), "conformance").more);
    const units = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? `spaced id ${i} "q"` : `burst-${i}`));
    for (let i = 0; i < units.length; i += 20) {
      await Promise.all(
        units.slice(i, i + 20).map((u) => fetch(`http://127.0.0.1:${listen}/`, { headers: { "x-user": u } }).then((r) => r.text())),
      );
    }
    const seen: string[] = [];
    let drains = 0;
    for (let more = true; more; drains++) {
      const drained = parseDrain(await admin.drain(), "conformance");
      for (const e of drained.exposures) {
        expect({ alias: e.alias, version: e.version }).toEqual({ alias: "champion", version: 6 });
        seen.push(e.unitId);
      }
      more = drained.more;
    }
    expect(drains).toBeGreaterThanOrEqual(3); // 600 exposures, at most 250 a drain
    expect(seen.sort()).toEqual([...units].sort());
  });

  it("answers 503 when a table has no champion, and counts those answers for no version", async () => {
    const plan: TrafficPlan = { hashVersion: 1, seed: "empty", slots: 1, arms: [], shadow: [], overrides: {} };
    await admin.pushTable(tableFor(plan, new Map()).replace("rev 1", "rev 3"));
    await admin.drain();
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(`http://127.0.0.1:${listen}/`, { headers: { "x-user": `nobody-${i}` } });
      expect({ status: answer.status, body: await answer.text() }).toEqual({
        status: 503,
        body: "arena: no version of conformance to serve yet",
      });
    }
    const drained = (await admin.drain()).split("\n");
    expect(drained.filter((l) => l.startsWith("w ") || l.startsWith("E ") || l.startsWith("e "))).toEqual([]);
    expect(drained).toContain("d 0 0 0");
  });

  it("counts the proxy's own 503 for an unreachable build as an error of its version", async () => {
    const dead = await freePort();
    const plan: TrafficPlan = { hashVersion: 1, seed: "dead", slots: 1, arms: [], shadow: [], overrides: {} };
    await admin.pushTable(
      tableFor(plan, new Map([["champion", { alias: "champion", version: 9, ip: "127.0.0.1", port: dead }]])).replace("rev 1", "rev 2"),
    );
    await admin.drain();
    for (let i = 0; i < 5; i++) expect((await fetch(`http://127.0.0.1:${listen}/`, { headers: { "x-user": `u${i}` } })).status).toBe(503);
    // Requests, errors and latency n, summed over the (one or two) 10-second windows the requests fell in.
    const windows = (await admin.drain())
      .split("\n")
      .filter((l) => l.startsWith("w 9 "))
      .map((l) => l.split(" ").slice(3, 6).map(Number));
    expect(windows.reduce((sum, w) => sum.map((x, i) => x + w[i]!), [0, 0, 0])).toEqual([5, 5, 5]);
  });

  it("writes configurations HAProxy accepts for a cookie key and for unbuffered bodies", () => {
    for (const variant of [
      { key: { cookie: "uid" }, versionHeader: null },
      { key: null, bufferBodies: false, versionHeader: undefined },
    ] as const) {
      const vdir = mkdtempSync(join(tmpdir(), "arena-proxy-config-"));
      try {
        const path = writeProxyFiles({ ...config(listen, admin.port), ...variant }, vdir);
        expect(checkConfig(path)).toBeNull();
        const written = readFileSync(path, "utf8");
        // No version header unless one is asked for (--version-header).
        expect(written).not.toContain("x-arena-version");
        if (variant.key !== null)
          expect(written).toContain("req.cook(uid),set-var(txn.arena_unit),lua.arena_assign if { req.cook(uid) -m len 1:200 }");
      } finally {
        rmSync(vdir, { recursive: true, force: true });
      }
    }
  });

  it("refuses a malformed table and keeps the one it has", async () => {
    await expect(admin.pushTable("arena-table 1\nrev 9\ntarget t0 champion x 127.0.0.1 1\nend\n")).rejects.toThrow(
      /400 table refused.*version is not an integer/,
    );
    await expect(admin.pushTable("arena-table 1\nrev 9\n")).rejects.toThrow(/no end line/);
    expect(await admin.status()).toMatch(/^rev 2\n/);
    const wrong = await fetch(`http://127.0.0.1:${admin.port}/arena/status`, { headers: { "x-arena-proxy-secret": "guess" } });
    expect(wrong.status).toBe(401);
  });
});
