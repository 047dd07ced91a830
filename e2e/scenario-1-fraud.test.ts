/**
 * PRODUCT.md scenario 1 on the real built server and CLI: a fraud model v48 is registered with its
 * offline metrics; the registry gate accepts it (a weaker one is refused); the policy compares it
 * offline with the champion v47; it goes to shadow (scores live transactions, answers nobody), then
 * a 5 % canary with its false-positive rate guarded; the model owner and the data steward approve
 * (never the requester); @champion moves to v48; a burn-in watch follows; v47 stays the rollback
 * target. Durations are seconds instead of days, so that the real clock suffices.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../src/core/stats/random.js";
import { createClient } from "../src/sdk/index.js";
import { startScenarioServer, waitFor, type ScenarioServer } from "./support/scenario-server.js";

const program = "fraud-detector";
const policy = {
  program,
  owners: ["ml-fraud"],
  offlineMetrics: { net_benefit: { unit: "$" } },
  metrics: { fpr: { kind: "classifier", classifierMetric: "fpr", direction: "lower", unit: "%", source: { type: "prediction" } } },
  gates: {
    registry: [
      { metric: "f1", gt: 0.2 },
      { metric: "net_benefit", gt: 40000 },
    ],
    preproduction: [{ metric: "f1", delta: { min: 0.015 } }, { check: "security-scan" }],
    live: [{ metric: "fpr", test: "non_inferiority", margin: 0.02 }],
    minSamples: 300,
    burnIn: { duration: "4s", conditions: [{ metric: "fpr", max: 0.05 }] },
  },
  rollout: {
    steps: [
      { shadow: true, duration: "3s", minSamples: 300 },
      { weight: "5%", duration: "3s", minSamples: 300 },
    ],
    evaluateEvery: "1s",
  },
  approvals: {
    roles: [
      { name: "model-owner", members: ["olga"] },
      { name: "data-steward", members: ["dan"] },
    ],
  },
};

describe("scenario 1: fraud model through registry gate, shadow, 5 % canary, two approvals, burn-in", () => {
  let s: ScenarioServer;
  beforeAll(async () => {
    s = await startScenarioServer();
  }, 60_000);
  afterAll(() => s?.stop());

  it("promotes v48 over v47 with every step recorded, v47 kept as the rollback target", async () => {
    const dir = mkdtempSync(join(tmpdir(), "arena-fraud-"));
    const token = async (name: string, role: string) =>
      (await s.api<{ token: string }>("POST", "/v1/tokens", { name, roles: [role] })).token;
    const operator = await token("ci-bot", "operator");
    const olga = await token("olga", "approver");
    const dan = await token("dan", "approver");
    writeFileSync(join(dir, "policy.json"), JSON.stringify(policy));
    await s.api("POST", "/v1/programs", { name: program, owners: ["ml-fraud"] });
    await s.api("PUT", `/v1/programs/${program}/policy`, policy);
    const metrics = (m: Record<string, number>) => {
      const file = join(dir, `m-${Object.values(m).join("-")}.json`);
      writeFileSync(file, JSON.stringify(m));
      return file;
    };
    // v1 stands for v47 (the champion), v2 for v48; a candidate at exactly $40,000 is refused (strict bound).
    expect(
      s.arena(
        "candidate",
        "register",
        program,
        "--artifact",
        "s3://fraud/47",
        "--metrics",
        metrics({ f1: 0.31, net_benefit: 52000 }),
        "--check",
        "security-scan=pass",
      ).code,
    ).toBe(0);
    const refused = s.arena(
      "candidate",
      "register",
      program,
      "--artifact",
      "s3://fraud/x",
      "--metrics",
      metrics({ f1: 0.33, net_benefit: 40000 }),
    );
    expect(refused.code).not.toBe(0);
    expect(refused.err + refused.out).toMatch(/net_benefit > 40000/);
    expect(
      s.arena(
        "candidate",
        "register",
        program,
        "--artifact",
        "s3://fraud/48",
        "--metrics",
        metrics({ f1: 0.335, net_benefit: 61000 }),
        "--check",
        "security-scan=pass",
      ).code,
    ).toBe(0);
    expect(s.arena("alias", "set", program, "champion", "1", "--reason", "v47 in production").code).toBe(0);
    expect(s.arenaAs(operator, "rollout", "start", program, "2").code).toBe(0);

    const sdk = createClient({ url: s.url, token: s.token, exposures: false });
    await sdk.ready(10_000);
    const random = mulberry32(48);
    let batch = 0;
    const rollout = async () =>
      (
        await s.api<{ rollouts: Array<{ id: string; status: string; stepIndex: number; hold: string | null }> }>(
          "GET",
          `/v1/programs/${program}/rollouts`,
        )
      ).rollouts[0]!;
    /** Transactions: the served version scores each (and the shadow too); labels follow at once. */
    const send = async () => {
      const at = new Date().toISOString();
      const events: unknown[] = [];
      for (let i = 0; i < 1500; i++) {
        const unitId = `card-${batch}-${i}`;
        const r = sdk.resolve(program, unitId);
        const fraud = random() < 0.05;
        const score = (version: number) => (fraud ? random() < 0.9 : random() < (version === 2 ? 0.015 : 0.02));
        // predictionId is unique per program: the champion's and the shadow's predictions need their own ids.
        for (const version of [r.version!, ...r.shadow.map((x) => x.version!)]) {
          const predictionId = `txn-${batch}-${i}-v${version}`;
          if (r.shadow.length === 0 || version === r.version) events.push({ type: "exposure", program, version, unitId, at });
          events.push({ type: "prediction", program, version, unitId, predictionId, predicted: score(version), at });
          events.push({ type: "label", program, predictionId, actual: fraud, at });
        }
      }
      await s.api("POST", "/v1/telemetry", { batchId: `fraud-batch-${batch++}`, events });
    };
    try {
      const waiting = await waitFor(async () => {
        await send();
        const r = await rollout();
        return r.status === "awaiting_approval" ? r : undefined;
      }, "the approval request");
      expect(waiting.hold).toBe("waiting for approval by model-owner, data-steward");
      // The requester cannot approve; each role by its own member.
      expect(s.arenaAs(operator, "rollout", "approve", program, "--role", "model-owner").code).not.toBe(0);
      expect(s.arenaAs(olga, "rollout", "approve", program, "--role", "model-owner", "-m", "shadow and canary look fine").code).toBe(0);
      expect(s.arenaAs(olga, "rollout", "approve", program, "--role", "data-steward").code).not.toBe(0);
      expect(s.arenaAs(dan, "rollout", "approve", program, "--role", "data-steward").code).toBe(0);
      const burnIn = await waitFor(async () => {
        await send();
        const r = await rollout();
        return r.status === "burn_in" ? r : undefined;
      }, "the promotion");
      expect(burnIn.status).toBe("burn_in");
      expect((await s.api<{ version: number }>("GET", `/v1/programs/${program}/aliases/champion`)).version).toBe(2);
      expect(s.arena("status").out).toMatch(/fraud-detector\s+v2\s+burn_in v2\s+burn-in: v2 serves 100 %/);
      const done = await waitFor(async () => {
        await send();
        const r = await rollout();
        return r.status === "promoted" ? r : undefined;
      }, "the end of the burn-in");
      expect(done.status).toBe("promoted");
    } finally {
      await sdk.close();
    }
    const decisions = (await s.api<{ decisions: Array<{ action: string; summary: string }> }>("GET", `/v1/programs/${program}/decisions`))
      .decisions;
    const actions = decisions.map((d) => d.action);
    for (const a of ["registry_rejected", "start", "advance", "await_approval", "approve", "promote", "burn_in_passed"])
      expect(actions, a).toContain(a);
    expect(decisions.find((d) => d.action === "promote")?.summary).toMatch(/^promoted v2 over v1: fpr [\d.]+ % vs [\d.]+ %/);
    // v47 is still there to roll back to.
    expect((await s.api<{ status: string }>("GET", `/v1/programs/${program}/candidates/1`)).status).toBe("registered");
    expect((await s.api<{ valid: boolean }>("GET", "/v1/audit/verify")).valid).toBe(true);
  }, 240_000);
});
