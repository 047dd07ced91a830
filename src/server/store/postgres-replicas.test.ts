/**
 * Two PostgresStore instances on one schema behave like two replicas: units of work
 * from both must not lose updates, fork the audit chain, count a batch twice or create
 * two bootstrap tokens; a serving change on one is heard by the other's change feed.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "../audit/append.js";
import { ChainVerifier } from "../audit/chain.js";
import { SYSTEM_ACTOR } from "../context.js";
import { TokenService } from "../tokens/service.js";
import { PostgresChangeFeed } from "../persist/postgres-change-feed.js";
import { PostgresStore } from "./postgres-store.js";
import { TestDatabase } from "./postgres-testing.js";

const db = new TestDatabase();
beforeAll(() => db.check());
afterAll(() => db.dropAll());

async function waitFor(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const program = { name: "p", description: "", owners: ["o"], seed: "p.seed", createdAt: "2026-11-01T00:00:00.000Z", createdBy: "t" };

describe("postgres store: two replicas on one schema", () => {
  let a: PostgresStore;
  let b: PostgresStore;
  let schema: string;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    schema = db.newSchema();
    // Both replicas start at once: the migration lock lets exactly one create the schema.
    [a, b] = await Promise.all([
      PostgresStore.open({ connectionString: db.url, schema, poolSize: 5 }),
      PostgresStore.open({ connectionString: db.url, schema, poolSize: 5 }),
    ]);
    await a.tx((r) => r.programs.insert(program));
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("allocates every version number once across replicas", async () => {
    const calls = Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).tx((r) => r.programs.allocateVersion("p")));
    const versions = await Promise.all(calls);
    expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it("keeps one unbroken audit chain when both replicas append at once", async () => {
    const appends = Array.from({ length: 50 }, (_, i) =>
      (i % 2 ? a : b).tx((r) =>
        appendAudit(r, new Date(), SYSTEM_ACTOR, {
          action: "test.append",
          program: "p",
          target: `n/${i}`,
          before: null,
          after: { i, nested: { list: [1, "x", null] } },
        }),
      ),
    );
    await Promise.all(appends);
    const entries = await b.tx((r) => r.audit.list({ after: 0, limit: 1_000 }));
    const verifier = new ChainVerifier();
    for (const entry of entries) verifier.push(entry);
    expect(verifier.verdict()).toMatchObject({ valid: true, entries: 50 });
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("counts a batch claimed by both replicas at once exactly once", async () => {
    const minute = "2026-11-01T10:00:00.000Z";
    const ingest = (store: PostgresStore, batchId: string) =>
      store.tx(
        async (r) => {
          if (!(await r.batches.claim(batchId, minute, 1, 0))) return false;
          await r.exposures.addCounts([
            { program: "p", alias: "champion", version: 1, minute, count: 1 },
            { program: "p", alias: "challenger", version: 2, minute, count: 1 },
          ]);
          return true;
        },
        { lock: "none" },
      );
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => [ingest(a, `batch-${i}`), ingest(b, `batch-${i}`)]).flat());
    expect(results.filter(Boolean)).toHaveLength(20);
    for (let i = 0; i < 20; i++) expect(results[2 * i] !== results[2 * i + 1]).toBe(true);
    const totals = await a.tx((r) => r.exposures.totals("p", "2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z"));
    expect(totals).toEqual([
      { alias: "challenger", version: 2, exposures: 20 },
      { alias: "champion", version: 1, exposures: 20 },
    ]);
  });

  it("joins a prediction and its label ingested at once on two replicas", async () => {
    let parked!: () => void;
    const predictionParked = new Promise<void>((r) => (parked = r));
    // Replica A finds no label and parks the prediction, but has not committed yet…
    const first = a.tx(
      async (r) => {
        expect(await r.telemetry.getLabel("p", "pred-1")).toBeNull();
        await r.telemetry.putPrediction({ program: "p", predictionId: "pred-1", version: 1, segments: ["all"], predicted: true, at: 1 });
        parked();
        await new Promise((done) => setTimeout(done, 200));
      },
      { lock: "none" },
    );
    await predictionParked;
    // …when replica B ingests the label: it must wait for A and then take A's prediction.
    const taken = await b.tx(
      async (r) => {
        const [prediction] = await r.telemetry.takePredictions("p", "pred-1");
        await r.telemetry.putLabel({ program: "p", predictionId: "pred-1", actual: true, at: 2 });
        return prediction;
      },
      { lock: "none" },
    );
    await first;
    expect(taken).toMatchObject({ predictionId: "pred-1", predicted: true });
    expect(await a.tx((r) => r.telemetry.takePredictions("p", "pred-1"))).toEqual([]);
  });

  it("creates one bootstrap admin token when two replicas start together", async () => {
    const fresh = db.newSchema();
    const [x, y] = await Promise.all([
      PostgresStore.open({ connectionString: db.url, schema: fresh }),
      PostgresStore.open({ connectionString: db.url, schema: fresh }),
    ]);
    closers.push(
      () => x.close(),
      () => y.close(),
    );
    const service = (store: PostgresStore) => new TokenService({ store, now: () => new Date(), servingChanged: () => undefined });
    const tokens = await Promise.all([
      service(x).bootstrapAdmin(),
      service(y).bootstrapAdmin(),
      service(x).bootstrapAdmin(),
      service(y).bootstrapAdmin(),
    ]);
    expect(tokens.filter((t) => t !== null)).toHaveLength(1);
    expect(await y.tx((r) => r.tokens.count())).toBe(1);
  });

  it("tells the other replica's change feed about a committed revision, never a rolled-back one", async () => {
    const feed = PostgresChangeFeed.start({ connectionString: db.url, schema });
    closers.push(() => feed.close());
    await feed.ready();
    let heard = 0;
    feed.subscribe(() => heard++);
    await expect(
      a.tx(async (r) => {
        await r.serving.bump();
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await a.tx((r) => r.serving.bump());
    await waitFor(() => heard > 0, "the notification");
    // Notifications arrive in commit order: had the rolled-back bump notified, it would have come first.
    await b.tx((r) => r.serving.bump());
    await waitFor(() => heard > 1, "the second notification");
    expect(heard).toBe(2);
  });

  it("re-opens a dropped listener connection and catches up", async () => {
    const feed = PostgresChangeFeed.start({ connectionString: db.url, schema });
    closers.push(() => feed.close());
    await feed.ready();
    let heard = 0;
    feed.subscribe(() => heard++);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1", [
        `LISTEN "${feed.channel}"`,
      ]);
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // On reconnect the feed wakes its listeners once (notifications sent meanwhile are lost)…
    await waitFor(() => heard >= 1, "the catch-up after reconnecting");
    const before = heard;
    // …and hears new changes again.
    await b.tx((r) => r.serving.bump());
    await waitFor(() => heard > before, "a notification after reconnecting");
  });
});
