import type { AliasTarget, Snapshot } from "../../core/assignment/snapshot.js";
import { CURRENT_HASH_VERSION, type TrafficPlan } from "../../core/assignment/traffic-plan.js";

export interface TestProgram {
  /** Alias → version; artifact URI and config are derived from the version. */
  aliases: Record<string, number>;
  traffic?: Partial<TrafficPlan>;
}

/** The target a test snapshot gives an alias pointing at `version` of `program`. */
export function testTarget(program: string, version: number): AliasTarget {
  return { version, artifactUri: `s3://models/${program}/v${version}`, config: { threshold: version / 100 } };
}

/**
 * A snapshot for tests. Example:
 * testSnapshot(3, { fraud: { aliases: { champion: 47, challenger: 48 }, traffic: { slots: 2, arms: [{ alias: "challenger", slot: 1, weight: 0.1 }] } } })
 */
export function testSnapshot(revision: number, programs: Record<string, TestProgram>): Snapshot {
  return {
    revision,
    generatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, revision)).toISOString(),
    programs: Object.fromEntries(
      Object.entries(programs).map(([name, program]) => [
        name,
        {
          name,
          aliases: Object.fromEntries(Object.entries(program.aliases).map(([alias, version]) => [alias, testTarget(name, version)])),
          traffic: { hashVersion: CURRENT_HASH_VERSION, seed: name, slots: 1, arms: [], shadow: [], overrides: {}, ...program.traffic },
        },
      ]),
    ),
  };
}
