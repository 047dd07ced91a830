import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../store/postgres-store.js";
import { TestDatabase } from "../store/postgres-testing.js";
import { FencedError, SingleProcessLeader } from "./elector.js";
import { PostgresLeaseElector, type PostgresLeaseOptions } from "./postgres-lease.js";
import { tcpProxy } from "./tcp-proxy-testing.js";

const db = new TestDatabase();
beforeAll(() => db.check());
afterAll(() => db.dropAll());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP proxy to the test database that can drop its connections and refuse new ones: an outage for one elector only. */
const cuttableProxy = () => tcpProxy(db.url);

describe("PostgreSQL leader lease", () => {
  const open: Array<{ stop(): Promise<void> } | { close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const x of open.splice(0).reverse()) await ("stop" in x ? x.stop() : x.close());
  });

  async function setup(): Promise<{
    store: PostgresStore;
    elector: (replica: string, extra?: Partial<PostgresLeaseOptions>) => PostgresLeaseElector;
  }> {
    const schema = db.newSchema();
    const store = await PostgresStore.open({ connectionString: db.url, schema, poolSize: 3 });
    open.push(store);
    const elector = (replica: string, extra: Partial<PostgresLeaseOptions> = {}) => {
      const e = new PostgresLeaseElector({
        connectionString: db.url,
        schema,
        replica,
        leaseMs: 600,
        renewEveryMs: 100,
        marginMs: 100,
        ...extra,
      });
      open.push(e);
      return e;
    };
    return { store, elector };
  }

  /** A write the controller would make, fenced by `e`. */
  const fencedWrite = (store: PostgresStore, e: PostgresLeaseElector, reason: string) =>
    store.tx(async (repos) => {
      await e.fence(repos);
      await repos.freezes.set({ program: null, by: e.replica, reason, at: new Date().toISOString() });
    });

  it("exactly one of two electors leads, and only its fenced writes commit", async () => {
    const { store, elector } = await setup();
    const a = elector("a");
    const b = elector("b");
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.isLeader() ? [a, b] : [b, a];
    expect(leader.fencingToken()).toBe(1);
    expect(follower.fencingToken()).toBeNull();
    await fencedWrite(store, leader, "by the leader");
    await expect(fencedWrite(store, follower, "by the follower")).rejects.toBeInstanceOf(FencedError);
    expect((await store.tx((r) => r.freezes.list())).map((f) => f.by)).toEqual([leader.replica]);
  });

  it("when the leader stops renewing, the other takes over with a higher token and the stale leader is fenced", async () => {
    const { store, elector } = await setup();
    // A longer lease than the other tests: a loaded CI machine must not make a renewing leader lapse.
    const a = elector("a", { leaseMs: 1_200, marginMs: 200 });
    const b = elector("b");
    await a.tick();
    await b.tick();
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    // Renewals keep it: b cannot take over while a renews.
    for (let i = 0; i < 8; i++) {
      await sleep(100);
      await a.tick();
      await b.tick();
    }
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    const first = a.fencingToken()!;

    // a stops renewing (a paused process): it stops believing it leads before the lease ends ...
    const stoppedAt = Date.now();
    await sleep(1_000);
    expect(a.isLeader()).toBe(false);
    await sleep(1_250 - (Date.now() - stoppedAt));
    await b.tick();
    expect(b.isLeader()).toBe(true);
    expect(b.fencingToken()).toBeGreaterThan(first);
    // ... and if it acted on its old token anyway, its unit of work rolls back.
    expect(a.fencingToken()).toBe(first);
    await expect(fencedWrite(store, a, "stale")).rejects.toThrow(/lost the controller lease/);
    await fencedWrite(store, b, "new leader");
    expect((await store.tx((r) => r.freezes.list())).map((f) => f.reason)).toEqual(["new leader"]);
    // Its next renewal finds the lease moved on and gives up the token for good.
    await a.tick();
    expect(a.fencingToken()).toBeNull();
    expect(a.isLeader()).toBe(false);
  });

  it("a takeover waits for the old leader's fenced unit of work to end, so no stale write lands after it", async () => {
    const { store, elector } = await setup();
    const a = elector("a");
    // b's statements may wait up to half its lease: long enough to sit behind a's transaction here.
    const b = elector("b", { leaseMs: 4_000 });
    await a.tick();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let fenced!: () => void;
    const fencedPassed = new Promise<void>((r) => (fenced = r));
    const slow = store.tx(async (repos) => {
      await a.fence(repos);
      fenced();
      await gate;
      await repos.freezes.set({ program: null, by: "a", reason: "slow but fenced in time", at: "t" });
    });
    await fencedPassed;
    await sleep(650); // a's lease has expired meanwhile
    const takeover = b.tick();
    await sleep(150);
    expect(b.isLeader()).toBe(false); // still waiting for a's transaction to end
    release();
    await slow;
    await takeover;
    expect(b.isLeader()).toBe(true);
    expect(b.fencingToken()).toBe(2);
    await expect(fencedWrite(store, a, "after")).rejects.toBeInstanceOf(FencedError);
  });

  it("stop() hands the lease over at once; an unreachable database means nobody leads", async () => {
    const { elector } = await setup();
    const changes: string[] = [];
    const a = elector("a", { onChange: (leading, token) => changes.push(`${leading}:${token}`) });
    const b = elector("b", { leaseMs: 60_000 });
    await a.tick();
    await a.stop();
    expect(a.isLeader()).toBe(false);
    await b.tick();
    expect(b.isLeader()).toBe(true);
    expect(b.fencingToken()).toBe(2);
    expect(changes).toEqual(["true:1"]);

    const lost = new PostgresLeaseElector({ connectionString: "postgres://nobody@127.0.0.1:1/none", schema: "x", leaseMs: 600 });
    open.push(lost);
    await lost.tick();
    expect(lost.isLeader()).toBe(false);
    expect(lost.fencingToken()).toBeNull();
  });

  it("a leader cut off from the database stops deciding; back, it keeps its token only if nobody took over", async () => {
    const { store, elector } = await setup();
    const proxy = await cuttableProxy();
    open.push(proxy);
    const a = elector("a", { connectionString: proxy.url });
    const b = elector("b");
    await a.tick();
    expect(a.isLeader()).toBe(true);

    proxy.cut();
    await a.tick(); // fails: the database is unreachable
    await sleep(600);
    expect(a.isLeader()).toBe(false);
    proxy.restore();
    await a.tick();
    expect(a.isLeader()).toBe(true);
    expect(a.fencingToken()).toBe(1);

    proxy.cut();
    await sleep(650);
    await a.tick();
    expect(a.isLeader()).toBe(false);
    await b.tick(); // b reaches the database: the lease ran out, it takes over
    expect(b.fencingToken()).toBe(2);
    proxy.restore();
    await a.tick();
    expect(a.fencingToken()).toBeNull();
    await expect(fencedWrite(store, a, "late")).rejects.toBeInstanceOf(FencedError);
  });

  it("a leader whose renewals fail stops deciding when its lease runs out", async () => {
    const { elector } = await setup();
    let now = 0;
    const a = elector("a", { clock: () => now });
    await a.tick();
    expect(a.isLeader()).toBe(true);
    now = 499; // leaseMs 600 - marginMs 100
    expect(a.isLeader()).toBe(true);
    now = 500;
    expect(a.isLeader()).toBe(false);
  });

  it("a single process always leads and never fences", async () => {
    const single = new SingleProcessLeader();
    await single.start();
    expect(single.isLeader()).toBe(true);
    expect(single.fencingToken()).toBeNull();
    await expect(single.fence()).resolves.toBeUndefined();
    await single.stop();
  });
});
