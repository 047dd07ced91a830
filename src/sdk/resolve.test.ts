import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { assign } from "../core/assignment/assign.js";
import type { Snapshot } from "../core/assignment/snapshot.js";
import type { TrafficPlan } from "../core/assignment/traffic-plan.js";
import { createClient } from "./client.js";
import { CompiledSnapshot, resolveIn } from "./compiled-snapshot.js";
import { testSnapshot, testTarget } from "./testing/test-snapshot.js";
import type { ArenaClient, ClientOptions } from "./types.js";

const offline: typeof fetch = () => Promise.reject(new Error("offline"));
const clients: ArenaClient[] = [];

function offlineClient(options: Partial<ClientOptions> = {}): ArenaClient {
  const client = createClient({ url: "http://arena.invalid", token: "t", fetch: offline, stream: false, exposures: false, ...options });
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const fraud = testSnapshot(5, {
  fraud: {
    aliases: { champion: 47, challenger: 48, shadowed: 49 },
    traffic: {
      slots: 2,
      arms: [{ alias: "challenger", slot: 1, weight: 0.3 }],
      shadow: [{ alias: "shadowed", sample: 0.5 }],
      overrides: { alice: "challenger" },
    },
  },
  stable: { aliases: { champion: 3 } },
});

describe("resolve from a bootstrap", () => {
  it("answers the champion, a challenger or an override, with the target's details", () => {
    const client = offlineClient({ bootstrap: fraud });
    expect(client.resolve("stable", "anyone")).toEqual({
      program: "stable",
      alias: "champion",
      ...testTarget("stable", 3),
      shadow: [],
      reason: "default",
      errorCode: undefined,
    });
    expect(client.resolve("fraud", "alice")).toMatchObject({ alias: "challenger", version: 48, reason: "override" });
    const answers = Array.from({ length: 2000 }, (_, i) => client.resolve("fraud", `user-${i}`));
    const onChallenger = answers.filter((a) => a.alias === "challenger");
    expect(onChallenger.length).toBeGreaterThan(450);
    expect(onChallenger.length).toBeLessThan(750);
    expect(onChallenger.every((a) => a.version === 48 && a.reason === "split" && a.shadow.length === 0)).toBe(true);
    const shadowed = answers.filter((a) => a.shadow.length > 0);
    expect(shadowed.every((a) => a.alias === "champion" && a.shadow[0]?.version === 49)).toBe(true);
    expect(shadowed.length).toBeGreaterThan(500);
    expect(client.status()).toMatchObject({ source: "bootstrap", revision: 5 });
  });

  it("reads a bootstrap file", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "arena-sdk-")), "snapshot.json");
    writeFileSync(file, JSON.stringify(fraud));
    const client = offlineClient({ bootstrapFile: file });
    expect(await client.ready(100)).toBe(true);
    expect(client.resolve("stable", "u").version).toBe(3);
  });

  it("returns shared frozen answers: no allocation per call", () => {
    const client = offlineClient({ bootstrap: fraud });
    const first = client.resolve("stable", "a");
    expect(client.resolve("stable", "b")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe("resolve answers errors instead of throwing", () => {
  const error = (errorCode: string, version: number | null) => ({ alias: "champion", version, reason: "error", errorCode });

  it.each<[string, Snapshot | undefined, string, string, object]>([
    ["no snapshot yet", undefined, "fraud", "u", error("NO_SNAPSHOT", null)],
    ["unknown program", fraud, "nope", "u", error("PROGRAM_NOT_FOUND", null)],
    ["inherited key as program", fraud, "constructor", "u", error("PROGRAM_NOT_FOUND", null)],
    [
      "override to a missing alias",
      testSnapshot(1, { p: { aliases: { champion: 1 }, traffic: { overrides: { u: "ghost" } } } }),
      "p",
      "u",
      error("ALIAS_MISSING", 1),
    ],
    ["no champion at all", testSnapshot(1, { p: { aliases: { other: 2 } } }), "p", "u", error("ALIAS_MISSING", null)],
    ["invalid plan", testSnapshot(1, { p: { aliases: { champion: 1 }, traffic: { slots: 0 } } }), "p", "u", error("INVALID_PLAN", 1)],
    [
      "newer hash version",
      testSnapshot(1, { p: { aliases: { champion: 1 }, traffic: { hashVersion: 2 } } }),
      "p",
      "u",
      error("UNSUPPORTED_HASH_VERSION", 1),
    ],
  ])("%s", (_name, bootstrap, program, unitId, expected) => {
    const client = offlineClient(bootstrap === undefined ? {} : { bootstrap });
    expect(client.resolve(program, unitId)).toMatchObject(expected);
  });

  it("serves the champion with ALIAS_MISSING to units assigned to an unset challenger", () => {
    const snapshot = testSnapshot(1, {
      p: { aliases: { champion: 1 }, traffic: { slots: 1, arms: [{ alias: "challenger", slot: 0, weight: 1 }] } },
    });
    expect(offlineClient({ bootstrap: snapshot }).resolve("p", "u")).toMatchObject(error("ALIAS_MISSING", 1));
  });

  it("answers INVALID_UNIT_ID for a unit id that is not a string", () => {
    const client = offlineClient({ bootstrap: fraud });
    for (const bad of [null, undefined, 42, {}, Symbol("u")]) {
      expect(client.resolve("fraud", bad as unknown as string)).toMatchObject(error("INVALID_UNIT_ID", 47));
    }
  });

  it("never throws for any program and unit id", () => {
    const client = offlineClient({ bootstrap: fraud });
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("fraud", "stable", "__proto__")),
        fc.string({ unit: "binary" }),
        (program, unitId) => {
          const answer = client.resolve(program, unitId);
          expect(answer.program).toBe(program);
          expect(answer.version === null).toBe(answer.reason === "error");
        },
      ),
    );
  });

  it("never throws on a corrupted snapshot, and serves what is still sound", () => {
    const corrupt = fc
      .tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.anything())
      .map(([path, value]) => corruptAt(structuredClone(fraud), path, value));
    fc.assert(
      fc.property(corrupt, fc.string(), (snapshot, unitId) => {
        for (const program of ["fraud", "stable", "missing"]) {
          let compiled: CompiledSnapshot | null = null;
          try {
            compiled = new CompiledSnapshot(snapshot as Snapshot);
          } catch {
            // The client refuses such a snapshot (reported) and keeps the previous one.
          }
          const answer = resolveIn(compiled, program, unitId);
          expect(["override", "split", "default", "error"]).toContain(answer.reason);
        }
      }),
    );
  });

  it("never throws with an arbitrary bootstrap value", () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), (bootstrap, unitId) => {
        const client = createClient({
          url: "http://arena.invalid",
          token: "t",
          fetch: offline,
          stream: false,
          bootstrap: bootstrap as Snapshot,
        });
        expect(() => client.resolve("fraud", unitId)).not.toThrow();
        void client.close();
      }),
      { numRuns: 50 },
    );
  });
});

