/** GET /v1/decisions: every program's decision records in one paged list (the dashboard's all-programs view). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";
import { setupProgram } from "./testing.js";

interface Row {
  id: number;
  program: string;
  action: string;
}

describe("all-programs decisions list", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date("2026-11-22T10:00:00Z") });
    for (const program of ["ranker", "fraud"]) {
      await setupProgram(h, program);
      const id = (await h.call("POST", `/v1/programs/${program}/rollouts`, { body: { challengers: [2] } })).body.rollout.id as string;
      expect((await h.call("POST", `/v1/rollouts/${id}/pause`)).status).toBe(200);
      expect((await h.call("POST", `/v1/rollouts/${id}/resume`)).status).toBe(200);
    }
  });
  afterEach(() => h.close());

  const perProgram = async (program: string) =>
    (await h.call("GET", `/v1/programs/${program}/decisions?limit=1000`)).body.decisions as Row[];

  it("pages through every program's records, oldest first, with limit and next", async () => {
    const everything = [...(await perProgram("ranker")), ...(await perProgram("fraud"))].sort((a, b) => a.id - b.id);
    expect(new Set(everything.map((d) => d.program))).toEqual(new Set(["ranker", "fraud"]));
    expect(everything.length).toBeGreaterThanOrEqual(6);
    const seen: Row[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null) {
      const res = await h.call("GET", `/v1/decisions?limit=2&after=${after}`, { token: h.tokens.viewer });
      expect(res.status).toBe(200);
      expect(res.body.decisions.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.decisions as Row[]));
      after = res.body.next as number | null;
      pages++;
    }
    expect(seen.map((d) => d.id)).toEqual(everything.map((d) => d.id));
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(everything.length / 2));
  });

  it("filters by program and rollout", async () => {
    const fraud = await perProgram("fraud");
    const res = await h.call("GET", "/v1/decisions?program=fraud&limit=1000");
    expect((res.body.decisions as Row[]).map((d) => d.id)).toEqual(fraud.map((d) => d.id));
    expect(res.body.next).toBeNull();
    const rolloutId = (await h.call("GET", "/v1/programs/ranker/rollouts")).body.rollouts[0].id as string;
    const one = (await h.call("GET", `/v1/decisions?rollout=${rolloutId}`)).body.decisions as Array<Row & { rolloutId: string }>;
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((d) => d.rolloutId === rolloutId && d.program === "ranker")).toBe(true);
  });

  it("refuses bad bounds naming the field, and callers without a token", async () => {
    for (const q of ["limit=0", "limit=1001", "after=-1", "limit=abc"]) {
      const res = await h.call("GET", `/v1/decisions?${q}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/query\.(limit|after)/);
    }
    expect((await h.call("GET", "/v1/decisions", { token: null })).status).toBe(401);
  });
});
