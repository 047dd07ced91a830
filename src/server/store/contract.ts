/**
 * The store contract: one suite every Store implementation must pass
 * (memory, SQLite, and PostgreSQL when it lands). Import and call it from a
 * `*.test.ts` file with a factory that returns a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { championOnlyPlan } from "../../core/assignment/traffic-plan.js";
import { emptyWindow } from "../../core/telemetry/variant-window.js";
import { candidate, program } from "./contract-fixtures.js";
import { idempotencyReposContract } from "./contract-idempotency.js";
import { measurementReposContract } from "./contract-measurement.js";
import { rolloutReposContract } from "./contract-rollouts.js";
import type { Store } from "./store.js";

export function storeContract(name: string, makeStore: () => Promise<Store> | Store): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => store.close());

    it("inserts programs once and lists them by name", async () => {
      await store.tx(async (r) => {
        expect(await r.programs.insert(program("b"))).toBe(true);
        expect(await r.programs.insert(program("a"))).toBe(true);
        expect(await r.programs.insert(program("a"))).toBe(false);
      });
      const list = await store.tx((r) => r.programs.list());
      expect(list.map((p) => p.name)).toEqual(["a", "b"]);
      expect(list[0]).toEqual(program("a"));
      expect(await store.tx((r) => r.programs.get("zzz"))).toBeNull();
    });

    it("allocates increasing version numbers per program, never reused", async () => {
      await store.tx(async (r) => {
        await r.programs.insert(program("a"));
        await r.programs.insert(program("b"));
      });
      const got = await store.tx(async (r) => [
        await r.programs.allocateVersion("a"),
        await r.programs.allocateVersion("a"),
        await r.programs.allocateVersion("b"),
      ]);
      expect(got).toEqual([1, 2, 1]);
      await expect(store.tx((r) => r.programs.allocateVersion("nope"))).rejects.toThrow();
    });

    it("round-trips candidates and their status", async () => {
      await store.tx(async (r) => {
        await r.programs.insert(program("a"));
        await r.candidates.insert(candidate("a", 1));
        await r.candidates.insert(candidate("a", 2));
      });
      expect(await store.tx((r) => r.candidates.get("a", 1))).toEqual(candidate("a", 1));
      expect(await store.tx((r) => r.candidates.latestVersion("a"))).toBe(2);
      expect(await store.tx((r) => r.candidates.latestVersion("b"))).toBeNull();
      await store.tx((r) => r.candidates.setStatus("a", 2, "retired", "old", "2026-11-02T00:00:00.000Z"));
      expect((await store.tx((r) => r.candidates.list("a", "retired"))).map((c) => c.version)).toEqual([2]);
      expect((await store.tx((r) => r.candidates.list("a"))).map((c) => c.version)).toEqual([1, 2]);
      await expect(store.tx((r) => r.candidates.insert(candidate("a", 1)))).rejects.toThrow();
    });

    it("keeps alias state and an ordered move history", async () => {
      await store.tx(async (r) => {
        await r.programs.insert(program("a"));
        await r.candidates.insert(candidate("a", 1));
        await r.candidates.insert(candidate("a", 2));
        await r.aliases.set({ program: "a", alias: "champion", version: 1, movedAt: "t1", movedBy: "x" });
        await r.aliases.appendMove({ program: "a", alias: "champion", fromVersion: null, toVersion: 1, actor: "x", reason: "r", at: "t1" });
        await r.aliases.set({ program: "a", alias: "champion", version: 2, movedAt: "t2", movedBy: "y" });
        await r.aliases.appendMove({ program: "a", alias: "champion", fromVersion: 1, toVersion: 2, actor: "y", reason: "r2", at: "t2" });
        await r.aliases.set({ program: "a", alias: "challenger", version: 1, movedAt: "t3", movedBy: "y" });
      });
      expect(await store.tx((r) => r.aliases.get("a", "champion"))).toEqual({
        program: "a",
        alias: "champion",
        version: 2,
        movedAt: "t2",
        movedBy: "y",
      });
      expect((await store.tx((r) => r.aliases.list("a"))).map((a) => a.alias)).toEqual(["challenger", "champion"]);
      const moves = await store.tx((r) => r.aliases.moves("a", "champion"));
      expect(moves.map((m) => [m.fromVersion, m.toVersion])).toEqual([
        [null, 1],
        [1, 2],
      ]);
      expect(moves[1]!.id).toBeGreaterThan(moves[0]!.id);
      await store.tx((r) => r.aliases.remove("a", "challenger"));
      expect(await store.tx((r) => r.aliases.get("a", "challenger"))).toBeNull();
    });

    it("stores traffic plans per program", async () => {
      await store.tx(async (r) => {
        await r.programs.insert(program("a"));
        await r.traffic.put("a", { ...championOnlyPlan("s"), slots: 2, arms: [{ alias: "challenger", slot: 0, weight: 0.05 }] });
      });
      expect((await store.tx((r) => r.traffic.get("a")))?.arms).toEqual([{ alias: "challenger", slot: 0, weight: 0.05 }]);
      expect((await store.tx((r) => r.traffic.listAll())).size).toBe(1);
      expect(await store.tx((r) => r.traffic.get("b"))).toBeNull();
    });

    it("appends audit entries and filters them", async () => {
      const entry = (seq: number, program: string | null) => ({
        seq,
        at: "t",
        actor: "x",
        action: seq % 2 ? "alias.move" : "program.create",
        program,
        target: "t",
        before: null,
        after: { n: seq },
        prevHash: "p",
        hash: `h${seq}`,
      });
      await store.tx(async (r) => {
        for (let i = 1; i <= 5; i++) await r.audit.insert(entry(i, i < 4 ? "a" : null));
      });
      expect(await store.tx((r) => r.audit.head())).toEqual({ seq: 5, hash: "h5" });
      expect((await store.tx((r) => r.audit.list({ after: 0, limit: 10, program: "a" }))).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((await store.tx((r) => r.audit.list({ after: 1, limit: 2 }))).map((e) => e.seq)).toEqual([2, 3]);
      expect((await store.tx((r) => r.audit.list({ after: 0, limit: 10, action: "alias.move" }))).map((e) => e.seq)).toEqual([1, 3, 5]);
      expect((await store.tx((r) => r.audit.list({ after: 0, limit: 1 })))[0]).toEqual(entry(1, "a"));
    });

    it("stores tokens by hash and revokes them once", async () => {
      const token = {
        id: "t1",
        name: "ci",
        roles: ["operator" as const],
        hash: "abc",
        prefix: "arena_ab",
        createdAt: "t",
        createdBy: "x",
        revokedAt: null,
        principalId: "p_1",
      };
      await store.tx((r) => r.tokens.insert(token));
      expect(await store.tx((r) => r.tokens.findByHash("abc"))).toEqual(token);
      expect(await store.tx((r) => r.tokens.findByHash("zzz"))).toBeNull();
      expect(await store.tx((r) => r.tokens.revoke("t1", "t2"))).toBe(true);
      expect(await store.tx((r) => r.tokens.revoke("t1", "t3"))).toBe(false);
      expect((await store.tx((r) => r.tokens.findByHash("abc")))?.revokedAt).toBe("t2");
      expect(await store.tx((r) => r.tokens.count())).toBe(1);
      await store.tx((r) => r.tokens.setPrincipal("t1", "p_2"));
      expect((await store.tx((r) => r.tokens.findByHash("abc")))?.principalId).toBe("p_2");
    });

    it("keeps principal names unique and disables a principal once", async () => {
      const p = {
        id: "p_1",
        name: "alice",
        kind: "person" as const,
        roles: ["operator" as const],
        createdAt: "t",
        createdBy: "x",
        disabledAt: null,
      };
      await store.tx((r) => r.principals.insert(p));
      await expect(store.tx((r) => r.principals.insert({ ...p, id: "p_2" }))).rejects.toThrow();
      expect(await store.tx((r) => r.principals.byName("alice"))).toEqual(p);
      expect(await store.tx((r) => r.principals.get("p_1"))).toEqual(p);
      expect(await store.tx((r) => r.principals.disable("p_1", "t2"))).toBe(true);
      expect(await store.tx((r) => r.principals.disable("p_1", "t3"))).toBe(false);
      expect((await store.tx((r) => r.principals.list())).map((x) => x.disabledAt)).toEqual(["t2"]);
    });

    it("keeps one seal per token or principal, replaced on re-seal", async () => {
      await store.tx(async (r) => {
        await r.seals.put("token", "t1", "k:a");
        await r.seals.put("principal", "t1", "k:b");
        await r.seals.put("token", "t1", "k:c");
      });
      expect(await store.tx((r) => r.seals.get("token", "t1"))).toBe("k:c");
      expect(await store.tx((r) => r.seals.get("principal", "t1"))).toBe("k:b");
      expect(await store.tx((r) => r.seals.get("token", "zz"))).toBeNull();
    });

    it("stores change requests and lists them newest first by status", async () => {
      const ref = { id: "p_1", name: "alice" };
      const cr = (id: string, at: string) => ({
        id,
        program: "a",
        kind: "alias.move" as const,
        status: "pending" as const,
        change: { version: 2 },
        diff: { before: 1, after: 2 },
        protectedBecause: "x",
        reason: "r",
        requestedBy: ref,
        requestedAt: at,
        requiredRoles: [{ name: "approver", members: null }],
        approvals: [],
        decidedBy: null,
        decidedAt: null,
        decision: null,
      });
      await store.tx(async (r) => {
        await r.changes.insert(cr("c1", "2026-01-01T00:00:00.000Z"));
        await r.changes.insert(cr("c2", "2026-01-02T00:00:00.000Z"));
      });
      await store.tx((r) => r.changes.update({ ...cr("c1", "2026-01-01T00:00:00.000Z"), status: "applied", decidedBy: ref }));
      expect((await store.tx((r) => r.changes.list({ limit: 10 }))).map((c) => c.id)).toEqual(["c2", "c1"]);
      expect((await store.tx((r) => r.changes.list({ status: "pending", limit: 10 }))).map((c) => c.id)).toEqual(["c2"]);
      expect((await store.tx((r) => r.changes.get("c1")))?.decidedBy).toEqual(ref);
    });

    it("bumps the serving revision", async () => {
      const start = await store.tx((r) => r.serving.revision());
      expect(await store.tx((r) => r.serving.bump())).toBe(start + 1);
      expect(await store.tx((r) => r.serving.revision())).toBe(start + 1);
    });

    it("rolls back everything a failed unit of work wrote", async () => {
      await expect(
        store.tx(async (r) => {
          await r.programs.insert(program("a"));
          await r.serving.bump();
          await r.audit.insert({
            seq: 1,
            at: "t",
            actor: "x",
            action: "a",
            program: null,
            target: "t",
            before: null,
            after: null,
            prevHash: "p",
            hash: "h",
          });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.tx((r) => r.programs.list())).toEqual([]);
      expect(await store.tx((r) => r.audit.head())).toBeNull();
      expect(await store.tx((r) => r.serving.revision())).toBe(0);
    });

    it("a failed unit of work leaves telemetry and exposure counts as the last committed one left them", async () => {
      const window = (requests: number) => ({
        ...emptyWindow(),
        requests,
        errors: 0,
        latency: { n: 1, sum: 5, sumSquares: 25, sketch: null },
      });
      const key = { program: "a", version: 1, segment: "all", width: 10_000, start: 0 };
      const totals = (requests: number) => ({ exposed: true, requests, errors: 0, cost: 0, events: {} });
      const unit = { program: "a", version: 1, segment: "all", unitId: "u1", firstSeen: 1_000 };
      const count = { program: "a", alias: "champion", version: 1, minute: "2026-11-01T10:00:00.000Z", count: 3 };
      await store.tx(async (r) => {
        await r.telemetry.addWindows([{ ...key, window: window(10) }]);
        await r.telemetry.addUnits([{ ...unit, totals: totals(1) }]);
        await r.exposures.addCounts([count]);
      });
      await expect(
        store.tx(async (r) => {
          await r.telemetry.addWindows([
            { ...key, window: window(5) },
            { ...key, start: 10_000, window: window(1) },
          ]);
          await r.telemetry.addUnits([
            { ...unit, totals: totals(4) },
            { ...unit, unitId: "u2", totals: totals(1) },
          ]);
          await r.telemetry.deleteWindows([key]);
          await r.exposures.addCounts([count]);
          await r.batches.claim("failed-batch", "2026-11-01T10:00:00.000Z", 1, 0);
          await r.telemetry.putPrediction({ program: "a", predictionId: "px", version: 1, segments: ["all"], predicted: true, at: 1_000 });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await store.tx((r) => r.telemetry.windows("a", 0, 1_000_000))).map((w) => [w.start, w.window.requests])).toEqual([[0, 10]]);
      expect((await store.tx((r) => r.telemetry.units("a", "all", 0, 10_000))).map((u) => [u.unitId, u.totals.requests])).toEqual([
        ["u1", 1],
      ]);
      expect(await store.tx((r) => r.exposures.totals("a", "2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z"))).toEqual([
        { alias: "champion", version: 1, exposures: 3 },
      ]);
      expect(await store.tx((r) => r.batches.claim("failed-batch", "2026-11-01T10:00:00.000Z", 1, 0))).toBe(true);
      expect(await store.tx((r) => r.telemetry.takePredictions("a", "px"))).toEqual([]);
    });

    it("serialises concurrent units of work (no lost update)", async () => {
      await store.tx((r) => r.programs.insert(program("a")));
      const versions = await Promise.all(Array.from({ length: 20 }, () => store.tx((r) => r.programs.allocateVersion("a"))));
      expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it("finds a candidate by its external reference, unique per program", async () => {
      await store.tx(async (r) => {
        await r.programs.insert(program("a"));
        await r.programs.insert(program("b"));
        await r.candidates.insert(candidate("a", 1));
        await r.candidates.insert(candidate("a", 2));
        await r.candidates.insert({ ...candidate("b", 1), externalRef: "mlflow:a/1" });
      });
      expect(await store.tx((r) => r.candidates.findByExternalRef("a", "mlflow:a/1"))).toEqual(candidate("a", 1));
      expect((await store.tx((r) => r.candidates.findByExternalRef("b", "mlflow:a/1")))?.program).toBe("b");
      expect(await store.tx((r) => r.candidates.findByExternalRef("a", "mlflow:a/9"))).toBeNull();
      await expect(store.tx((r) => r.candidates.insert({ ...candidate("a", 3), externalRef: "mlflow:a/1" }))).rejects.toThrow();
    });

    measurementReposContract(() => store);
    rolloutReposContract(() => store);
    idempotencyReposContract(() => store);
  });
}
