/**
 * Store contract, continued: the rollout-related repositories (rollouts, decisions, policies,
 * freezes, notifications). Called from `storeContract`, so memory, SQLite and PostgreSQL run it.
 */
import { expect, it } from "vitest";
import { PolicyDocument } from "../../contracts/policy.js";
import { startRollout } from "../../core/rollout/actions.js";
import type { Rollout, RolloutPlanSpec } from "../../core/rollout/types.js";
import type { Notification } from "../notifications/store.js";
import type { DecisionRecord } from "../rollouts/store.js";
import type { Store } from "./store.js";

const plan: RolloutPlanSpec = {
  mode: "canary",
  steps: [{ shadow: false, weight: 0.05, sample: 1, durationMs: 60_000, minSamples: 10, approval: false }],
  primary: null,
  tieBreak: ["lowest_version"],
  evaluateEveryMs: 10_000,
  reweightEveryMs: 300_000,
  floor: 0.05,
  minSamplesPerArm: 100,
  approvalRoles: [],
  burnInMs: null,
};

const rollout = (id: string, program: string, startedAt: string): Rollout =>
  startRollout({ id, program, champion: 1, challengers: [2], requestedBy: "t", plan, policyRevision: 1, now: new Date(startedAt) }).rollout;

const decision = (program: string, rolloutId: string | null, action: DecisionRecord["action"]): Omit<DecisionRecord, "id"> => ({
  program,
  rolloutId,
  at: "2026-11-01T00:00:00.000Z",
  actor: "controller",
  action,
  fromStatus: "running",
  toStatus: "running",
  summary: `${action} ${program}`,
  severity: "info",
  conditions: { v2: [{ metric: "error_rate", outcome: "pass", estimate: 0.0125, interval: [-0.5, 1e-7] }] },
  inputs: { step: 1, samples: { v1: 120, v2: 14 } },
});

const notification = (program: string, nextAttemptAt: string): Omit<Notification, "id"> => ({
  program,
  rolloutId: "r1",
  event: "rollback",
  severity: "page",
  url: "https://hooks.example/x",
  secretEnv: "HOOK_SECRET",
  payload: { event: "rollback", nested: { n: 1 } },
  status: "pending",
  attempts: 0,
  nextAttemptAt,
  lastError: null,
  lastStatusCode: null,
  createdAt: "2026-11-01T00:00:00.000Z",
  deliveredAt: null,
});

