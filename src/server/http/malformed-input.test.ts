import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";

describe("malformed input", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.call("POST", "/v1/programs", { body: { name: "fraud-detector" } });
    await h.call("POST", "/v1/programs/fraud-detector/candidates", { body: { artifactUri: "s3://m/1" } });
  });
  afterAll(() => h.close());

  const auditCount = async () => (await h.call("GET", "/v1/audit?limit=1000")).body.entries.length as number;

  it.each([
    ["POST", "/v1/programs", { name: "Bad Name!" }, "body.name"],
    ["POST", "/v1/programs", { name: "ok", owners: "alice" }, "body.owners"],
    ["POST", "/v1/programs", { name: "ok", extra: 1 }, "body"],
    ["POST", "/v1/programs/fraud-detector/candidates", { metrics: { f1: "high" }, artifactUri: "s3://x" }, "body.metrics.f1"],
    ["POST", "/v1/programs/fraud-detector/candidates", { metrics: { f1: 0.2 } }, "body.artifactUri"],
    ["POST", "/v1/programs/fraud-detector/candidates", { artifactUri: "s3://x", checks: [{ name: "scan" }] }, "body.checks.0.passed"],
    ["PUT", "/v1/programs/fraud-detector/aliases/champion", { version: -1, reason: "x" }, "body.version"],
    ["PUT", "/v1/programs/fraud-detector/aliases/champion", { version: 1 }, "body.reason"],
    ["PUT", "/v1/programs/fraud-detector/aliases/Champion", { version: 1, reason: "x" }, "params.alias"],
    [
      "PUT",
      "/v1/programs/fraud-detector/traffic",
      { arms: [{ alias: "challenger", slot: 0, weight: 2 }], reason: "x" },
      "body.arms.0.weight",
    ],
    [
      "PUT",
      "/v1/programs/fraud-detector/traffic",
      { slots: 2, arms: [{ alias: "challenger", slot: 0, weight: 0.7 }], reason: "x" },
      "body.arms.0.weight",
    ],
    ["GET", "/v1/programs/fraud-detector/aliases/champion?at=yesterday", undefined, "query.at"],
    ["GET", "/v1/programs/fraud-detector/candidates/abc", undefined, "params.version"],
    ["POST", "/v1/tokens", { name: "x", roles: ["superuser"] }, "body.roles.0"],
  ])("%s %s %j → 400 naming %s", async (method, url, body, field) => {
    const before = await auditCount();
    const res = await h.call(method, url, { body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(await auditCount()).toBe(before);
  });

  it("rejects invalid JSON, a missing body and a wrong content type with clear errors", async () => {
    const broken = await h.call("POST", "/v1/programs", { body: '{"name": "x",' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: "invalid_json" });
    const missing = await h.call("POST", "/v1/programs", {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^body/);
    const text = await h.call("POST", "/v1/programs", { body: "name=x", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
  });

  it("refuses an oversized body with 413", async () => {
    const res = await h.call("POST", "/v1/programs", { body: { name: "big", description: "x".repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("body_too_large");
  });

  it("answers any JSON body with 201 or a 4xx that names a body field, never a 5xx, and writes nothing on refusal", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const before = await auditCount();
        const res = await h.call("POST", "/v1/programs/fraud-detector/candidates", { body: JSON.stringify(value) });
        if (res.status === 201) return;
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.error.message).toMatch(/^body/);
        expect(await auditCount()).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});
