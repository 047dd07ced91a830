import { createClient, type ArenaClient } from "@arena/sdk";
import { ErrorCode, OpenFeature, ProviderEvents, type Client, type EventDetails } from "@openfeature/server-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../../../src/sdk/testing/eventually.js";
import { FakeArenaServer } from "../../../src/sdk/testing/fake-arena-server.js";
import { testSnapshot } from "../../../src/sdk/testing/test-snapshot.js";
import { ArenaProvider } from "./arena-provider.js";

let server: FakeArenaServer;
let arena: ArenaClient;
let client: Client;
let domain = 0;

const split = { slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.3 }] };
const snapshot = (revision: number, challenger = 48) =>
  testSnapshot(revision, { fraud: { aliases: { champion: 47, challenger }, traffic: split }, other: { aliases: { champion: 1 } } });

beforeEach(async () => {
  server = await new FakeArenaServer().start();
  server.publish(snapshot(1));
  arena = createClient({
    url: server.url,
    token: server.token,
    pollIntervalMs: 60_000,
    exposures: { flushIntervalMs: 60_000 },
    telemetry: { flushIntervalMs: 60_000 },
  });
  const name = `arena-test-${domain++}`;
  await OpenFeature.setProviderAndWait(name, new ArenaProvider({ client: arena }));
  client = OpenFeature.getClient(name);
});

afterEach(async () => {
  await OpenFeature.clearProviders();
  await arena.close();
  await server.stop();
});

describe("ArenaProvider through the real OpenFeature server SDK", () => {
  it("maps program → flag, unit → targetingKey, alias → variant, values by type, metadata", async () => {
    for (let i = 0; i < 200; i++) {
      const unit = `user-${i}`;
      const expected = arena.peek("fraud", unit);
      const details = await client.getStringDetails("fraud", "fallback", { targetingKey: unit });
      expect(details).toMatchObject({
        value: expected.artifactUri,
        variant: expected.alias,
        reason: "SPLIT",
        flagMetadata: { version: expected.version, artifactUri: expected.artifactUri, shadow: "" },
      });
      expect(details.errorCode).toBeUndefined();
      expect(await client.getNumberValue("fraud", 0, { targetingKey: unit })).toBe(expected.version);
      expect(await client.getObjectValue("fraud", {}, { targetingKey: unit })).toEqual(expected.config);
      expect(await client.getNumberValue("fraud:version", 0, { targetingKey: unit })).toBe(expected.version);
    }
    expect((await client.getStringDetails("other", "x", { targetingKey: "u" })).reason).toBe("STATIC");
  });

  it("maps errors to OpenFeature's codes and serves the caller's default", async () => {
    const cases: [string, unknown, ErrorCode][] = [
      ["nope", { targetingKey: "u" }, ErrorCode.FLAG_NOT_FOUND],
      ["Fraud!", { targetingKey: "u" }, ErrorCode.FLAG_NOT_FOUND],
      ["fraud", {}, ErrorCode.TARGETING_KEY_MISSING],
      ["fraud", { targetingKey: "" }, ErrorCode.INVALID_CONTEXT],
      ["fraud", { targetingKey: 12 }, ErrorCode.INVALID_CONTEXT],
    ];
    for (const [key, context, code] of cases) {
      const details = await client.getStringDetails(key, "fallback", context as { targetingKey: string });
      expect(details, `${key} ${JSON.stringify(context)}`).toMatchObject({ value: "fallback", reason: "ERROR", errorCode: code });
    }
    // A boolean of a version whose config is an object: a type mismatch, never a guess.
    expect(await client.getBooleanDetails("fraud", false, { targetingKey: "u" })).toMatchObject({
      value: false,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
  });

  it("keeps Arena's fallback visible: a plan it cannot evaluate serves the champion with reason DEFAULT", async () => {
    const broken = snapshot(2);
    broken.programs.fraud!.traffic.hashVersion = 99;
    server.publish(broken);
    await eventually(() => arena.status().revision === 2, 10_000, "revision 2");
    const details = await client.getStringDetails("fraud", "fallback", { targetingKey: "user-1" });
    expect(details).toMatchObject({
      value: "s3://models/fraud/v47",
      variant: "champion",
      reason: "DEFAULT",
      flagMetadata: { arenaErrorCode: "UNSUPPORTED_HASH_VERSION", version: 47 },
    });
    expect(details.errorCode).toBeUndefined();
  });

  it("reports PROVIDER_NOT_READY without a snapshot, then READY when one arrives", async () => {
    const empty = await new FakeArenaServer().start();
    const lonely = createClient({ url: empty.url, token: empty.token, pollIntervalMs: 50, exposures: false, telemetry: false });
    const provider = new ArenaProvider({ client: lonely, readyTimeoutMs: 100 });
    await expect(OpenFeature.setProviderAndWait("lonely", provider)).rejects.toThrow(/no Arena snapshot/);
    const c = OpenFeature.getClient("lonely");
    expect(await c.getStringDetails("fraud", "fallback", { targetingKey: "u" })).toMatchObject({
      value: "fallback",
      errorCode: ErrorCode.PROVIDER_NOT_READY,
    });
    const ready: EventDetails[] = [];
    c.addHandler(ProviderEvents.Ready, (e) => void ready.push(e!));
    empty.publish(snapshot(1));
    await eventually(() => ready.length > 0, 10_000, "PROVIDER_READY");
    expect(await c.getStringValue("fraud", "fallback", { targetingKey: "user-1" })).toMatch(/^s3:/);
    await lonely.close();
    await empty.stop();
  });

  it("emits PROVIDER_CONFIGURATION_CHANGED on every snapshot, naming the changed flags", async () => {
    const changes: EventDetails[] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (e) => void changes.push(e!));
    server.publish(snapshot(2, 49));
    await eventually(() => changes.length === 1, 10_000, "a change event");
    expect(changes[0]!.flagsChanged).toEqual(["fraud", "fraud:version", "fraud:config"]);
    server.publish(snapshot(3, 49));
    await eventually(() => changes.length === 2, 10_000, "a second change event");
    expect(changes[1]!.flagsChanged).toEqual([]);
  });

  it("records exactly one exposure per evaluation, and none for track()", async () => {
    for (let i = 0; i < 25; i++) await client.getStringValue("fraud", "x", { targetingKey: `user-${i}` });
    await client.getStringValue("nope", "x", { targetingKey: "user-1" });
    await client.getStringValue("fraud", "x", {});
    client.track("purchase", { targetingKey: "user-3" }, { program: "fraud", value: 12.5 });
    await arena.flush();
    const exposures = server.batches.flatMap((b) => b.exposures);
    expect(exposures).toHaveLength(25);
    expect(new Set(exposures.map((e) => e.unitId)).size).toBe(25);
  });

  it("turns track() into an Arena event of the version serving the unit", async () => {
    const errors: string[] = [];
    const name = `track-${domain++}`;
    const provider = new ArenaProvider({ client: arena, onTrackError: (m) => errors.push(m) });
    await OpenFeature.setProviderAndWait(name, provider);
    const c = OpenFeature.getClient(name);
    c.track("purchase", { targetingKey: "user-3" }, { program: "fraud", value: 12.5 });
    c.track("purchase", { targetingKey: "user-3" }, { value: 1 });
    c.track("purchase", {}, { program: "fraud" });
    await arena.flush();
    const events = server.telemetryBatches.flatMap((b) => b.events);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ program: "fraud", version: arena.peek("fraud", "user-3").version });
    expect(provider.droppedTrackEvents).toBe(2);
    expect(errors[0]).toMatch(/name the program/);
  });
});
