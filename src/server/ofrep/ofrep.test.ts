import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { moveChallenger, setUpFlagPrograms, unitIds } from "../../../e2e/support/openfeature-scenario.js";
import { CompiledSnapshot, resolveIn } from "../../sdk/compiled-snapshot.js";
import { startHarness, type Harness } from "../testing/harness.js";

let h: Harness;
const sdk = () => ({ token: h.tokens.sdk });
const evaluate = (key: string, body: unknown, token: string | null = h.tokens.sdk) =>
  h.call("POST", `/ofrep/v1/evaluate/flags/${key}`, { token, body });
const bulk = (body: unknown, headers: Record<string, string> = {}) =>
  h.call("POST", "/ofrep/v1/evaluate/flags", { ...sdk(), body, headers });

beforeEach(async () => {
  h = await startHarness();
  await setUpFlagPrograms((method, url, body) => h.call(method, url, { body }));
});
afterEach(() => h.close());

describe("OFREP single evaluation", () => {
  it("answers as the SDK does for every unit: variant = alias, value by the key's view, metadata", async () => {
    const compiled = new CompiledSnapshot((await h.hub.get()).snapshot);
    for (const unit of unitIds(300)) {
      const expected = resolveIn(compiled, "checkout", unit);
      const res = await evaluate("checkout", { context: { targetingKey: unit, plan: "pro" } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        key: "checkout",
        value: expected.artifactUri,
        reason: "SPLIT",
        variant: expected.alias,
        metadata: { version: expected.version, artifactUri: expected.artifactUri, shadow: "" },
      });
    }
    const version = await evaluate("checkout:version", { context: { targetingKey: "user-1" } });
    expect(version.body.value).toBe(resolveIn(compiled, "checkout", "user-1").version);
    const config = await evaluate("checkout:config", { context: { targetingKey: "user-1" } });
    expect(config.body.value).toEqual(resolveIn(compiled, "checkout", "user-1").config);
    const flag = await evaluate("dark-mode:config", { context: { targetingKey: "user-1" } });
    expect(typeof flag.body.value).toBe("boolean");
  });

  it("maps errors to the spec's statuses and codes", async () => {
    expect(await evaluate("nope", { context: { targetingKey: "u" } })).toMatchObject({
      status: 404,
      body: { key: "nope", errorCode: "FLAG_NOT_FOUND" },
    });
    expect(await evaluate("Not%20A%20Name", { context: { targetingKey: "u" } })).toMatchObject({
      status: 404,
      body: { errorCode: "FLAG_NOT_FOUND" },
    });
    expect(await evaluate("checkout:weight", { context: { targetingKey: "u" } })).toMatchObject({
      status: 404,
      body: { errorCode: "FLAG_NOT_FOUND" },
    });
    expect(await evaluate("checkout", { context: {} })).toMatchObject({
      status: 400,
      body: { key: "checkout", errorCode: "TARGETING_KEY_MISSING" },
    });
    expect(await evaluate("checkout", { context: { targetingKey: 42 } })).toMatchObject({
      status: 400,
      body: { errorCode: "INVALID_CONTEXT" },
    });
    expect(await evaluate("checkout", { context: { targetingKey: "x".repeat(501) } })).toMatchObject({
      status: 400,
      body: { errorCode: "INVALID_CONTEXT" },
    });
    expect(await evaluate("checkout", { context: "user-1" })).toMatchObject({ status: 400, body: { errorCode: "INVALID_CONTEXT" } });
    expect(await evaluate("checkout", [1])).toMatchObject({ status: 400, body: { key: "checkout", errorCode: "PARSE_ERROR" } });
    expect(await evaluate("checkout", "{not json")).toMatchObject({ status: 400, body: { key: "checkout", errorCode: "PARSE_ERROR" } });
    // A program without a champion serves nothing: GENERAL, never a made-up value.
    expect(await evaluate("bare", { context: { targetingKey: "u" } })).toMatchObject({
      status: 400,
      body: { key: "bare", errorCode: "GENERAL" },
    });
  });

  it("needs a token: 401 without one, with a forged one or another scheme", async () => {
    expect((await evaluate("checkout", { context: { targetingKey: "u" } }, null)).status).toBe(401);
    expect((await evaluate("checkout", { context: { targetingKey: "u" } }, "arena_forged")).status).toBe(401);
    const basic = await h.call("POST", "/ofrep/v1/evaluate/flags", {
      token: null,
      body: { context: { targetingKey: "u" } },
      headers: { authorization: "Basic abc" },
    });
    expect(basic.status).toBe(401);
  });

  it("answers the code default (no value) for a version without a config payload", async () => {
    await h.call("PUT", "/v1/programs/bare/aliases/champion", { body: { version: 1, reason: "serve" } });
    const res = await evaluate("bare:config", { context: { targetingKey: "u" } });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty("value");
    expect(res.body).toMatchObject({ key: "bare:config", reason: "DEFAULT", variant: "champion" });
  });
});

describe("OFREP bulk evaluation", () => {
  it("evaluates every program under every view with an ETag per revision and unit", async () => {
    const first = await bulk({ context: { targetingKey: "user-7" } });
    expect(first.status).toBe(200);
    const keys = first.body.flags.map((f: { key: string }) => f.key);
    expect(keys).toEqual([
      "bare",
      "bare:version",
      "bare:config",
      "checkout",
      "checkout:version",
      "checkout:config",
      "dark-mode",
      "dark-mode:version",
      "dark-mode:config",
    ]);
    expect(first.body.flags[0]).toMatchObject({ key: "bare", errorCode: "GENERAL" });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"ofrep-\d+-[0-9a-f]{16}"$/);

    expect((await bulk({ context: { targetingKey: "user-7" } }, { "if-none-match": etag })).status).toBe(304);
    expect((await bulk({ context: { targetingKey: "user-7" } }, { "if-none-match": `W/"x", ${etag}` })).status).toBe(304);
    // Another unit has other answers: the same ETag must not match.
    const other = await bulk({ context: { targetingKey: "user-8" } }, { "if-none-match": etag });
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(etag);

    await moveChallenger((method, url, body) => h.call(method, url, { body }), 3);
    h.hub.changed();
    let moved = await bulk({ context: { targetingKey: "user-7" } }, { "if-none-match": etag });
    for (let i = 0; moved.status === 304 && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 10));
      moved = await bulk({ context: { targetingKey: "user-7" } }, { "if-none-match": etag });
    }
    expect(moved.status).toBe(200);
    expect(moved.headers.etag).not.toBe(etag);
  });

  it("refuses a context without a usable targeting key, in the bulk failure shape", async () => {
    expect(await bulk({ context: {} })).toMatchObject({ status: 400, body: { errorCode: "TARGETING_KEY_MISSING" } });
    expect(await bulk({ context: { targetingKey: ["a"] } })).toMatchObject({ status: 400, body: { errorCode: "INVALID_CONTEXT" } });
    expect(await bulk({})).toMatchObject({ status: 400, body: { errorCode: "INVALID_CONTEXT" } });
    expect(await bulk("{")).toMatchObject({ status: 400, body: { errorCode: "PARSE_ERROR" } });
    const big = await bulk({ context: { targetingKey: "u", blob: "x".repeat(70_000) } });
    expect(big.status).toBe(413);
  });

  it("is listed in the OpenAPI document", async () => {
    const doc = (await h.call("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/ofrep/v1/evaluate/flags/{key}", "/ofrep/v1/evaluate/flags"]));
  });
});
