/**
 * The OpenAPI-driven fuzzer against the real server on SQLite: 1,000 generated requests over
 * every route (the bench `hostile` sends 20,000), none answered with a server error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzz, operations } from "./support/openapi-fuzz.js";
import { startHostileServer, type HostileServer } from "./support/hostile-server.js";

describe("OpenAPI-driven fuzzing", () => {
  let s: HostileServer;
  beforeAll(async () => {
    // Wrong tokens are part of the mix: throttling them is tested on its own.
    s = await startHostileServer({ authFailuresPerWindow: 1_000_000 });
    await s.call("POST", "/v1/programs", { body: { name: "fuzz" } });
    await s.call("POST", "/v1/programs/fuzz/candidates", { body: { artifactUri: "oci://fuzz:1" } });
    await s.call("PUT", "/v1/programs/fuzz/aliases/champion", { body: { version: 1, reason: "fuzz" } });
  });
  afterAll(async () => s?.close());

  it("answers 1,000 generated requests over every route without a server error", { timeout: 20_000 }, async () => {
    const doc = (await s.call("GET", "/openapi.json", { token: null })).body;
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(30);
    const outcome = await fuzz(s.url, s.tokens, ops, 1_000, { seed: 14 });
    expect(outcome.requests).toBe(1_000);
    expect(outcome.serverErrors.slice(0, 5)).toEqual([]);
    // The requests reached the handlers too, not only the validators.
    expect(Object.keys(outcome.byStatus).some((status) => Number(status) < 300)).toBe(true);
  });
});
