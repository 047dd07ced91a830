import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DashboardEvent, DashboardOverview } from "../../contracts/dashboard.js";
import { RolloutAnalysis } from "../../contracts/dashboard-analysis.js";
import { responseProblem } from "../http/response-check.js";
import { sendTraffic, setupProgram } from "../rollouts/testing.js";
import { startHarness, type Harness } from "../testing/harness.js";
import { mulberry32 } from "../../core/stats/random.js";

/** Seeded traffic: verdicts must not depend on luck (they flaked under load with Math.random). */
const seeded = mulberry32(20261202);

describe("dashboard server slice", () => {
  let h: Harness;
  const saved = process.env.ARENA_DASHBOARD_DIR;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    process.env.ARENA_DASHBOARD_DIR = saved;
    await h.close();
  });

  it("answers / with how to build the dashboard when it is not built", async () => {
    process.env.ARENA_DASHBOARD_DIR = mkdtempSync(join(tmpdir(), "arena-no-dash-"));
    const res = await h.app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("npm run build");
  });

  it("serves the build: index for client routes, hashed assets cached forever, nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "arena-dash-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><div id=root></div>");
    writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log(1)");
    process.env.ARENA_DASHBOARD_DIR = dir;
    for (const url of ["/", "/programs/ranker", "/rollouts/abc", "/decisions?program=x", "/audit"]) {
      const res = await h.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain("id=root");
      expect(res.headers["content-security-policy"]).toMatch(/default-src 'none'; script-src 'self'/);
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
    const asset = await h.app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toContain("text/javascript");
    expect(asset.headers["cache-control"]).toContain("immutable");
    for (const url of [
      "/assets/missing-1.js",
      "/assets/..%2Findex.html",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/assets/index-abc123.exe",
    ]) {
      expect((await h.app.inject({ method: "GET", url })).statusCode, url).toBe(404);
    }
    // The API keeps its own 404s.
    expect(JSON.parse((await h.app.inject({ method: "GET", url: "/v1/nothing" })).body).error.code).toBe("not_found");
  });

  it("gives the overview with health at a glance: no data is never passing", async () => {
    await setupProgram(h, "ranker");
    await setupProgram(h, "idle-one");
    await h.call("POST", "/v1/programs/ranker/rollouts", { token: h.tokens.operator, body: { challengers: [2] } });
    await h.call("POST", "/v1/freeze", { body: { program: "idle-one", reason: "INC-7" } });
    const res = await h.call("GET", "/v1/dashboard/overview", { token: h.tokens.viewer });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.programs.map((p: { name: string }) => [p.name, p]));
    expect(byName.ranker.rollout.status).toBe("running");
    expect(byName.ranker.traffic.arms).toEqual([{ alias: "challenger", weight: 0.1 }]);
    expect(byName.ranker.health).toBe("no_data");
    expect(byName["idle-one"].health).toBe("idle");
    expect(byName["idle-one"].frozen).toBe(true);
    expect(byName["idle-one"].freeze.reason).toBe("INC-7");
    expect(res.body.globalFreeze).toBeNull();
    // The answer met its contract (checked on every answer under test); the contract is no catch-all.
    const missing = structuredClone(res.body);
    delete missing.programs[0].rollout?.stepLabel;
    delete missing.programs[1].rollout?.stepLabel;
    expect(responseProblem(DashboardOverview, missing)).toMatch(/rollout\.stepLabel/);
    const stray = structuredClone(res.body);
    stray.programs[0].traffic.colour = "red";
    expect(responseProblem(DashboardOverview, stray)).toBe("body.programs.0.traffic.colour: answered but not in the schema");
    expect((await h.call("GET", "/v1/dashboard/overview", { token: null })).status).toBe(401);
  });

  it("analyses a running rollout read-only, with the sample ratio per arm", async () => {
    // A clock of its own: the step's sample ratio counts whole telemetry buckets after the step started.
    await h.close();
    let now = Date.parse("2026-11-22T10:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
    await setupProgram(h, "ranker");
    const started = await h.call("POST", "/v1/programs/ranker/rollouts", { token: h.tokens.operator, body: { challengers: [2] } });
    const id = started.body.rollout.id as string;
    now += 60_000;
    await sendTraffic(
      h,
      "ranker",
      new Date(now),
      4000,
      { 1: 0.9, 2: 0.1 },
      { 1: { errorRate: 0.01, latencyMs: 100 }, 2: { errorRate: 0.01, latencyMs: 100 } },
      seeded,
    );
    now += 30_000;
    const revision = (await h.call("GET", `/v1/rollouts/${id}`)).body.revision;
    const res = await h.call("GET", `/v1/rollouts/${id}/analysis`, { token: h.tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.body.live).toBe(true);
    const [challenger] = res.body.observation.challengers;
    expect(challenger.version).toBe(2);
    const errorRate = challenger.live.results.find((r: { metric?: string }) => r.metric === "error_rate");
    expect(errorRate.ci).toHaveLength(2);
    // The answer met its contract; a condition result without its verdict, or a field the contract lacks, would not.
    const broken = structuredClone(res.body);
    delete broken.observation.challengers[0].live.results[0].verdict;
    expect(responseProblem(RolloutAnalysis, broken)).toMatch(/^body\.observation\.challengers\.0\.live\.results\.0\.verdict: /);
    const stray = structuredClone(res.body);
    stray.srmArms[0].colour = "red";
    expect(responseProblem(RolloutAnalysis, stray)).toBe("body.srmArms.0.colour: answered but not in the schema");
    const openapi = (await h.call("GET", "/openapi.json")).body;
    const schemaOf = (path: string) => openapi.paths[path].get.responses["200"].content["application/json"].schema.$ref;
    expect([schemaOf("/v1/rollouts/{id}/analysis"), schemaOf("/v1/dashboard/overview")]).toEqual([
      "#/components/schemas/RolloutAnalysis",
      "#/components/schemas/DashboardOverview",
    ]);
    expect(res.body.srmArms.map((a: { version: number; expectedShare: number }) => [a.version, a.expectedShare])).toEqual([
      [1, 0.9],
      [2, 0.1],
    ]);
    expect(res.body.srmArms.reduce((s: number, a: { exposures: number }) => s + a.exposures, 0)).toBe(4000);
    // Reads only: the rollout did not move.
    expect((await h.call("GET", `/v1/rollouts/${id}`)).body.revision).toBe(revision);
    await h.call("POST", `/v1/rollouts/${id}/abort`, { body: { reason: "done looking" } });
    const ended = await h.call("GET", `/v1/rollouts/${id}/analysis`);
    // A finished rollout shows the evidence it ended on: the same evaluation, made at its end.
    const endedAt = (await h.call("GET", `/v1/rollouts/${id}`)).body.endedAt as string;
    expect(ended.body).toMatchObject({ live: false, health: "idle", evidenceAt: endedAt, srmArms: [] });
    expect(ended.body.observation.challengers.map((c: { version: number }) => c.version)).toEqual([2]);
    // Nothing is served any more: the sample ratio is skipped, and says so (never "pass").
    expect(ended.body.observation.srm).toMatchObject({ valid: true, checked: false });
    expect((await h.call("GET", "/v1/rollouts/nope/analysis")).status).toBe(404);
  });

  it("streams a change event when something a dashboard shows changes", async () => {
    await setupProgram(h, "ranker");
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const address = h.app.server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/v1/events`;
    expect((await fetch(url)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(url, { headers: { authorization: `Bearer ${h.tokens.viewer}` }, signal: controller.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const until = async (pattern: RegExp) => {
      const deadline = Date.now() + 5_000;
      while (!pattern.test(text) && Date.now() < deadline) text += (await reader.read()).value ?? "";
      return pattern.test(text);
    };
    expect(await until(/event: hello/)).toBe(true);
    // Let the watcher take its first look, then change something.
    await new Promise((r) => setTimeout(r, 1_200));
    await h.call("PUT", "/v1/programs/ranker/aliases/champion", { body: { version: 2, reason: "by hand" } });
    expect(await until(/event: change\nid: \d+\ndata: \{"programs":\["ranker"\]/)).toBe(true);
    // What the dashboard parses (event name as `type`, data as the rest) is a DashboardEvent.
    const block = /event: change\nid: \d+\ndata: (.*)\n/.exec(text)?.[1] ?? "";
    expect(DashboardEvent.parse({ type: "change", ...JSON.parse(block) })).toMatchObject({ type: "change", programs: ["ranker"] });
    controller.abort();
  });
});
