/**
 * PRODUCT.md scenario 4 on the real built server and CLI: during an incident an operator freezes all
 * promotions with one command; a running rollout whose step is done holds (it neither ramps nor
 * promotes) and says why; nothing moves until the freeze is lifted — with a rollout running, lifting
 * it is a change request a second principal approves — then it carries on at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScenarioServer, waitFor, type ScenarioServer } from "./support/scenario-server.js";
import { trafficDriver } from "./support/traffic-driver.js";

interface RolloutView {
  status: string;
  stepIndex: number;
  hold: string | null;
}

describe("scenario 4: a freeze holds running rollouts until it is lifted", () => {
  let s: ScenarioServer;
  beforeAll(async () => {
    s = await startScenarioServer();
  }, 60_000);
  afterAll(() => s?.stop());

  it("holds a ready rollout, moves nothing while frozen, promotes after the unfreeze", async () => {
    const program = "search";
    await s.api("POST", "/v1/programs", { name: program, owners: ["search-team"] });
    await s.api("PUT", `/v1/programs/${program}/policy`, {
      program,
      metrics: { error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } } },
      gates: { live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.02 }], minSamples: 300 },
      rollout: {
        steps: [
          { weight: "20%", duration: "3s", minSamples: 300 },
          { weight: "50%", duration: "3s", minSamples: 300 },
        ],
        evaluateEvery: "1s",
      },
    });
    for (const v of [1, 2]) await s.api("POST", `/v1/programs/${program}/candidates`, { artifactUri: `s3://search/${v}`, metrics: {} });
    await s.api("PUT", `/v1/programs/${program}/aliases/champion`, { version: 1, reason: "initial" });
    const frozen = s.arena("freeze", "--reason", "incident INC-42");
    expect(frozen.code, frozen.err).toBe(0);
    expect(frozen.out).toContain("frozen globally");
    expect(s.arena("rollout", "start", program, "2").code).toBe(0);
    const rollout = async () => (await s.api<{ rollouts: RolloutView[] }>("GET", `/v1/programs/${program}/rollouts`)).rollouts[0]!;
    const drive = await trafficDriver(s.url, s.token, s.api, program, () => ({ errorRate: 0.01, latencyMs: () => 100 }), 4);
    try {
      // The freeze holds it from its first look: no ramp, no promotion.
      const held = await waitFor(async () => {
        await drive.send(1000);
        const r = await rollout();
        return r.hold?.startsWith("promotions frozen") ? r : undefined;
      }, "the rollout to hold on the freeze");
      expect(held).toMatchObject({ status: "running", stepIndex: 0 });
      expect(held.hold).toMatch(/^promotions frozen: global freeze by \S+ at .*: incident INC-42$/);
      for (let i = 0; i < 6; i++) {
        await drive.send(1000);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(await rollout()).toMatchObject({ status: "running", stepIndex: 0 });
      expect(s.arena("status").out).toMatch(/search \(frozen\)\s+v1\s+running v2\s+1\/2 20 %.*promotions frozen/);

      // While a rollout runs, lifting a freeze is a protected change (issue 13): the operator's
      // unfreeze becomes a change request (exit 5), and a second principal approves it.
      const lift = s.arena("unfreeze");
      expect(lift.code, lift.err).toBe(5);
      const changeId = /arena change approve (\S+?)`/.exec(lift.err)?.[1];
      expect(changeId, lift.err).toBeDefined();
      await s.api("POST", "/v1/principals", { name: "oncall-olga", kind: "person", roles: ["approver"] });
      const approverToken = (
        await s.api<{ token: string }>("POST", "/v1/tokens", { name: "olga-laptop", roles: ["approver"], principal: "oncall-olga" })
      ).token;
      const approved = s.arenaAs(approverToken, "change", "approve", changeId!);
      expect(approved.code, approved.err).toBe(0);
      const promoted = await waitFor(async () => {
        await drive.send(1000);
        const r = await rollout();
        return r.status === "promoted" ? r : undefined;
      }, "the promotion after the unfreeze");
      expect(promoted.status).toBe("promoted");
      const decisions = (
        await s.api<{ decisions: Array<{ action: string; summary: string }> }>("GET", `/v1/programs/${program}/decisions`)
      ).decisions.map((d) => d.action);
      expect(decisions.slice(0, 2)).toEqual(["start", "hold"]);
      expect(decisions).toContain("advance");
      expect(decisions.at(-1)).toBe("promote");
    } finally {
      await drive.close();
    }
  }, 240_000);
});
