import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";
import { sendTraffic, setupProgram, testPolicy } from "./testing.js";
import { mulberry32 } from "../../core/stats/random.js";

/** Seeded traffic: verdicts must not depend on luck (they flaked under load with Math.random). */
const seeded = mulberry32(20261202);

const GOOD = { 1: { errorRate: 0.01, latencyMs: 100 }, 2: { errorRate: 0.01, latencyMs: 100 }, 3: { errorRate: 0.01, latencyMs: 100 } };
const BAD = { 1: { errorRate: 0.01, latencyMs: 100 }, 2: { errorRate: 0.2, latencyMs: 180 }, 3: { errorRate: 0.01, latencyMs: 100 } };

describe("rollouts driven by the controller", () => {
  let h: Harness;
  let now: number;
  const clock = () => new Date(now);
  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:00:00Z");
    h = await startHarness({ now: clock });
  });
  afterEach(() => h.close());

  const rollout = async (program: string) => (await h.call("GET", `/v1/programs/${program}/rollouts`)).body.rollouts[0];
  const decisions = async (program: string) =>
    (await h.call("GET", `/v1/programs/${program}/decisions`)).body.decisions as Array<{ action: string; summary: string; actor: string }>;
  const champion = async (program: string) => (await h.call("GET", `/v1/programs/${program}/aliases/champion`)).body.version;
  /** Advances time in steps, sending traffic at the current split and letting the controller look. */
  async function run(program: string, minutes: number, quality: typeof GOOD, unitsPerMinute = 1500) {
    for (let m = 0; m < minutes; m++) {
      const plan = (await h.call("GET", `/v1/programs/${program}/traffic`)).body;
      const aliases = (await h.call("GET", `/v1/programs/${program}/aliases`)).body.aliases as Array<{ alias: string; version: number }>;
      const weights: Record<number, number> = {};
      let rest = 1;
      for (const arm of plan.arms) {
        const v = aliases.find((a) => a.alias === arm.alias)!.version;
        weights[v] = arm.weight;
        rest -= arm.weight;
      }
      weights[aliases.find((a) => a.alias === "champion")!.version] = rest;
      await sendTraffic(h, program, clock(), unitsPerMinute, weights, quality, seeded);
      now += 60_000;
      await h.controller.tick(true);
    }
  }

  it("walks a good challenger through its steps and promotes it", async () => {
    await setupProgram(h, "ranker");
    const started = await h.call("POST", "/v1/programs/ranker/rollouts", { token: h.tokens.operator, body: { challengers: [2] } });
    expect(started.status).toBe(201);
    expect((await h.call("GET", "/v1/programs/ranker/traffic")).body.arms).toEqual([{ alias: "challenger", slot: 0, weight: 0.1 }]);
    await run("ranker", 12, GOOD);
    const r = await rollout("ranker");
    expect(r.status).toBe("promoted");
    expect(await champion("ranker")).toBe(2);
    expect((await h.call("GET", "/v1/programs/ranker/traffic")).body.arms).toEqual([]);
    const actions = (await decisions("ranker")).map((d) => d.action);
    expect(actions[0]).toBe("start");
    expect(actions).toContain("advance");
    expect(actions.at(-1)).toBe("promote");
    expect((await h.call("GET", "/v1/audit/verify")).body.valid).toBe(true);
  });

  it("rolls a bad challenger back automatically and says why", async () => {
    await setupProgram(h, "ranker");
    await h.call("POST", "/v1/programs/ranker/rollouts", { body: { challengers: [2] } });
    await run("ranker", 6, BAD);
    const r = await rollout("ranker");
    expect(r.status).toBe("rolled_back");
    expect(await champion("ranker")).toBe(1);
    expect((await h.call("GET", "/v1/programs/ranker/traffic")).body.arms).toEqual([]);
    const last = (await decisions("ranker")).at(-1)!;
    expect(last.action).toBe("rollback");
    expect(last.actor).toBe("controller");
    expect(last.summary).toMatch(/rolled back v2: .*error_rate/);
  });

  it("holds on missing data instead of advancing", async () => {
    await setupProgram(h, "ranker");
    await h.call("POST", "/v1/programs/ranker/rollouts", { body: { challengers: [2] } });
    for (let m = 0; m < 7; m++) {
      now += 60_000;
      await h.controller.tick(true);
    }
    const r = await rollout("ranker");
    expect(r.status).toBe("running");
    expect(r.stepIndex).toBe(0);
    expect(r.hold).toMatch(/waiting for samples|no data/);
  });

  it("freezes promotions but still rolls back", async () => {
    await setupProgram(h, "ranker");
    await h.call("POST", "/v1/programs/ranker/rollouts", { body: { challengers: [2] } });
    expect((await h.call("POST", "/v1/freeze", { token: h.tokens.operator, body: { reason: "incident INC-7" } })).status).toBe(200);
    await run("ranker", 7, GOOD);
    let r = await rollout("ranker");
    expect(r.stepIndex).toBe(0);
    expect(r.hold).toMatch(/frozen.*INC-7/);
    await run("ranker", 4, BAD);
    r = await rollout("ranker");
    expect(r.status).toBe("rolled_back");
  });

  it("refuses a rollout whose challenger fails the pre-production gate and records why", async () => {
    await setupProgram(h, "ranker");
    await h.call("PUT", "/v1/programs/ranker/policy", {
      body: testPolicy("ranker", { gates: { preproduction: [{ metric: "f1", delta: { min: 0.1 } }] } }),
    });
    const res = await h.call("POST", "/v1/programs/ranker/rollouts", { body: { challengers: [2] } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/pre-production gate refused v2/);
    expect((await decisions("ranker")).at(-1)!.action).toBe("gate_failed");
  });

  it("notifies subscribed webhooks of a refused pre-production gate", async () => {
    const hook = { url: "https://hooks.example.com/arena", secretEnv: "ARENA_WEBHOOK_TEST_HOOK_SECRET", events: ["gate_failed"] };
    await setupProgram(
      h,
      "ranker",
      testPolicy("ranker", { gates: { preproduction: [{ metric: "f1", delta: { min: 0.1 } }] }, notifications: { webhooks: [hook] } }),
    );
    expect((await h.call("POST", "/v1/programs/ranker/rollouts", { body: { challengers: [2] } })).status).toBe(422);
    const { notifications } = (await h.call("GET", "/v1/notifications?program=ranker")).body;
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ event: "gate_failed", status: "pending", url: hook.url });
    expect(notifications[0].payload.summary).toMatch(/pre-production gate refused v2/);
  });

  it("rejects a candidate at the registry gate without giving it a version", async () => {
    await setupProgram(h, "ranker");
    const res = await h.call("POST", "/v1/programs/ranker/candidates", { body: { artifactUri: "s3://m/weak", metrics: { f1: 0.1 } } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("registry_gate_failed");
    expect(res.body.error.details[0].path).toBe("body.metrics.f1");
    const next = await h.call("POST", "/v1/programs/ranker/candidates", { body: { artifactUri: "s3://m/ok", metrics: { f1: 0.4 } } });
    expect(next.body.version).toBe(4);
    expect((await decisions("ranker")).some((d) => d.action === "registry_rejected")).toBe(true);
  });

  it("needs approvals from named roles, never from the requester", async () => {
    await setupProgram(
      h,
      "ranker",
      testPolicy("ranker", {
        approvals: {
          roles: [
            { name: "model-owner", members: ["approver-user"] },
            { name: "data-steward", members: ["admin-user"] },
          ],
        },
      }),
    );
    await h.call("POST", "/v1/programs/ranker/rollouts", { token: h.tokens.operator, body: { challengers: [2] } });
    await run("ranker", 12, GOOD);
    let r = await rollout("ranker");
    expect(r.status).toBe("awaiting_approval");
    const self = await h.call("POST", `/v1/rollouts/${r.id}/approve`, { token: h.tokens.operator, body: { role: "model-owner" } });
    expect(self.status).toBe(403);
    const wrongRole = await h.call("POST", `/v1/rollouts/${r.id}/approve`, { token: h.tokens.approver, body: { role: "data-steward" } });
    expect(wrongRole.status).toBe(403);
    expect(
      (
        await h.call("POST", `/v1/rollouts/${r.id}/approve`, {
          token: h.tokens.approver,
          body: { role: "model-owner", comment: "looks good" },
        })
      ).status,
    ).toBe(200);
    expect((await h.call("POST", `/v1/rollouts/${r.id}/approve`, { token: h.tokens.admin, body: { role: "data-steward" } })).status).toBe(
      200,
    );
    now += 1_000;
    await h.controller.tick(true);
    r = await rollout("ranker");
    expect(r.status).toBe("promoted");
    expect(await champion("ranker")).toBe(2);
  });
});
