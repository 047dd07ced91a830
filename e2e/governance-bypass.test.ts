/**
 * The insider with a valid token: every way around the approvals that used to work must be
 * refused or turned into a change request that another principal has to approve.
 */
import { afterEach, describe, expect, it } from "vitest";
import { setupProgram, testPolicy } from "../src/server/rollouts/testing.js";
import { startHarness, type Harness } from "../src/server/testing/harness.js";

const POLICY = testPolicy("fraud", { approvals: { roles: [{ name: "risk", members: ["carol"] }] } });

describe("governance bypasses, as an operator with a valid token", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function world() {
    h = await startHarness();
    // The program and its first champion exist before the approval rule is adopted.
    await setupProgram(h, "fraud");
    expect((await h.call("PUT", "/v1/programs/fraud/aliases/challenger", { body: { version: 3, reason: "candidate" } })).status).toBe(200);
    expect((await h.call("PUT", "/v1/programs/fraud/policy", { body: POLICY })).status).toBe(200);
    const token = async (name: string, roles: string[], principal?: string) => {
      const res = await h.call("POST", "/v1/tokens", { body: { name, roles, ...(principal ? { principal } : {}) } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.token as string;
    };
    expect((await h.call("POST", "/v1/principals", { body: { name: "alice", roles: ["operator", "approver"] } })).status).toBe(201);
    const alice = await token("alice-laptop", ["operator"], "alice");
    const alice2 = await token("alice-2", ["approver"], "alice");
    const carol = await token("carol", ["approver"]);
    const champion = async () => (await h.call("GET", "/v1/programs/fraud/aliases/champion")).body.version as number;
    return { alice, alice2, carol, champion };
  }

  it("moving @champion forward becomes a change request; the SDK keeps serving the champion", async () => {
    const { alice, champion } = await world();
    const res = await h.call("PUT", "/v1/programs/fraud/aliases/champion", { token: alice, body: { version: 2, reason: "ship it" } });
    expect(res.status).toBe(202);
    expect(res.body.changeRequest).toMatchObject({ kind: "alias.move", status: "pending", requestedBy: { name: "alice" } });
    expect(res.body.message).toMatch(/risk \(carol\)/);
    expect(await champion()).toBe(1);
    expect((await h.call("GET", "/v1/programs/fraud/aliases/champion/history")).body.moves).toHaveLength(1);
  });

  it("sending 100 % of traffic to the challenger becomes a change request; lowering applies at once", async () => {
    const { alice } = await world();
    const plan = { slots: 1, arms: [{ alias: "challenger", slot: 0, weight: 1 }], reason: "all in" };
    const res = await h.call("PUT", "/v1/programs/fraud/traffic", { token: alice, body: plan });
    expect(res.status).toBe(202);
    expect(res.body.changeRequest.protectedBecause).toMatch(/@challenger would serve 100 %/);
    expect((await h.call("GET", "/v1/programs/fraud/traffic")).body.arms).toEqual([]);
    const back = await h.call("PUT", "/v1/programs/fraud/traffic", { token: alice, body: { arms: [], reason: "back to the champion" } });
    expect(back.status).toBe(200);
  });

  it("the requester cannot approve, not even through a second token of the same principal; the named member can, and the audit trail has both", async () => {
    const { alice, alice2, carol, champion } = await world();
    const cr = (await h.call("PUT", "/v1/programs/fraud/aliases/champion", { token: alice, body: { version: 2, reason: "ship it" } })).body
      .changeRequest;
    const own = await h.call("POST", `/v1/changes/${cr.id}/approve`, { token: alice2, body: { comment: "lgtm" } });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/alice requested change .* whichever token/);
    const outsider = await h.call("POST", `/v1/changes/${cr.id}/approve`, { token: h.tokens.approver, body: {} });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toMatch(/not a member/);
    expect(await champion()).toBe(1);
    const ok = await h.call("POST", `/v1/changes/${cr.id}/approve`, { token: carol, body: { comment: "risk ok" } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe("applied");
    expect(await champion()).toBe(2);
    const again = await h.call("POST", `/v1/changes/${cr.id}/approve`, { token: carol, body: {} });
    expect(again.status).toBe(409);
    const applied = (await h.call("GET", "/v1/audit?action=change.apply")).body.entries[0];
    expect(applied.after).toMatchObject({
      requestedBy: { name: "alice" },
      approvedBy: [{ role: "risk", name: "carol" }],
      diff: { before: { version: 1 }, after: { version: 2 } },
    });
    expect(applied.actor).toBe("carol");
  });

  it("emergency rollback applies without approval and is audited as such", async () => {
    const { alice, carol, champion } = await world();
    const cr = (await h.call("PUT", "/v1/programs/fraud/aliases/champion", { token: alice, body: { version: 2, reason: "ship" } })).body
      .changeRequest;
    await h.call("POST", `/v1/changes/${cr.id}/approve`, { token: carol, body: {} });
    const rb = await h.call("POST", "/v1/programs/fraud/aliases/champion/rollback", { token: alice, body: { reason: "errors spiking" } });
    expect(rb.status).toBe(200);
    expect(await champion()).toBe(1);
    const entry = (await h.call("GET", "/v1/audit?action=alias.rollback")).body.entries.at(-1);
    expect(entry.after).toMatchObject({ emergency: true, version: 1 });
    expect(entry.after.bypassed).toMatch(/requires approvals/);
  });

  it("policy changes and lifting a freeze wait for approval; freezing applies at once", async () => {
    const { alice, carol } = await world();
    const weaker = { ...POLICY, approvals: { roles: [] } };
    const res = await h.call("PUT", "/v1/programs/fraud/policy", { token: alice, body: weaker });
    expect(res.status).toBe(202);
    expect((await h.call("GET", "/v1/programs/fraud/policy")).body.document.approvals.roles).toHaveLength(1);
    expect((await h.call("POST", "/v1/freeze", { token: alice, body: { program: "fraud", reason: "incident" } })).status).toBe(200);
    const lift = await h.call("DELETE", "/v1/freeze?program=fraud", { token: alice });
    expect(lift.status).toBe(202);
    expect((await h.call("GET", "/v1/freeze")).body.freezes).toHaveLength(1);
    const approve = await h.call("POST", `/v1/changes/${lift.body.changeRequest.id}/approve`, { token: carol, body: {} });
    expect(approve.body.status).toBe("applied");
    expect((await h.call("GET", "/v1/freeze")).body.freezes).toHaveLength(0);
  });

  it("metric definitions and segments of a protected program change only through the policy", async () => {
    const { alice } = await world();
    const redefine = await h.call("PUT", "/v1/programs/fraud/metrics/error_rate", {
      token: alice,
      body: { kind: "proportion", direction: "higher", unit: "%", source: { type: "request", field: "error" } },
    });
    expect(redefine.status).toBe(409);
    expect(redefine.body.error.message).toMatch(/change the policy instead/);
    expect((await h.call("DELETE", "/v1/programs/fraud/metrics/error_rate", { token: alice })).status).toBe(409);
    expect((await h.call("PUT", "/v1/programs/fraud/segments", { token: alice, body: { dimensions: [] } })).status).toBe(409);
  });

  it("system principals cannot be created or impersonated; look-alike names are refused", async () => {
    await world();
    for (const name of ["controller", "demo-seed", "bootstrap-admin", "arena", "Controller", "control-ler"]) {
      const res = await h.call("POST", "/v1/tokens", { body: { name, roles: ["operator"] } });
      expect([400, 403], `${name}: ${JSON.stringify(res.body)}`).toContain(res.status);
    }
    for (const name of ["a.lice", "alice_", "ALICE"]) {
      const res = await h.call("POST", "/v1/principals", { body: { name, roles: ["approver"] } });
      expect([400, 409], `${name}: ${JSON.stringify(res.body)}`).toContain(res.status);
    }
    const entries = (await h.call("GET", "/v1/audit?actor=controller")).body.entries;
    expect(entries).toEqual([]);
  });

  it("the last active admin can be neither disabled nor revoked; --recover-admin mints a new one, audited", async () => {
    await world();
    const tokens = (await h.call("GET", "/v1/tokens")).body.tokens as { id: string; name: string }[];
    const admin = tokens.find((t) => t.name === "admin-user")!;
    const revoke = await h.call("DELETE", `/v1/tokens/${admin.id}`);
    expect(revoke.status).toBe(409);
    expect(revoke.body.error.code).toBe("last_admin");
    const disable = await h.call("POST", "/v1/principals/admin-user/disable");
    expect(disable.status).toBe(409);
    const recovered = await h.services.tokens.recoverAdmin();
    const who = await h.call("GET", "/v1/whoami", { token: recovered.token });
    expect(who.body).toMatchObject({ name: recovered.principal.name, roles: ["admin"] });
    expect((await h.call("GET", "/v1/audit?action=principal.recover")).body.entries).toHaveLength(1);
    // Now the first admin may go.
    expect((await h.call("POST", "/v1/principals/admin-user/disable", { token: recovered.token })).status).toBe(200);
    expect((await h.call("GET", "/v1/whoami")).status).toBe(401);
  });
});
