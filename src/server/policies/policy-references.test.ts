import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";
import { setupProgram, testPolicy } from "../rollouts/testing.js";

describe("PUT /v1/programs/:program/policy refuses names the program does not have", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("a live metric typo and an offline metric no candidate carries: 400 with did-you-mean, nothing applied", async () => {
    await setupProgram(h, "shop");
    const before = (await h.call("GET", "/v1/programs/shop/policy")).body.revision;
    const typo = testPolicy("shop");
    (typo.gates as { live: Array<{ metric: string }> }).live[0]!.metric = "eror_rate";
    const res = await h.call("PUT", "/v1/programs/shop/policy", { body: typo });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: "body.gates.live.0.metric",
      message: expect.stringMatching(/^metric eror_rate is not defined \(did you mean error_rate\?\)/),
    });
    const offline = testPolicy("shop");
    (offline.gates as { preproduction: Array<{ metric: string }> }).preproduction[0]!.metric = "f2";
    const refused = await h.call("PUT", "/v1/programs/shop/policy", { body: offline });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toContainEqual({
      path: "body.gates.preproduction.0.metric",
      message: "no candidate of this program carries metric f2 (did you mean f1?)",
    });
    expect((await h.call("GET", "/v1/programs/shop/policy")).body.revision).toBe(before);
  });
});
