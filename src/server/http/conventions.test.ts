import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
