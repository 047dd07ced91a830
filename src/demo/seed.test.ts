import { describe, expect, it } from "vitest";
import { MemoryStore } from "../server/store/memory-store.js";
import { createServices } from "../server/services.js";
import { SCENARIOS } from "./scenarios.js";
import { seedDemo } from "./seed.js";

describe("the demo seeder", () => {
  it("replays every scenario on a restart, also where the policy requires approvals", async () => {
    const store = new MemoryStore();
    let now = Date.parse("2026-11-22T10:00:00Z");
    const services = createServices({ store, now: () => new Date(now), servingChanged: () => undefined });
    await seedDemo(services);
    now += 60_000;
    await seedDemo(services);
    for (const s of SCENARIOS) {
      const versions = (await services.candidates.list(s.program)).map((c) => c.version);
      // Second run: baseline and challenger are the two newest versions, and the baseline is champion.
      expect((await services.aliases.get(s.program, "champion")).version).toBe(Math.max(...versions) - 1);
    }
    expect((await services.changes.list({ status: "pending", limit: 10 })).length).toBe(0);
  });
});
