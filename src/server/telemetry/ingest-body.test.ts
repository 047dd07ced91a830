import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";

describe("POST /v1/telemetry body parsing", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.call("POST", "/v1/programs", { body: { name: "checkout" } });
  });
  afterEach(() => h.close());

  const post = (payload: string) => h.call("POST", "/v1/telemetry", { token: h.tokens.sdk, body: payload });

  it("reads UTF-8 bodies (non-ASCII segment values) and a byte-order mark", async () => {
    await h.call("PUT", "/v1/programs/checkout/segments", { body: { dimensions: [{ name: "city", values: ["zürich"] }] } });
    const event = { type: "request", program: "checkout", version: 1, success: true, at: Date.now(), segments: { city: "zürich" } };
    expect((await post(JSON.stringify({ batchId: "utf8-batch-01", events: [event] }))).body).toMatchObject({ accepted: 1 });
    expect((await post(`\ufeff${JSON.stringify({ batchId: "utf8-batch-02", events: [event] })}`)).body).toMatchObject({ accepted: 1 });
    const report = (await h.call("GET", "/v1/programs/checkout/telemetry?segment=city%3Dz%C3%BCrich")).body;
    expect(report.variants[0].version).toBe(1);
  });

  it("answers invalid JSON and an empty body with 400 invalid_json", async () => {
    for (const payload of ['{"batchId": "x", "events": [', ""]) {
      const res = await post(payload);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_json");
    }
  });

  it("keeps __proto__ and constructor keys inert", async () => {
    const payload =
      '{"batchId":"proto-batch-1","events":[{"type":"request","program":"checkout","version":1,"success":true,"at":1763800000000,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}]}';
    expect((await post(payload)).body).toMatchObject({ accepted: 1, rejected: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const top = await post('{"batchId":"proto-batch-2","events":[],"__proto__":{"polluted":true}}');
    expect(top.status).toBe(400);
  });
});
