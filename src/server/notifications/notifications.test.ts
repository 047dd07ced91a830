/**
 * Webhook notifications end to end in one process: the controller rolls a bad
 * challenger back, the outbox holds the notification, the dispatcher posts it to a
 * real HTTP receiver, signed with HMAC-SHA256, retried with backoff on errors, and
 * never sent unsigned when the secret is missing.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendTraffic, setupProgram, testPolicy } from "../rollouts/testing.js";
import { startHarness, type Harness } from "../testing/harness.js";
import { mulberry32 } from "../../core/stats/random.js";

/** Seeded traffic: verdicts must not depend on luck (they flaked under load with Math.random). */
const seeded = mulberry32(20261202);

const SECRET_ENV = "ARENA_WEBHOOK_TEST_SECRET";
const SECRET = "s3cret-for-the-test";
const BAD = { 1: { errorRate: 0.01, latencyMs: 100 }, 2: { errorRate: 0.2, latencyMs: 180 } };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering the given statuses in turn (then 200), keeping every request. */
async function startReceiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/arena`, received, close: () => new Promise((done) => server.close(() => done())) };
}

/** What a receiver does: recompute the HMAC over the raw body and compare in constant time. */
function verifies(header: string | string[] | undefined, body: string, secret: string): boolean {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("hex"));
  const given = Buffer.from(header.slice("sha256=".length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("webhook notifications", () => {
  let h: Harness;
  let now: number;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;
  const clock = () => new Date(now);

  beforeEach(async () => {
    now = Date.parse("2026-11-22T10:00:00Z");
    // The receiver listens on loopback: allow-listed, as an operator would for an internal receiver.
    h = await startHarness({ now: clock, limits: { webhookAllowHosts: ["127.0.0.1"] } });
    process.env[SECRET_ENV] = SECRET;
  });
  afterEach(async () => {
    delete process.env[SECRET_ENV];
    await receiver?.close();
    receiver = null;
    await h.close();
  });

  const notifications = async () =>
    (await h.call("GET", "/v1/notifications?program=ranker")).body.notifications as Array<Record<string, unknown>>;

  /** A program whose policy sends the given events to the receiver, and a bad challenger rolled back by the controller. */
  async function rollBackBadChallenger(url: string, events: string[] = ["rollback", "promotion"]): Promise<string> {
    await setupProgram(h, "ranker", testPolicy("ranker", { notifications: { webhooks: [{ url, secretEnv: SECRET_ENV, events }] } }));
    const started = await h.call("POST", "/v1/programs/ranker/rollouts", { body: { challengers: [2] } });
    expect(started.status).toBe(201);
    const id = started.body.rollout.id as string;
    for (let minute = 0; minute < 6; minute++) {
      await sendTraffic(h, "ranker", clock(), 1500, { 1: 0.9, 2: 0.1 }, BAD, seeded);
      now += 60_000;
      await h.controller.tick(true);
      if ((await h.call("GET", `/v1/rollouts/${id}`)).body.status === "rolled_back") return id;
    }
    throw new Error("the bad challenger was not rolled back");
  }

  it("posts a signed rollback notification naming the event, program, rollout and summary", async () => {
    receiver = await startReceiver();
    const id = await rollBackBadChallenger(receiver.url);
    expect(receiver.received).toHaveLength(0); // queued in the outbox, not sent from the controller's transaction
    expect(await h.notifications.deliverDue()).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-arena-event"]).toBe("rollback");
    expect(verifies(headers["x-arena-signature"], body, SECRET)).toBe(true);
    expect(verifies(headers["x-arena-signature"], body, "another secret")).toBe(false);
    expect(verifies(headers["x-arena-signature"], body.replace("ranker", "rankex"), SECRET)).toBe(false);
    const payload = JSON.parse(body) as Record<string, unknown>;
    expect(payload).toMatchObject({ event: "rollback", program: "ranker", rollout: id, severity: "ticket" });
    expect(payload.summary).toMatch(/rolled back v2: .*error_rate/);
    expect(payload.at).toBe(new Date(now).toISOString());
    // What a bridge to another system needs: the versions and the decision record.
    expect(payload).toMatchObject({ champion: 1, challengers: [2], decisionId: expect.any(Number) });
    const decisions = (await h.call("GET", `/v1/programs/ranker/decisions?rollout=${id}`)).body.decisions as Array<{
      id: number;
      action: string;
    }>;
    expect(decisions.find((d) => d.id === payload.decisionId)?.action).toBe("rollback");
    // Standard Webhooks: id stable across retries, timestamp, v1 signature over "id.timestamp.body".
    expect(headers["webhook-id"]).toMatch(/^msg_\d+$/);
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(now / 1000)));
    const mac = createHmac("sha256", SECRET).update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`).digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${mac}`);

    const [n] = await notifications();
    expect(n).toMatchObject({ event: "rollback", rolloutId: id, status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null });
    expect(headers["x-arena-delivery"]).toBe(String(n!.id));
    expect(await h.notifications.deliverDue()).toBe(0); // delivered once, not again
  });

  it("sends alias_moved for every move, by hand and by rollback, with from/to versions", async () => {
    receiver = await startReceiver();
    await setupProgram(
      h,
      "ranker",
      testPolicy("ranker", { notifications: { webhooks: [{ url: receiver.url, secretEnv: SECRET_ENV, events: ["alias_moved"] }] } }),
    );
    expect((await h.call("PUT", "/v1/programs/ranker/aliases/champion", { body: { version: 2, reason: "promote by hand" } })).status).toBe(
      200,
    );
    expect((await h.call("POST", "/v1/programs/ranker/aliases/champion/rollback", { body: { reason: "false positives" } })).status).toBe(
      200,
    );
    expect((await h.call("PUT", "/v1/programs/ranker/aliases/challenger", { body: { version: 3, reason: "canary" } })).status).toBe(200);
    expect((await h.call("DELETE", "/v1/programs/ranker/aliases/challenger", { body: { reason: "canary over" } })).status).toBe(200);
    await h.notifications.deliverDue();
    // The set-up's own move (initial @champion) comes first.
    const payloads = receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>).slice(1);
    expect(payloads.map((p) => [p.event, p.alias, p.fromVersion, p.toVersion, p.reason])).toEqual([
      ["alias_moved", "champion", 1, 2, "promote by hand"],
      ["alias_moved", "champion", 2, 1, "false positives"],
      ["alias_moved", "challenger", null, 3, "canary"],
      ["alias_moved", "challenger", 3, null, "canary over"],
    ]);
    for (const p of payloads) expect(p).toMatchObject({ moveId: expect.any(Number), actor: "admin-user", program: "ranker" });
    for (const r of receiver.received) expect(r.headers["x-arena-event"]).toBe("alias_moved");
  });

  it("sends only the events the webhook subscribed to", async () => {
    receiver = await startReceiver();
    await rollBackBadChallenger(receiver.url, ["promotion"]);
    expect(await notifications()).toEqual([]);
    expect(await h.notifications.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("retries with exponential backoff until the receiver accepts, counting every attempt", async () => {
    receiver = await startReceiver([500, 500]);
    await rollBackBadChallenger(receiver.url);

    expect(await h.notifications.deliverDue()).toBe(1);
    let [n] = await notifications();
    expect(n).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 500,
      lastError: "HTTP 500",
      nextAttemptAt: new Date(now + 1_000).toISOString(),
    });
    expect(await h.notifications.deliverDue()).toBe(0); // not due before its backoff

    now += 1_000;
    expect(await h.notifications.deliverDue()).toBe(1);
    [n] = await notifications();
    expect(n).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 500, nextAttemptAt: new Date(now + 2_000).toISOString() });
    now += 1_999;
    expect(await h.notifications.deliverDue()).toBe(0);

    now += 1;
    expect(await h.notifications.deliverDue()).toBe(1);
    [n] = await notifications();
    expect(n).toMatchObject({
      status: "delivered",
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
      deliveredAt: new Date(now).toISOString(),
    });
    // Every attempt carried the same body and a valid signature (a receiver may dedupe on X-Arena-Delivery).
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers["x-arena-delivery"])).size).toBe(1);
    for (const r of receiver.received) expect(verifies(r.headers["x-arena-signature"], r.body, SECRET)).toBe(true);
  });

  it("fails with a clear error instead of sending unsigned when the secret is not set", async () => {
    receiver = await startReceiver();
    await rollBackBadChallenger(receiver.url);
    delete process.env[SECRET_ENV];

    expect(await h.notifications.deliverDue()).toBe(1);
    const [n] = await notifications();
    expect(n).toMatchObject({ status: "failed", attempts: 1 });
    expect(n!.lastError).toContain(SECRET_ENV);
    expect(n!.lastError).toMatch(/not set; not sending unsigned/);
    expect(receiver.received).toHaveLength(0);

    // Failed is final: setting the secret later does not resend it behind anyone's back.
    process.env[SECRET_ENV] = SECRET;
    now += 3_600_000;
    expect(await h.notifications.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });
});
