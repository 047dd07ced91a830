import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import { evaluateFlag } from "./flag-evaluation.js";
import { parseFlagKey } from "./flag-views.js";
import { eventually } from "./testing/eventually.js";
import { FakeArenaServer } from "./testing/fake-arena-server.js";
import { testSnapshot } from "./testing/test-snapshot.js";
import type { ArenaClient } from "./types.js";

let server: FakeArenaServer;
let client: ArenaClient;

beforeEach(async () => {
  server = await new FakeArenaServer().start();
  server.publish(testSnapshot(1, { fraud: { aliases: { champion: 47 } } }));
  client = createClient({ url: server.url, token: server.token, pollIntervalMs: 60_000, exposures: { flushIntervalMs: 60_000 } });
  await client.ready(5_000);
});
afterEach(async () => {
  await client.close();
  await server.stop();
});

describe("onSnapshot", () => {
  it("calls back with every new snapshot and the one it replaces, even when no alias moved", async () => {
    const seen: [number, number | undefined][] = [];
    const stop = client.onSnapshot((next, previous) => void seen.push([next.revision, previous?.revision]));
    server.publish(testSnapshot(2, { fraud: { aliases: { champion: 48 } } }));
    await eventually(() => seen.length === 1);
    server.publish(testSnapshot(3, { fraud: { aliases: { champion: 48 } }, other: { aliases: { champion: 1 } } }));
    await eventually(() => seen.length === 2);
    stop();
    server.publish(testSnapshot(4, { fraud: { aliases: { champion: 49 } } }));
    await eventually(() => client.status().revision === 4);
    expect(seen).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });

  it("keeps serving when a callback throws, and reports it", async () => {
    client.onSnapshot(() => {
      throw new Error("boom");
    });
    server.publish(testSnapshot(2, { fraud: { aliases: { champion: 48 } } }));
    await eventually(() => client.status().revision === 2);
    expect(client.status().lastError).toMatch(/onSnapshot/);
    expect(client.resolve("fraud", "u").version).toBe(48);
  });
});

describe("peek", () => {
  it("answers as resolve does and records no exposure", async () => {
    for (let i = 0; i < 10; i++) expect(client.peek("fraud", `u${i}`)).toEqual(client.resolve("fraud", `u${i}`));
    await client.flush();
    expect(server.batches.flatMap((b) => b.exposures)).toHaveLength(10);
  });
});

describe("flag keys", () => {
  it("never take a key that no program could be named, and evaluate none without a unit", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (key) => {
        const parsed = parseFlagKey(key);
        if (parsed !== null) expect(/^[a-z][a-z0-9._-]{0,62}(:(version|config))?$/.test(key)).toBe(true);
        const calls: string[] = [];
        const answer = evaluateFlag((p) => (calls.push(p), client.peek(p, "u")), key, undefined, "string");
        expect(answer.errorCode).toBe(parsed === null ? "FLAG_NOT_FOUND" : "TARGETING_KEY_MISSING");
        expect(calls).toEqual([]);
      }),
    );
  });
});
