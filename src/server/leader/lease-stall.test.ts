/**
 * No split brain when the database stalls for longer than the lease: the leader's connection
 * goes through a TCP proxy that stops forwarding (connections held open, nothing answered) for
 * twice the lease while it is inside a fenced unit of work. Sampled throughout, the two
 * replicas never both believe they lead; afterwards the other replica leads with a higher token
 * and the stalled one's writes are fenced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../store/postgres-store.js";
import { TestDatabase } from "../store/postgres-testing.js";
import { FencedError } from "./elector.js";
import { PostgresLeaseElector } from "./postgres-lease.js";
import { tcpProxy } from "./tcp-proxy-testing.js";

const db = new TestDatabase();
beforeAll(() => db.check());
afterAll(() => db.dropAll());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("leader lease under a database stall", () => {
  it("never has two leaders when the database stalls for longer than the lease", { timeout: 30_000 }, async () => {
    const schema = db.newSchema();
    const proxy = await tcpProxy(db.url);
    const direct = await PostgresStore.open({ connectionString: db.url, schema, poolSize: 2 });
    const viaProxy = await PostgresStore.open({ connectionString: proxy.url, schema, poolSize: 2 });
    const timings = { leaseMs: 1_500, renewEveryMs: 250, marginMs: 250 };
    const a = new PostgresLeaseElector({ connectionString: proxy.url, schema, replica: "a", ...timings });
    const b = new PostgresLeaseElector({ connectionString: db.url, schema, replica: "b", ...timings });
    try {
      await a.start();
      await until("a to lead", () => a.isLeader());
      await b.start();
      let both = 0;
      const sampler = setInterval(() => void (a.isLeader() && b.isLeader() && both++), 10);

      // 1. The stall catches a inside a fenced unit of work: b's takeover waits on that unit's row lock,
      //    so a's write either lands before any takeover or not at all.
      let inside!: () => void;
      const entered = new Promise<void>((done) => (inside = done));
      const stalledWrite = viaProxy
        .tx(async (repos) => {
          await a.fence(repos);
          inside();
          await sleep(100);
          await repos.freezes.set({ program: null, by: "a", reason: "written during the stall", at: new Date().toISOString() });
        })
        .then(
          () => "committed",
          (error: unknown) => (error instanceof FencedError ? "fenced" : "failed"),
        );
      await entered;
      proxy.stall();
      await sleep(2 * timings.leaseMs);
      expect(a.isLeader()).toBe(false);
      proxy.resume();
      expect(["committed", "fenced", "failed"]).toContain(await stalledWrite);
      await until("a leader again", () => a.isLeader() || b.isLeader());

      // 2. The stall catches the leader between units of work: the other replica takes over during it.
      const [leader, other] = a.isLeader() ? [a, b] : [b, a];
      if (leader === a) {
        proxy.stall();
        await until("b to take over during the stall", () => b.isLeader());
        proxy.resume();
      } else {
        // b leads already (it took over after phase 1); a's late renewals are refused.
        await sleep(timings.leaseMs);
      }
      await sleep(2 * timings.renewEveryMs);
      clearInterval(sampler);
      expect(both).toBe(0);
      expect(b.isLeader()).toBe(true);
      expect(a.isLeader()).toBe(false);
      expect(b.fencingToken()).toBeGreaterThan(1);
      expect(other).not.toBe(leader);
      // Whatever a had in flight, from now on its writes are refused, and b's go through.
      await expect(
        viaProxy.tx(async (repos) => {
          await a.fence(repos);
          await repos.freezes.set({ program: null, by: "a", reason: "late", at: new Date().toISOString() });
        }),
      ).rejects.toBeInstanceOf(FencedError);
      await direct.tx(async (repos) => {
        await b.fence(repos);
        await repos.freezes.set({ program: null, by: "b", reason: "new leader", at: new Date().toISOString() });
      });
      const freezes = await direct.tx((r) => r.freezes.list());
      expect(freezes.map((f) => f.by)).toContain("b");
      expect(freezes.some((f) => f.reason === "late")).toBe(false);
    } finally {
      proxy.resume();
      await a.stop();
      await b.stop();
      await viaProxy.close();
      await direct.close();
      await proxy.close();
    }
  });
});
