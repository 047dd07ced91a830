/**
 * The bypass of the issue, replayed: while alice's own rollout waits for approval she tries to
 * move @champion to the challenger and to send every unit to it, and to approve through her
 * second token. None of it serves the unapproved version.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendTraffic, setupProgram, testPolicy } from "../src/server/rollouts/testing.js";
import { startHarness, type Harness } from "../src/server/testing/harness.js";
import { mulberry32 } from "../src/core/stats/random.js";

/** Seeded traffic: verdicts must not depend on luck (they flaked under load with Math.random). */
const seeded = mulberry32(20261202);

const EVEN = { 1: { errorRate: 0.01, latencyMs: 100 }, 2: { errorRate: 0.01, latencyMs: 100 }, 3: { errorRate: 0.01, latencyMs: 100 } };

describe("a rollout waiting for approval cannot be walked around", () => {
  let h: Harness;
  let now = Date.parse("2026-11-22T10:00:00Z");
  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:00:00Z");
    h = await startHarness({ now: () => new Date(now) });
  });
  afterEach(() => h.close());

  /** Minutes of traffic at the current split (champion v1, challenger v2), each followed by a controller look. */
  async function drive(minutes: number) {
    for (let m = 0; m < minutes; m++) {
      const share = ((await h.call("GET", "/v1/programs/ranker/traffic")).body.arms as { weight: number }[]).reduce(
        (s, a) => s + a.weight,
        0,
      );
      await sendTraffic(h, "ranker", new Date(now), 1500, { 1: 1 - share, 2: share }, EVEN, seeded);
      now += 60_000;
      await h.controller.tick(true);
    }
  }

  it("refuses the direct moves and the second-token approval; the named approver's sign-off promotes", async () => {
    await setupProgram(h, "ranker", testPolicy("ranker", { approvals: { roles: [{ name: "model-owner", members: ["carol"] }] } }));
    await h.call("POST", "/v1/principals", { body: { name: "alice", roles: ["operator", "approver"] } });
    const alice = (await h.call("POST", "/v1/tokens", { body: { name: "alice", roles: ["operator"], principal: "alice" } })).body
      .token as string;
    const alice2 = (await h.call("POST", "/v1/tokens", { body: { name: "alice-2", roles: ["approver"], principal: "alice" } })).body
      .token as string;
    const carol = (await h.call("POST", "/v1/tokens", { body: { name: "carol", roles: ["approver"] } })).body.token as string;
    expect((await h.call("POST", "/v1/programs/ranker/rollouts", { token: alice, body: { challengers: [2] } })).status).toBe(201);
    await drive(12);
    const r = (await h.call("GET", "/v1/programs/ranker/rollouts")).body.rollouts[0];
    expect(r.status).toBe("awaiting_approval");

    const move = await h.call("PUT", "/v1/programs/ranker/aliases/champion", {
      token: alice,
      body: { version: 2, reason: "skip the wait" },
    });
    expect(move.status).toBe(202);
    expect(move.body.changeRequest.protectedBecause).toMatch(/requires approvals/);
    const all = await h.call("PUT", "/v1/programs/ranker/traffic", {
      token: alice,
      body: { arms: [{ alias: "challenger", slot: 0, weight: 1 }], reason: "everyone" },
    });
    expect(all.status).toBe(202);
    expect((await h.call("GET", "/v1/programs/ranker/aliases/champion")).body.version).toBe(1);
    expect(((await h.call("GET", "/v1/programs/ranker/traffic")).body.arms as { weight: number }[]).every((a) => a.weight < 1)).toBe(true);

    const self = await h.call("POST", `/v1/rollouts/${r.id}/approve`, { token: alice2, body: { role: "model-owner" } });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/alice requested this rollout/);
    expect((await h.call("POST", `/v1/rollouts/${r.id}/approve`, { token: carol, body: { role: "model-owner" } })).status).toBe(200);
    now += 1_000;
    await h.controller.tick(true);
    expect((await h.call("GET", "/v1/programs/ranker/rollouts")).body.rollouts[0].status).toBe("promoted");
    expect((await h.call("GET", "/v1/programs/ranker/aliases/champion")).body.version).toBe(2);
    // The controller's own entries carry its reserved principal id.
    const controllerEntries = (await h.call("GET", "/v1/audit?actor=controller&limit=1000")).body.entries as { actorId: string }[];
    expect(controllerEntries.length).toBeGreaterThan(0);
    expect(controllerEntries.every((e) => e.actorId === "system:controller")).toBe(true);
    expect((await h.call("GET", "/v1/audit/verify?state=true")).body).toMatchObject({ valid: true });
  });
});
