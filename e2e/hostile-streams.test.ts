/**
 * Hostile and careless SSE clients against the real server: a reader that never reads costs one
 * pending frame and is then disconnected, a reader that is behind gets only the newest snapshot,
 * streams are capped per principal, and revoking a token ends its open streams.
 */
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startHostileServer, waitFor, type HostileServer } from "./support/hostile-server.js";

/** A raw SSE client; `pause()` stops reading from the socket (the kernel buffers fill, then the server's). */
class RawStream {
  readonly socket: Socket;
  text = "";
  readonly ended: Promise<void>;
  constructor(port: number, token: string, path = "/v1/sdk/stream") {
    this.socket = connect(port, "127.0.0.1");
    this.socket.setEncoding("utf8");
    this.socket.on("data", (chunk: string) => (this.text += chunk));
    this.socket.on("error", () => undefined);
    this.ended = new Promise((done) => this.socket.once("close", () => done()));
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
  }
  get status(): number | null {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(this.text);
    return m ? Number(m[1]) : null;
  }
  /** Revisions of the snapshot events received so far. */
  revisions(): number[] {
    return [...this.text.matchAll(/event: snapshot\nid: (\d+)\n/g)].map((m) => Number(m[1]));
  }
}

/** A config payload of about `kb` KB (within the config bounds), different each time. */
const bigConfig = (kb: number, n: number) => ({ n, blob: "x".repeat(kb * 1024 - 40) });

/** Five programs whose champions hold 200 KB configs: a snapshot of about 1 MB. */
async function megabyteSnapshot(s: HostileServer): Promise<void> {
  for (let p = 0; p < 5; p++) {
    await s.call("POST", "/v1/programs", { body: { name: `bulk-${p}` } });
    const c = await s.call("POST", `/v1/programs/bulk-${p}/candidates`, { body: { config: bigConfig(200, -1 - p) } });
    await s.call("PUT", `/v1/programs/bulk-${p}/aliases/champion`, { body: { version: c.body.version, reason: "bulk" } });
  }
}

describe("hostile stream clients", () => {
  let s: HostileServer | null = null;
  const streams: RawStream[] = [];
  afterEach(async () => {
    for (const st of streams.splice(0)) st.socket.destroy();
    await s?.close();
    s = null;
  });

  /** Registers a new candidate with a large config and makes it champion: one new snapshot revision. */
  async function change(n: number) {
    const c = await s!.call("POST", "/v1/programs/big/candidates", { body: { config: bigConfig(200, n) } });
    expect(c.status).toBe(201);
    expect(
      (await s!.call("PUT", "/v1/programs/big/aliases/champion", { body: { version: c.body.version, reason: `change ${n}` } })).status,
    ).toBe(200);
    await waitFor(
      "the hub to serve the change",
      async () =>
        (await s!.hub.get()).snapshot.programs.big !== undefined && JSON.stringify((await s!.hub.get()).snapshot).includes(`"n":${n}`),
    );
  }

  it("disconnects a client that never reads once it has been behind for the allowed lag", { timeout: 20_000 }, async () => {
    s = await startHostileServer({ streamLagCloseMs: 1_000, streamTokenCheckMs: 200 });
    await megabyteSnapshot(s);
    await s.call("POST", "/v1/programs", { body: { name: "big" } });
    const lazy = new RawStream(s.port, s.tokens.sdk);
    streams.push(lazy);
    await waitFor("the stream to open", () => s!.streams.size === 1 && lazy.status === 200);
    lazy.socket.pause();
    for (let n = 1; n <= 25; n++) await change(n);
    await waitFor("the laggard to be disconnected", () => s!.streams.size === 0);
  });

  it("sends a reader that is behind only the newest snapshot once it reads again", { timeout: 20_000 }, async () => {
    s = await startHostileServer({ streamLagCloseMs: 60_000 });
    await megabyteSnapshot(s);
    await s.call("POST", "/v1/programs", { body: { name: "big" } });
    const slow = new RawStream(s.port, s.tokens.sdk);
    streams.push(slow);
    await waitFor("the first snapshot", () => slow.revisions().length === 1);
    slow.socket.pause();
    for (let n = 1; n <= 20; n++) await change(n);
    const newest = (await s.hub.get()).snapshot.revision;
    slow.socket.resume();
    await waitFor("the newest snapshot", () => slow.revisions().includes(newest));
    const got = slow.revisions();
    expect(got.at(-1)).toBe(newest);
    expect(got.length).toBeLessThan(20);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
  });

  it("caps open streams per principal with 429", async () => {
    s = await startHostileServer({ maxStreamsPerPrincipal: 3 });
    for (let i = 0; i < 3; i++) streams.push(new RawStream(s.port, s.tokens.sdk));
    await waitFor("three streams", () => s!.streams.size === 3);
    const fourth = new RawStream(s.port, s.tokens.sdk);
    streams.push(fourth);
    await waitFor("the fourth answered", () => fourth.status);
    expect(fourth.status).toBe(429);
    expect(fourth.text).toMatch(/too_many_streams/);
    const other = new RawStream(s.port, s.tokens.viewer, "/v1/events");
    streams.push(other);
    await waitFor("another principal's stream", () => other.status);
    expect(other.status).toBe(200);
  });

  it("ends every open stream of a revoked token (SDK and dashboard), and only those", { timeout: 20_000 }, async () => {
    s = await startHostileServer({ streamTokenCheckMs: 250 });
    const doomed = await s.token("leaked", ["sdk", "viewer"]);
    const sdk = new RawStream(s.port, doomed.token);
    const dash = new RawStream(s.port, doomed.token, "/v1/events");
    const bystander = new RawStream(s.port, s.tokens.sdk);
    streams.push(sdk, dash, bystander);
    await waitFor("three streams", () => s!.streams.size === 3);
    expect((await s.call("DELETE", `/v1/tokens/${doomed.id}`)).status).toBe(204);
    await Promise.all([sdk.ended, dash.ended]);
    await waitFor("the server to forget the two streams", () => s!.streams.size === 1);
    // After revocation no further snapshot reaches the closed stream, and the bystander still gets them.
    const before = sdk.revisions().length;
    await s.call("POST", "/v1/programs", { body: { name: "after-revoke" } });
    await waitFor("the bystander to see the change", () => bystander.revisions().length >= 2);
    expect(sdk.revisions().length).toBe(before);
  });
});
