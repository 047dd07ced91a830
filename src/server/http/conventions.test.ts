import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPolicy } from "../rollouts/testing.js";
import { startHarness, type Harness } from "../testing/harness.js";

describe("HTTP conventions", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("a known path with another method is 405 with Allow, an unknown path 404", async () => {
    const patch = await h.call("PATCH", "/v1/programs");
    expect(patch.status).toBe(405);
    expect(patch.headers.allow).toBe("GET, HEAD, POST");
    expect(patch.body.error).toMatchObject({ code: "method_not_allowed", message: expect.stringContaining("allowed: GET, HEAD, POST") });
    const alias = await h.call("POST", "/v1/programs/p/aliases/champion");
    expect(alias.status).toBe(405);
    expect(String(alias.headers.allow).split(", ")).toEqual(expect.arrayContaining(["GET", "PUT", "DELETE"]));
    expect((await h.call("GET", "/v1/nothing-here")).status).toBe(404);
  });

  it("a 401 says how to authenticate (RFC 6750)", async () => {
    const none = await h.call("POST", "/v1/programs", { token: null, body: { name: "x" } });
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="arena"');
    const bad = await h.call("GET", "/v1/programs", { token: "arena_not-a-real-token" });
    expect(bad.status).toBe(401);
    expect(bad.headers["www-authenticate"]).toBe('Bearer realm="arena", error="invalid_token"');
  });

  it("a 201 names the created resource in Location, and that URL answers", async () => {
    const program = await h.call("POST", "/v1/programs", { body: { name: "located" } });
    expect(program.status).toBe(201);
    expect(program.headers.location).toBe("/v1/programs/located");
    expect((await h.call("GET", String(program.headers.location))).status).toBe(200);
    const candidate = await h.call("POST", "/v1/programs/located/candidates", { body: { artifactUri: "s3://m/1" } });
    expect(candidate.headers.location).toBe("/v1/programs/located/candidates/1");
    expect((await h.call("GET", String(candidate.headers.location))).body.version).toBe(1);
    const token = await h.call("POST", "/v1/tokens", { body: { name: "located-ci", roles: ["operator"] } });
    expect(token.headers.location).toBe(`/v1/tokens/${token.body.id}`);
  });
});

describe("optimistic concurrency with ETag and If-Match", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.call("POST", "/v1/programs", { body: { name: "cas" } });
    for (const uri of ["s3://m/1", "s3://m/2", "s3://m/3"])
      await h.call("POST", "/v1/programs/cas/candidates", { body: { artifactUri: uri } });
    await h.call("PUT", "/v1/programs/cas/aliases/champion", { body: { version: 1, reason: "first" } });
    await h.call("PUT", "/v1/programs/cas/aliases/challenger", { body: { version: 2, reason: "canary" } });
  });
  afterAll(() => h.close());

  it("aliases: If-Match is compare-and-set on the version the GET's ETag names", async () => {
    const read = await h.call("GET", "/v1/programs/cas/aliases/champion");
    expect(read.headers.etag).toBe('"v1"');
    const moved = await h.call("PUT", "/v1/programs/cas/aliases/champion", {
      body: { version: 2, reason: "promote" },
      headers: { "if-match": '"v1"' },
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.etag).toBe('"v2"');
    // A second writer still holding "v1" is refused, and nothing moves.
    const late = await h.call("PUT", "/v1/programs/cas/aliases/champion", {
      body: { version: 3, reason: "other" },
      headers: { "if-match": '"v1"' },
    });
    expect(late.status).toBe(412);
    expect(late.body.error.code).toBe("precondition_failed");
    expect((await h.call("GET", "/v1/programs/cas/aliases/champion")).body.version).toBe(2);
    expect(
      (await h.call("PUT", "/v1/programs/cas/aliases/champion", { body: { version: 3, reason: "x" }, headers: { "if-match": "v2" } }))
        .status,
    ).toBe(400);
  });

  it("traffic: two ramps from the same read, only the first lands", async () => {
    const read = await h.call("GET", "/v1/programs/cas/traffic");
    const tag = String(read.headers.etag);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{16}"$/);
    const ramp = (weight: number) =>
      h.call("PUT", "/v1/programs/cas/traffic", {
        body: { slots: 1, arms: [{ alias: "challenger", slot: 0, weight }], reason: "ramp" },
        headers: { "if-match": tag },
      });
    const first = await ramp(0.1);
    expect(first.status).toBe(200);
    expect(first.headers.etag).not.toBe(tag);
    const second = await ramp(0.5);
    expect(second.status).toBe(412);
    expect((await h.call("GET", "/v1/programs/cas/traffic")).body.arms[0].weight).toBe(0.1);
    expect((await h.call("GET", "/v1/programs/cas/traffic")).headers.etag).toBe(first.headers.etag);
  });

  it("programs: If-None-Match answers 304 while nothing changed", async () => {
    const read = await h.call("GET", "/v1/programs/cas");
    const again = await h.call("GET", "/v1/programs/cas", { headers: { "if-none-match": String(read.headers.etag) } });
    expect(again.status).toBe(304);
    await h.call("PUT", "/v1/programs/cas/aliases/champion", { body: { version: 3, reason: "move" } });
    expect((await h.call("GET", "/v1/programs/cas", { headers: { "if-none-match": String(read.headers.etag) } })).status).toBe(200);
  });

  it("policies: If-Match applies only over the revision the caller read", async () => {
    const none = await h.call("PUT", "/v1/programs/fresh/policy", { body: testPolicy("fresh"), headers: { "if-match": '"r1"' } });
    expect(none.status).toBe(412);
    expect((await h.call("GET", "/v1/programs/fresh")).status).toBe(404);
    const first = await h.call("PUT", "/v1/programs/cas/policy", { body: testPolicy("cas") });
    expect(first.headers.etag).toBe('"r1"');
    const tag = String((await h.call("GET", "/v1/programs/cas/policy")).headers.etag);
    expect(tag).toBe('"r1"');
    const edited = await h.call("PUT", "/v1/programs/cas/policy", {
      body: testPolicy("cas", { description: "edited" }),
      headers: { "if-match": tag },
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.etag).toBe('"r2"');
    const stale = await h.call("PUT", "/v1/programs/cas/policy", {
      body: testPolicy("cas", { description: "lost update" }),
      headers: { "if-match": tag },
    });
    expect(stale.status).toBe(412);
    expect((await h.call("GET", "/v1/programs/cas/policy")).body.revision).toBe(2);
  });
});