/** Replaces the value found by walking `path` (indices into each level's keys) with `value`. */
function corruptAt(root: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || typeof root !== "object" || root === null) return value;
  const record = root as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) return value;
  const key = keys[path[0]! % keys.length]!;
  record[key] = corruptAt(record[key], path.slice(1), value);
  return root;
}

describe("the SDK agrees with the core assignment", () => {
  const cases = JSON.parse(readFileSync(new URL("../../conformance/assignment-cases.json", import.meta.url), "utf8")) as {
    assignments: { name: string; plan: TrafficPlan; cases: { unitId: string; alias: string; shadow: string[]; reason: string }[] }[];
  };

  it.each(cases.assignments.map((a) => [a.name, a] as const))("on the conformance plan: %s", (_name, group) => {
    const aliases = new Set([
      "champion",
      ...group.plan.arms.map((a) => a.alias),
      ...group.plan.shadow.map((s) => s.alias),
      ...Object.values(group.plan.overrides),
    ]);
    const snapshot: Snapshot = {
      revision: 1,
      generatedAt: "2025-01-01T00:00:00.000Z",
      programs: {
        p: { name: "p", traffic: group.plan, aliases: Object.fromEntries([...aliases].map((alias, i) => [alias, testTarget("p", i + 1)])) },
      },
    };
    const compiled = new CompiledSnapshot(snapshot);
    for (const c of group.cases) {
      const answer = resolveIn(compiled, "p", c.unitId);
      expect({ unitId: c.unitId, alias: answer.alias, shadow: answer.shadow.map((s) => s.alias), reason: answer.reason }).toEqual({
        unitId: c.unitId,
        alias: c.alias,
        shadow: c.shadow,
        reason: c.reason,
      });
      const core = assign(group.plan, c.unitId);
      expect(answer.alias).toBe(core.alias);
    }
  });
});