/** Registers the cases inside the caller's describe block; `current()` is the fresh store of each test. */
export function rolloutReposContract(current: () => Store): void {
  const seedPrograms = (...names: string[]) =>
    current().tx(async (r) => {
      for (const name of names)
        await r.programs.insert({ name, description: "", owners: [], seed: `${name}.seed`, createdAt: "t", createdBy: "t" });
    });

  it("rollouts: insert, get, compare-and-set on revision, active oldest first, byProgram newest first", async () => {
    const store = current();
    await seedPrograms("a", "b");
    const r1 = rollout("r1", "a", "2026-11-01T10:00:00.000Z");
    const r2 = rollout("r2", "b", "2026-11-01T09:00:00.000Z");
    const r3 = rollout("r3", "a", "2026-11-01T11:00:00.000Z");
    await store.tx(async (r) => {
      for (const x of [r1, r2, r3]) await r.rollouts.insert(x);
    });
    await expect(store.tx((r) => r.rollouts.insert(r1))).rejects.toThrow();
    expect(await store.tx((r) => r.rollouts.get("r1"))).toEqual(r1);
    expect(await store.tx((r) => r.rollouts.get("nope"))).toBeNull();

    const advanced: Rollout = { ...r1, stepIndex: 1, hold: null, revision: 1 };
    expect(await store.tx((r) => r.rollouts.update(advanced, 0))).toBe(true);
    // A writer that read revision 0 is refused, and changes nothing.
    expect(await store.tx((r) => r.rollouts.update({ ...r1, hold: "stale", revision: 1 }, 0))).toBe(false);
    expect(await store.tx((r) => r.rollouts.update({ ...r1, revision: 1 }, 5))).toBe(false);
    expect(await store.tx((r) => r.rollouts.get("r1"))).toEqual(advanced);

    expect((await store.tx((r) => r.rollouts.active())).map((x) => x.id)).toEqual(["r2", "r1", "r3"]);
    await store.tx((r) => r.rollouts.update({ ...r2, status: "rolled_back", endedAt: "2026-11-01T12:00:00.000Z", revision: 1 }, 0));
    expect((await store.tx((r) => r.rollouts.active())).map((x) => x.id)).toEqual(["r1", "r3"]);
    expect((await store.tx((r) => r.rollouts.byProgram("a", 10))).map((x) => x.id)).toEqual(["r3", "r1"]);
    expect((await store.tx((r) => r.rollouts.byProgram("a", 1))).map((x) => x.id)).toEqual(["r3"]);
    expect((await store.tx((r) => r.rollouts.byProgram("b", 10)))[0]?.status).toBe("rolled_back");
  });

  it("decisions: append with growing ids, list by program, rollout, cursor and limit", async () => {
    const store = current();
    const appended = await store.tx(async (r) => [
      await r.decisions.append(decision("a", "r1", "start")),
      await r.decisions.append(decision("b", "r2", "start")),
      await r.decisions.append(decision("a", "r1", "advance")),
      await r.decisions.append(decision("a", null, "gate_failed")),
    ]);
    const ids = appended.map((d) => d.id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
    expect(appended[2]).toEqual({ ...decision("a", "r1", "advance"), id: ids[2] });
    const all = await store.tx((r) => r.decisions.list({ after: 0, limit: 10 }));
    expect(all).toEqual(appended);
    expect((await store.tx((r) => r.decisions.list({ program: "a", after: 0, limit: 10 }))).map((d) => d.action)).toEqual([
      "start",
      "advance",
      "gate_failed",
    ]);
    expect((await store.tx((r) => r.decisions.list({ rolloutId: "r1", after: 0, limit: 10 }))).map((d) => d.id)).toEqual([ids[0], ids[2]]);
    expect((await store.tx((r) => r.decisions.list({ program: "a", after: ids[0]!, limit: 1 }))).map((d) => d.action)).toEqual(["advance"]);
    expect(await store.tx((r) => r.decisions.list({ program: "zzz", after: 0, limit: 10 }))).toEqual([]);
  });

  it("policies: every revision kept, the latest answered", async () => {
    const store = current();
    const doc = PolicyDocument.parse({ program: "a", gates: { live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.01 }] } });
    expect(await store.tx((r) => r.policies.get("a"))).toBeNull();
    await store.tx((r) => r.policies.put({ program: "a", revision: 1, document: doc, appliedAt: "t1", appliedBy: "x" }));
    const second = { program: "a", revision: 2, document: { ...doc, description: "two" }, appliedAt: "t2", appliedBy: "y" };
    await store.tx((r) => r.policies.put(second));
    await store.tx((r) =>
      r.policies.put({ program: "b", revision: 1, document: { ...doc, program: "b" }, appliedAt: "t3", appliedBy: "x" }),
    );
    expect(await store.tx((r) => r.policies.get("a"))).toEqual(second);
    expect((await store.tx((r) => r.policies.get("b")))?.revision).toBe(1);
  });

  it("freezes: global and per program scopes, set replaces, clear says whether it was frozen", async () => {
    const store = current();
    await store.tx(async (r) => {
      await r.freezes.set({ program: null, by: "ops", reason: "incident", at: "2026-11-01T10:00:00.000Z" });
      await r.freezes.set({ program: "a", by: "ops", reason: "audit", at: "2026-11-01T11:00:00.000Z" });
      await r.freezes.set({ program: "a", by: "sre", reason: "audit, again", at: "2026-11-01T12:00:00.000Z" });
    });
    expect(await store.tx((r) => r.freezes.list())).toEqual([
      { program: null, by: "ops", reason: "incident", at: "2026-11-01T10:00:00.000Z" },
      { program: "a", by: "sre", reason: "audit, again", at: "2026-11-01T12:00:00.000Z" },
    ]);
    expect(await store.tx((r) => r.freezes.clear(null))).toBe(true);
    expect(await store.tx((r) => r.freezes.clear(null))).toBe(false);
    expect(await store.tx((r) => r.freezes.clear("b"))).toBe(false);
    expect((await store.tx((r) => r.freezes.list())).map((f) => f.program)).toEqual(["a"]);
  });

  it("notifications: enqueue, due by time in id order, update, list newest first", async () => {
    const store = current();
    const [n1, n2, n3] = await store.tx(async (r) => [
      await r.notifications.enqueue(notification("a", "2026-11-01T10:00:00.000Z")),
      await r.notifications.enqueue(notification("b", "2026-11-01T10:05:00.000Z")),
      await r.notifications.enqueue(notification("a", "2026-11-01T09:00:00.000Z")),
    ]);
    expect(n1).toEqual({ ...notification("a", "2026-11-01T10:00:00.000Z"), id: n1!.id });
    expect((await store.tx((r) => r.notifications.due("2026-11-01T10:00:00.000Z", 10))).map((n) => n.id)).toEqual([n1!.id, n3!.id]);
    expect((await store.tx((r) => r.notifications.due("2026-11-01T11:00:00.000Z", 2))).map((n) => n.id)).toEqual([n1!.id, n2!.id]);
    const delivered: Notification = {
      ...n1!,
      status: "delivered",
      attempts: 1,
      lastStatusCode: 204,
      deliveredAt: "2026-11-01T10:00:01.000Z",
    };
    const retry: Notification = {
      ...n3!,
      attempts: 1,
      lastError: "HTTP 500",
      lastStatusCode: 500,
      nextAttemptAt: "2026-11-01T10:30:00.000Z",
    };
    await store.tx(async (r) => {
      await r.notifications.update(delivered);
      await r.notifications.update(retry);
    });
    expect((await store.tx((r) => r.notifications.due("2026-11-01T10:10:00.000Z", 10))).map((n) => n.id)).toEqual([n2!.id]);
    expect(await store.tx((r) => r.notifications.list({ program: "a", limit: 10 }))).toEqual([retry, delivered]);
    expect((await store.tx((r) => r.notifications.list({ limit: 2 }))).map((n) => n.id)).toEqual([n3!.id, n2!.id]);
  });
}
