/**
 * The controller as wired by buildApp, with two "replicas" (two apps, two stores) on one
 * PostgreSQL schema: only the lease holder's controller writes, and a replica that still
 * believes it leads after losing the lease (a paused process) has its write refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PolicyDocument } from "../../contracts/policy.js";
import { buildApp, type Arena } from "../app.js";
import { SYSTEM_ACTOR } from "../context.js";
import { PostgresStore } from "../store/postgres-store.js";
import { TestDatabase } from "../store/postgres-testing.js";
import type { LeaderElector } from "./elector.js";
import { PostgresLeaseElector } from "./postgres-lease.js";

const db = new TestDatabase();
beforeAll(() => db.check());
afterAll(() => db.dropAll());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const policy = PolicyDocument.parse({
  program: "ranker",
  metrics: { error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } } },
  gates: { live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.01 }] },
  rollout: { steps: [{ weight: "10%", duration: "5m" }], evaluateEvery: "10s" },
});

/** A replica that lost the lease but, paused or partitioned, still believes it leads. */
const believesItLeads = (e: PostgresLeaseElector): LeaderElector => ({
  replica: e.replica,
  kind: e.kind,
  isLeader: () => true,
  fencingToken: () => e.fencingToken(),
  start: () => e.start(),
  stop: () => e.stop(),
  fence: (repos) => e.fence(repos),
});

describe("controller fencing across replicas", () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function replica(schema: string, leader: LeaderElector): Promise<Arena> {
    const store = await PostgresStore.open({ connectionString: db.url, schema, poolSize: 3 });
    const arena = await buildApp({ store, leader, snapshotPollMs: 60_000, metricsRefreshMs: 0, controller: { everyMs: 0 } });
    cleanup.push(async () => {
      await arena.app.close();
      await store.close();
    });
    return arena;
  }

  /** Renews (or, lapsed, re-takes) `e`'s lease just before it decides: a 600 ms lease is short on a loaded machine. */
  async function renewNow(e: PostgresLeaseElector): Promise<void> {
    for (let round = 0; round < 5; round++) {
      await e.tick();
      if (e.isLeader()) return;
    }
    throw new Error(`${e.replica} could not renew its lease`);
  }

  it("only the lease holder decides; a stale leader's transition is refused and nothing is written", async () => {
    const schema = db.newSchema();
    await (await PostgresStore.open({ connectionString: db.url, schema, poolSize: 1 })).close(); // migrate first
    const elector = (name: string) => {
      const e = new PostgresLeaseElector({ connectionString: db.url, schema, replica: name, leaseMs: 600, marginMs: 100 });
      cleanup.push(() => e.stop());
      return e;
    };
    const a = elector("a");
    const b = elector("b");
    await a.tick();
    await b.tick();
    const appA = await replica(schema, a);
    const appB = await replica(schema, b);

    await appA.services.policies.apply(policy, SYSTEM_ACTOR);
    for (const uri of ["s3://m/1", "s3://m/2"])
      await appA.services.candidates.register(
        "ranker",
        {
          description: "",
          artifactUri: uri,
          provenance: { codeCommit: null, lockfileHash: null, dataFingerprint: null },
          metrics: {},
          checks: [],
          tags: [],
        },
        SYSTEM_ACTOR,
      );
    await appA.services.aliases.move({ program: "ranker", alias: "champion", version: 1, reason: "initial" }, SYSTEM_ACTOR);
    const { rollout } = await appA.services.rollouts.start("ranker", [2], SYSTEM_ACTOR);
    const revision = async () => (await appA.services.rollouts.get(rollout.id)).revision;
    const start = await revision();

    // The follower does not even look; the leader looks and writes (the next check time, at least).
    expect((await appB.controller.tick(true)).looked).toBe(0);
    expect(await revision()).toBe(start);
    // Renewed right before it decides: setting the apps up may outlast the 600 ms lease on a loaded machine.
    await renewNow(a);
    expect(await appA.controller.tick(true)).toMatchObject({ looked: 1, errors: [] });
    expect(await revision()).toBe(start + 1);

    // a stops renewing; b takes over. a, still convinced it leads, is fenced off in its own transaction.
    await sleep(650);
    await b.tick();
    expect(b.isLeader()).toBe(true);
    const stale = await replica(schema, believesItLeads(a));
    expect(await stale.controller.tick(true)).toEqual({ looked: 1, transitions: 0, errors: [] });
    expect(await revision()).toBe(start + 1);
    await renewNow(b);
    expect(await appB.controller.tick(true)).toMatchObject({ looked: 1, errors: [] });
    expect(await revision()).toBe(start + 2);
  });
});
