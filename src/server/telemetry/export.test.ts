import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";

describe("GET /v1/programs/:program/telemetry/export", () => {
  let h: Harness;
  const now = Date.parse("2026-11-22T10:30:00Z");
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date(now) });
    await h.call("POST", "/v1/programs", { body: { name: "checkout" } });
  });
  afterEach(() => h.close());

  it("pages every stored bucket once, oldest first, and names the next page", async () => {
    // 20 minutes of 10-second buckets for two versions: 240 buckets.
    const events: unknown[] = [];
    for (let s = 0; s < 1200; s += 5) {
      for (const version of [1, 2])
        events.push({
          type: "request",
          program: "checkout",
          version,
          success: s % 7 !== 0,
          latencyMs: 100 + (s % 13),
          at: new Date(now - 1_200_000 + s * 1000).toISOString(),
        });
    }
    expect(
      (await h.call("POST", "/v1/telemetry", { token: h.tokens.sdk, body: { batchId: "export-batch-1", events } })).body.rejected,
    ).toEqual([]);
    const since = new Date(now - 3_600_000).toISOString();
    const until = new Date(now).toISOString();
    const seen: Array<{ start: number; version: number; window: { requests: number } }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { buckets: typeof seen; nextCursor: string | null } } = await h.call(
        "GET",
        `/v1/programs/checkout/telemetry/export?since=${since}&until=${until}&limit=50${cursor ? `&cursor=${cursor}` : ""}`,
        { token: h.tokens.viewer },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.buckets);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen.map((b) => `${b.start}/${b.version}`)).size).toBe(seen.length);
    expect(seen.filter((b) => b.version === 1)).toHaveLength(120);
    expect(seen.reduce((n, b) => n + b.window.requests, 0)).toBe(events.length);
    expect(seen.map((b) => b.start)).toEqual([...seen.map((b) => b.start)].sort((a, b) => a - b));
  });

  it("authenticates, and refuses bad input naming the field", async () => {
    expect((await h.call("GET", "/v1/programs/checkout/telemetry/export?since=2026-11-22T00:00:00Z", { token: null })).status).toBe(401);
    const bad = await h.call("GET", "/v1/programs/checkout/telemetry/export?since=yesterday");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("since");
    const limit = await h.call("GET", "/v1/programs/checkout/telemetry/export?since=2026-11-22T00:00:00Z&limit=100000");
    expect(limit.status).toBe(400);
    expect(JSON.stringify(limit.body)).toContain("limit");
    const cursor = await h.call("GET", "/v1/programs/checkout/telemetry/export?since=2026-11-22T00:00:00Z&cursor=5");
    expect(cursor.status).toBe(400);
    expect(JSON.stringify(cursor.body)).toContain("cursor");
    expect((await h.call("GET", "/v1/programs/nope/telemetry/export?since=2026-11-22T00:00:00Z")).status).toBe(404);
  });
});
