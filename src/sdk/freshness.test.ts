import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import type { ArenaSdkError } from "./errors.js";
import { eventually } from "./testing/eventually.js";
import { FakeArenaServer } from "./testing/fake-arena-server.js";
import { testSnapshot } from "./testing/test-snapshot.js";
import type { ArenaClient, ClientOptions } from "./types.js";

const split = { slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.5 }] };
const revision = (n: number, champion: number) => testSnapshot(n, { fraud: { aliases: { champion, challenger: 99 }, traffic: split } });

let server: FakeArenaServer;
const clients: ArenaClient[] = [];
const errors: ArenaSdkError[] = [];

function client(options: Partial<ClientOptions> = {}): ArenaClient {
  const created = createClient({
    url: server.url,
    token: server.token,
    exposures: false,
    pollIntervalMs: 60_000,
    reconnect: { baseMs: 20, maxMs: 100 },
    onError: (e) => errors.push(e),
    ...options,
  });
  clients.push(created);
  return created;
}

/** The version the champion serves to a unit on the champion's side of the split. */
function championVersion(c: ArenaClient): number | null {
  for (let i = 0; ; i++) {
    const answer = c.resolve("fraud", `u${i}`);
    if (answer.alias === "champion") return answer.version;
  }
}

beforeEach(async () => {
  server = await new FakeArenaServer().start();
  errors.length = 0;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.stop();
});

describe("freshness", () => {
  it("resolves from the snapshot the stream sends on connect", async () => {
    server.publish(revision(1, 47));
    const c = client();
    expect(await c.ready(5_000)).toBe(true);
    expect(championVersion(c)).toBe(47);
    await eventually(() => c.status().mode === "stream", 10_000, "stream mode");
    expect(c.status()).toMatchObject({ connected: true, revision: 1, source: "live" });
    const stream = server.requestsTo("/v1/sdk/stream")[0];
    expect(stream?.headers).toMatchObject({ authorization: `Bearer ${server.token}`, accept: "text/event-stream" });
  });

  it("sees an alias moved over the stream without polling", async () => {
    server.publish(revision(1, 47));
    const c = client();
    await eventually(() => c.status().mode === "stream" && c.status().revision === 1, 10_000, "stream");
    const polls = server.requestsTo("/v1/sdk/snapshot").length;
    server.publish(revision(2, 48));
    await eventually(() => championVersion(c) === 48, 10_000, "the moved alias");
    expect(server.requestsTo("/v1/sdk/snapshot").length).toBe(polls);
  });

  it("polls with If-None-Match while the stream endpoint fails, and returns to the stream", async () => {
    server.streamStatus = 500;
    server.publish(revision(1, 47));
    const c = client({ pollIntervalMs: 30 });
    await eventually(() => c.status().mode === "poll" && c.status().revision === 1, 10_000, "poll mode");
    await eventually(
      () => server.requestsTo("/v1/sdk/snapshot").some((r) => r.headers["if-none-match"] === '"rev-1"' && r.status === 304),
      10_000,
      "a 304",
    );
    server.publish(revision(2, 48));
    await eventually(() => championVersion(c) === 48, 10_000, "the polled move");
    expect(errors.some((e) => e.source === "stream")).toBe(true);
    server.streamStatus = 200;
    await eventually(() => c.status().mode === "stream", 10_000, "stream mode again");
  });

  it("polls only, when the stream is disabled", async () => {
    server.publish(revision(1, 47));
    const c = client({ stream: false, pollIntervalMs: 30 });
    await eventually(() => c.status().mode === "poll", 10_000, "poll mode");
    server.publish(revision(2, 48));
    await eventually(() => championVersion(c) === 48, 10_000, "the polled move");
    expect(server.requestsTo("/v1/sdk/stream")).toEqual([]);
  });

  it("keeps serving the last good snapshot while the server is down, then catches up", async () => {
    server.publish(revision(1, 47));
    const c = client({ pollIntervalMs: 30 });
    await eventually(() => c.status().mode === "stream", 10_000, "stream mode");
    await server.stop();
    await eventually(() => c.status().mode === "offline", 10_000, "offline mode");
    expect(championVersion(c)).toBe(47);
    expect(c.status()).toMatchObject({ connected: false, revision: 1, source: "live" });
    expect(c.status().lastError).not.toBeNull();
    server.publish(revision(2, 48));
    await server.start();
    await eventually(() => championVersion(c) === 48 && c.status().mode === "stream", 10_000, "recovery");
  });

  it("never goes backwards to an older revision", async () => {
    server.publish(revision(3, 47));
    const c = client();
    await eventually(() => c.status().revision === 3 && c.status().mode === "stream", 10_000, "revision 3");
    server.publish(revision(2, 12));
    server.publish(revision(4, 48));
    await eventually(() => c.status().revision === 4, 10_000, "revision 4");
    server.publish(revision(3, 13));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(championVersion(c)).toBe(48);
    expect(c.status().revision).toBe(4);
  });

  it("serves the bootstrap until the first live snapshot replaces it, whatever its revision", async () => {
    server.streamStatus = 500;
    const c = client({ bootstrap: revision(100, 40), pollIntervalMs: 30 });
    expect(await c.ready(0)).toBe(true);
    expect(championVersion(c)).toBe(40);
    expect(c.status().source).toBe("bootstrap");
    server.publish(revision(2, 47));
    await eventually(() => c.status().source === "live", 10_000, "live snapshot");
    expect(championVersion(c)).toBe(47);
    expect(server.requestsTo("/v1/sdk/snapshot")[0]?.headers["if-none-match"]).toBeUndefined();
  });

  it("answers ready(false) when nothing loads in time, and reports a malformed snapshot", async () => {
    server.streamStatus = 500;
    const c = client({ pollIntervalMs: 30 });
    expect(await c.ready(50)).toBe(false);
    server.publish({ revision: "x" } as never);
    await eventually(() => errors.some((e) => e.source === "snapshot"), 10_000, "a snapshot error");
    expect(c.resolve("fraud", "u").errorCode).toBe("NO_SNAPSHOT");
  });
});
