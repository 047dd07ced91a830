import { expect, it } from "vitest";
import type { IdempotencyRecord } from "../idempotency/store.js";
import type { Store } from "./store.js";

const pending = (scope: string, key: string, createdAt: string): IdempotencyRecord => ({
  scope,
  key,
  fingerprint: `fp-${key}`,
  state: "pending",
  status: null,
  response: null,
  location: null,
  createdAt,
});

/** The idempotency-key repository's part of the store contract. */
export function idempotencyReposContract(store: () => Store): void {
  it("records a key once per caller, finishes it with its answer, expires old keys", async () => {
    const s = store();
    expect(await s.tx((r) => r.idempotency.begin(pending("alice", "k1", "2026-11-01T00:00:00.000Z")))).toBe(true);
    expect(await s.tx((r) => r.idempotency.begin(pending("alice", "k1", "2026-11-01T00:00:01.000Z")))).toBe(false);
    expect(await s.tx((r) => r.idempotency.begin(pending("bob", "k1", "2026-11-02T00:00:00.000Z")))).toBe(true);
    expect(await s.tx((r) => r.idempotency.get("alice", "k1"))).toEqual(pending("alice", "k1", "2026-11-01T00:00:00.000Z"));
    const answer = { program: "p", version: 3, nested: { ok: true, list: [1, "two"] } };
    await s.tx((r) => r.idempotency.finish("alice", "k1", 201, answer, "/v1/programs/p/candidates/3"));
    expect(await s.tx((r) => r.idempotency.get("alice", "k1"))).toEqual({
      ...pending("alice", "k1", "2026-11-01T00:00:00.000Z"),
      state: "done",
      status: 201,
      response: answer,
      location: "/v1/programs/p/candidates/3",
    });
    expect(await s.tx((r) => r.idempotency.expire("2026-11-01T12:00:00.000Z"))).toBe(1);
    expect(await s.tx((r) => r.idempotency.get("alice", "k1"))).toBeNull();
    await s.tx((r) => r.idempotency.remove("bob", "k1"));
    expect(await s.tx((r) => r.idempotency.get("bob", "k1"))).toBeNull();
  });

  it("a key begun in a unit of work that fails is not kept", async () => {
    const s = store();
    await expect(
      s.tx(async (r) => {
        await r.idempotency.begin(pending("alice", "k2", "2026-11-01T00:00:00.000Z"));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await s.tx((r) => r.idempotency.get("alice", "k2"))).toBeNull();
  });
}
