import { describe, expect, it } from "vitest";
import type { Repos, Store } from "../store/store.js";
import { GroupCommitter } from "./group-commit.js";

/** A store whose units of work only count themselves (and fail when asked). */
function countingStore(): Store & { units: number; failing: Set<string> } {
  const store = {
    units: 0,
    failing: new Set<string>(),
    async tx<T>(fn: (repos: Repos) => Promise<T>): Promise<T> {
      store.units++;
      return fn({} as Repos);
    },
  };
  return store as unknown as Store & { units: number; failing: Set<string> };
}

describe("group commit", () => {
  it("commits writes queued in the same turn in one unit of work, answering each", async () => {
    const store = countingStore();
    const committer = new GroupCommitter(store);
    const answers = await Promise.all(["a", "b", "c"].map((id) => committer.commit(async () => `${id} written`)));
    expect(answers).toEqual(["a written", "b written", "c written"]);
    expect(store.units).toBe(1);
    expect(await committer.commit(async () => "later")).toBe("later");
    expect(store.units).toBe(2);
  });

  it("retries each write of a failed group alone, so one bad write fails only itself", async () => {
    const store = countingStore();
    const committer = new GroupCommitter(store);
    const runs: string[] = [];
    const write = (id: string) => async () => {
      runs.push(id);
      if (id === "bad") throw new Error("constraint failed");
      return id;
    };
    const results = await Promise.allSettled([committer.commit(write("a")), committer.commit(write("bad")), committer.commit(write("c"))]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(runs).toEqual(["a", "bad", "a", "bad", "c"]);
    expect(store.units).toBe(4);
  });
});
