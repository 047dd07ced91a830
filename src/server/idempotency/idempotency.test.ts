import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";

describe("Idempotency-Key on creating POSTs", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.call("POST", "/v1/programs", { body: { name: "importer" } });
  });
  afterAll(() => h.close());

  const register = (key: string | undefined, artifactUri: string, token?: string) =>
    h.call("POST", "/v1/programs/importer/candidates", {
      body: { artifactUri },
      ...(key ? { headers: { "idempotency-key": key } } : {}),
      ...(token ? { token } : {}),
    });

  it("a retried registration answers the first version again instead of creating another", async () => {
    const first = await register("import-7", "s3://m/7");
    expect(first.status).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBe("false");
    const retry = await register("import-7", "s3://m/7");
    expect(retry.status).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    const list = (await h.call("GET", "/v1/programs/importer/candidates")).body.candidates;
    expect(list.filter((c: { artifactUri: string }) => c.artifactUri === "s3://m/7")).toHaveLength(1);
    // Without a key, each POST creates (as before).
    expect((await register(undefined, "s3://m/7")).body.version).toBe(first.body.version + 1);
  });

  it("the same key with another body is refused (422), and a key is the caller's own", async () => {
    await register("import-8", "s3://m/8");
    const other = await register("import-8", "s3://m/other");
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    // Another principal's identical key is a different key.
    const mine = await register("import-8", "s3://m/8", h.tokens.operator);
    expect(mine.status).toBe(201);
    expect(mine.headers["idempotent-replayed"]).toBe("false");
  });

  it("concurrent duplicates create once: the others wait for nothing and hear 409 or the replay", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => register("import-9", "s3://m/9")));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const a of answers) expect([201, 409]).toContain(a.status);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe("idempotency_in_progress");
    expect(new Set(created.map((a) => a.body.version)).size).toBe(1);
    const list = (await h.call("GET", "/v1/programs/importer/candidates")).body.candidates;
    expect(list.filter((c: { artifactUri: string }) => c.artifactUri === "s3://m/9")).toHaveLength(1);
  });

  it("a refused first attempt does not stick: the retry runs again", async () => {
    const bad = await h.call("POST", "/v1/programs", { body: { name: "importer" }, headers: { "idempotency-key": "create-importer" } });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe("already_exists");
    const fixed = await h.call("POST", "/v1/programs", { body: { name: "importer" }, headers: { "idempotency-key": "create-importer" } });
    expect(fixed.body.error.code).toBe("already_exists");
    expect(
      (await h.call("POST", "/v1/programs", { body: { name: "x" }, headers: { "idempotency-key": "bad key with spaces" } })).status,
    ).toBe(400);
  });
});
