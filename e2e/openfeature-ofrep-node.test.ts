/**
 * The real @openfeature/ofrep-provider (OpenFeature's OFREP client for Node) inside the real
 * @openfeature/server-sdk, against a real Arena server's OFREP endpoints: 10,000 units agree
 * with `arena resolve --units` (the CLI itself), an alias move is seen by the next evaluation (this
 * provider asks the server on every evaluation; measured and printed), errors map as the
 * OFREP spec says.
 */
import { createClient, type ArenaClient } from "@arena/sdk";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { ErrorCode, OpenFeature, type Client } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/server/runtime/start.js";
import { arenaResolve, moveChallenger, startFlagServer, unitIds, type Call } from "./support/openfeature-scenario.js";

const UNITS = unitIds(10_000);
let server: RunningServer;
let admin: Call;
let adminToken: string;
let sdkToken: string;
let reference: ArenaClient;
let client: Client;

function ofrep(token: string): OFREPProvider {
  return new OFREPProvider({ baseUrl: server.url, headers: [["Authorization", `Bearer ${token}`]] });
}

beforeAll(async () => {
  ({ server, admin, adminToken, sdkToken } = await startFlagServer());
  reference = createClient({ url: server.url, token: sdkToken, exposures: false, telemetry: false });
  expect(await reference.ready(10_000)).toBe(true);
  await OpenFeature.setProviderAndWait("ofrep-node", ofrep(sdkToken));
  client = OpenFeature.getClient("ofrep-node");
});

afterAll(async () => {
  await OpenFeature.clearProviders();
  await reference?.close();
  await server?.close();
});

describe("@openfeature/ofrep-provider against Arena's OFREP endpoints", () => {
  it("agrees with arena resolve for 10,000 units", async () => {
    const cli = await arenaResolve(server.url, adminToken, "checkout", UNITS);
    const mismatches: string[] = [];
    // A few evaluations in flight at once, as a server would do.
    for (let start = 0; start < UNITS.length; start += 32) {
      await Promise.all(
        UNITS.slice(start, start + 32).map(async (unit) => {
          const expected = cli.get(unit)!;
          const details = await client.getStringDetails("checkout", "none", { targetingKey: unit });
          if (
            details.variant !== expected.alias ||
            details.value !== expected.artifactUri ||
            details.flagMetadata.version !== expected.version
          ) {
            mismatches.push(`${unit}: ${JSON.stringify(details)} vs ${expected.alias} v${expected.version}`);
          }
        }),
      );
    }
    expect(mismatches).toEqual([]);
    for (const unit of UNITS.slice(0, 200)) {
      expect(await client.getNumberValue("checkout:version", 0, { targetingKey: unit })).toBe(reference.peek("checkout", unit).version);
      expect(await client.getObjectValue("checkout:config", {}, { targetingKey: unit })).toEqual(reference.peek("checkout", unit).config);
      expect(await client.getBooleanValue("dark-mode:config", false, { targetingKey: unit })).toBe(
        reference.peek("dark-mode", unit).config,
      );
    }
  }, 600_000);

  it("sees an alias move on its next evaluation (it asks the server each time)", async () => {
    const onChallenger = UNITS.find((u) => reference.peek("checkout", u).alias === "challenger")!;
    const movedAt = performance.now();
    await moveChallenger(admin, 3);
    while ((await client.getStringValue("checkout", "none", { targetingKey: onChallenger })) !== "v3")
      await new Promise((r) => setTimeout(r, 2));
    console.log(`[openfeature] ofrep-provider (Node) saw the alias move after ${(performance.now() - movedAt).toFixed(1)} ms`);
    expect(await client.getNumberValue("checkout:version", 0, { targetingKey: onChallenger })).toBe(3);
  });

  it("maps errors as the OFREP spec says", async () => {
    expect(await client.getStringDetails("no-such-program", "d", { targetingKey: "u" })).toMatchObject({
      value: "d",
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    expect(await client.getStringDetails("checkout", "d", {})).toMatchObject({ value: "d", errorCode: ErrorCode.TARGETING_KEY_MISSING });
    expect(await client.getStringDetails("checkout", "d", { targetingKey: "x".repeat(501) })).toMatchObject({
      value: "d",
      errorCode: ErrorCode.INVALID_CONTEXT,
    });
    expect(await client.getNumberDetails("checkout", 0, { targetingKey: "u" })).toMatchObject({
      value: 0,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    expect(await client.getStringDetails("bare", "d", { targetingKey: "u" })).toMatchObject({ value: "d", errorCode: ErrorCode.GENERAL });
    await OpenFeature.setProviderAndWait("ofrep-forged", ofrep("arena_forged"));
    const forged = await OpenFeature.getClient("ofrep-forged").getStringDetails("checkout", "d", { targetingKey: "u" });
    expect(forged).toMatchObject({ value: "d", reason: "ERROR" });
    expect(forged.errorMessage ?? "").not.toContain("arena_forged");
  });
});
