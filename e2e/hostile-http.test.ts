/**
 * Hostile clients against the real HTTP server: authentication before the body, slow bodies cut
 * off, admission that holds (and covers exposures), a fair share per principal, failed-auth
 * throttling, and answers no cache keeps. Each case is bounded well under 20 s.
 */
import { afterEach, describe, expect, it } from "vitest";
import { requestBatch, startHostileServer, TrickleClient, waitFor, type HostileServer } from "./support/hostile-server.js";

describe("hostile HTTP clients", () => {
  let s: HostileServer | null = null;
  const trickles: TrickleClient[] = [];
  afterEach(async () => {
    for (const t of trickles.splice(0)) t.stop();
    await s?.close();
    s = null;
  });

  it(
    "refuses an unauthenticated body before reading it, and slow unauthenticated clients take no ingest slot",
    { timeout: 20_000 },
    async () => {
      s = await startHostileServer();
      expect((await s.call("POST", "/v1/programs", { body: { name: "checkout" } })).status).toBe(201);
      // 8 clients announce a 29 MB body without a token and trickle it, 1 byte every 2 s.
      for (let i = 0; i < 8; i++)
        trickles.push(new TrickleClient(s.port, { method: "POST", path: "/v1/telemetry", contentLength: 29 * 1024 * 1024 }));
      const answered = await waitFor(
        "401 to every unauthenticated client before its body",
        () => trickles.every((t) => t.status !== null) && trickles.map((t) => t.status),
      );
      expect(answered).toEqual(Array(8).fill(401));
      expect(trickles[0]!.received).toMatch(/connection: close/i);
      // Meanwhile, 20 legitimate sdk batches go through, none refused.
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          s!
            .call("POST", "/v1/telemetry", { token: s!.tokens.sdk, body: requestBatch(`legit-batch-${i}`, "checkout", 50) })
            .then((r) => r.status),
        ),
      );
      expect(statuses).toEqual(Array(20).fill(200));
      expect(s.ingestAdmission.stats.peak).toBeLessThanOrEqual(8);
    },
  );

  it("never parses the body of a token without the permission (403 before the body)", async () => {
    s = await startHostileServer();
    const viewer = new TrickleClient(s.port, { method: "POST", path: "/v1/telemetry", token: s.tokens.viewer, contentLength: 10_000_000 });
    trickles.push(viewer);
    await waitFor("403 to the viewer", () => viewer.status);
    expect(viewer.status).toBe(403);
    expect(s.ingestAdmission.stats.peak).toBe(0);
  });

  it("cuts off a slow authenticated body at the request timeout and gives its slot back", { timeout: 20_000 }, async () => {
    s = await startHostileServer({ requestTimeoutMs: 1_500, headersTimeoutMs: 1_000 });
    const slow = new TrickleClient(s.port, { method: "POST", path: "/v1/telemetry", token: s.tokens.sdk, contentLength: 1_000_000 }, 200);
    trickles.push(slow);
    await waitFor("the slow batch to hold a slot", () => s!.ingestAdmission.stats.inFlight === 1);
    await slow.closed;
    expect(slow.status === null || slow.status === 408).toBe(true);
    await waitFor("the slot to be given back", () => s!.ingestAdmission.stats.inFlight === 0);
  });

  it("holds the in-flight limit until each reply is finished, under 60 concurrent batches", { timeout: 20_000 }, async () => {
    s = await startHostileServer({ maxIngestInFlight: 3, maxIngestPerPrincipal: 3 });
    await s.call("POST", "/v1/programs", { body: { name: "checkout" } });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        s!.call("POST", "/v1/telemetry", { token: s!.tokens.sdk, body: requestBatch(`many-batch-${i}`, "checkout", 2_000) }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((x) => x === 200 || x === 503)).toBe(true);
    expect(statuses).toContain(200);
    expect(results.find((r) => r.status === 503)?.headers.get("retry-after") ?? "1").toBe("1");
    expect(s.ingestAdmission.stats.peak).toBeLessThanOrEqual(3);
    await waitFor("every slot back", () => s!.ingestAdmission.stats.inFlight === 0);
  });

  it("admits exposure batches too, and keeps a fair share for other principals", { timeout: 20_000 }, async () => {
    s = await startHostileServer({ maxIngestInFlight: 3, maxIngestPerPrincipal: 2 });
    await s.call("POST", "/v1/programs", { body: { name: "checkout" } });
    // One sdk principal holds two slots with slow bodies: its third request is refused, another principal's is not.
    for (let i = 0; i < 2; i++)
      trickles.push(
        new TrickleClient(s.port, { method: "POST", path: "/v1/telemetry", token: s.tokens.sdk, contentLength: 1_000_000 }, 200),
      );
    await waitFor("two slots held", () => s!.ingestAdmission.stats.inFlight === 2);
    const exposure = {
      batchId: "exposures-0001",
      exposures: [{ program: "checkout", unitId: "u1", alias: "champion", version: 1, at: new Date().toISOString() }],
    };
    const mine = await s.call("POST", "/v1/exposures", { token: s.tokens.sdk, body: exposure });
    expect(mine.status).toBe(503);
    expect(mine.body.error.message).toMatch(/fair share/);
    const other = await s.token("fleet-b", ["sdk"]);
    expect((await s.call("POST", "/v1/exposures", { token: other.token, body: exposure })).status).toBe(200);
    // The server full: a third principal is refused on exposures as on telemetry.
    trickles.push(new TrickleClient(s.port, { method: "POST", path: "/v1/exposures", token: other.token, contentLength: 1_000_000 }, 200));
    await waitFor("three slots held", () => s!.ingestAdmission.stats.inFlight === 3);
    const third = await s.token("fleet-c", ["sdk"]);
    expect((await s.call("POST", "/v1/exposures", { token: third.token, body: { ...exposure, batchId: "exposures-0002" } })).status).toBe(
      503,
    );
  });

  it("throttles failed authentication per address with 429 and Retry-After, before looking the token up", async () => {
    s = await startHostileServer({ authFailuresPerWindow: 5, authFailureWindowMs: 60_000 });
    for (let i = 0; i < 5; i++) expect((await s.call("GET", "/v1/programs", { token: `arena_wrong${i}` })).status).toBe(401);
    const refused = await s.call("GET", "/v1/programs", { token: "arena_wrong-again" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.error.code).toBe("too_many_failed_authentications");
    // While blocked, the address gets no answer about any token (a guess cannot be confirmed).
    expect((await s.call("GET", "/v1/programs")).status).toBe(429);
    // Public routes are not throttled.
    expect((await s.call("GET", "/healthz", { token: null })).status).toBe(200);
  });

  it("marks API answers Cache-Control: no-store, the new token secret included", async () => {
    s = await startHostileServer();
    const created = await s.call("POST", "/v1/tokens", { body: { name: "ci", roles: ["operator"] } });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    for (const path of ["/v1/programs", "/v1/tokens", "/v1/audit", "/v1/sdk/snapshot", "/v1/whoami"])
      expect((await s.call("GET", path)).headers.get("cache-control"), path).toBe("no-store");
    expect((await s.call("GET", "/v1/programs", { token: null })).headers.get("cache-control")).toBe("no-store");
  });
});
