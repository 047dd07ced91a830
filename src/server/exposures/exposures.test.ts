import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";

describe("exposure ingest", () => {
  let h: Harness;
  const now = new Date("2026-11-22T10:30:00Z");
  beforeEach(async () => {
    h = await startHarness({ now: () => now });
    await h.call("POST", "/v1/programs", { body: { name: "ranker" } });
  });
  afterEach(() => h.close());

  const event = (unit: string, alias = "champion", version: number | null = 1) => ({
    program: "ranker",
    unitId: unit,
    alias,
    version,
    at: "2026-11-22T10:29:10Z",
  });

  it("counts a batch once even when it is retried", async () => {
    const batch = { batchId: "batch-0001", exposures: [event("u1"), event("u2"), event("u3", "challenger", 2)] };
    const first = await h.call("POST", "/v1/exposures", { token: h.tokens.sdk, body: batch });
    expect(first.body).toEqual({ batchId: "batch-0001", duplicate: false, accepted: 3, rejected: [] });
    const retry = await h.call("POST", "/v1/exposures", { token: h.tokens.sdk, body: batch });
    expect(retry.body.duplicate).toBe(true);
    const totals = await h.call("GET", "/v1/programs/ranker/exposures?window=1h", { token: h.tokens.viewer });
    expect(totals.body.variants).toEqual([
      { alias: "challenger", version: 2, exposures: 1 },
      { alias: "champion", version: 1, exposures: 2 },
    ]);
  });

  it("keeps good events and names each bad one by index and field", async () => {
    const res = await h.call("POST", "/v1/exposures", {
      token: h.tokens.sdk,
      body: {
        batchId: "batch-0002",
        dropped: 4,
        exposures: [event("u1"), { ...event("u2"), at: "yesterday" }, { ...event("u3"), program: "nope" }, event("u4")],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { index: number; path: string }) => [r.index, r.path])).toEqual([
      [1, "exposures.1.at"],
      [2, "exposures.2.program"],
    ]);
    const totals = await h.call("GET", "/v1/programs/ranker/exposures?window=1h");
    expect(totals.body.variants).toEqual([{ alias: "champion", version: 1, exposures: 2 }]);
    expect(totals.body.droppedBySdks).toBe(4);
  });

  it("says there is no data rather than zero exposures of a variant it never saw", async () => {
    const totals = await h.call("GET", "/v1/programs/ranker/exposures?window=15m");
    expect(totals.body.variants).toEqual([]);
    expect((await h.call("GET", "/v1/programs/nope/exposures")).status).toBe(404);
    expect((await h.call("GET", "/v1/programs/ranker/exposures?window=forever")).body.error.message).toMatch(/^query\.window/);
  });
});
