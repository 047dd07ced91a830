import type { AliasTarget, Snapshot } from "../core/assignment/snapshot.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks the envelope of a snapshot received from the network or a file. Only
 * the envelope: a broken program is contained when it is compiled, so one bad
 * program never hides the others. Returns a reason when it is unusable.
 */
export function snapshotEnvelopeProblem(value: unknown): string | null {
  if (!isRecord(value)) return "not a JSON object";
  if (typeof value.revision !== "number" || !Number.isFinite(value.revision)) return "revision is not a number";
  if (!isRecord(value.programs)) return "programs is not an object";
  return null;
}

export function asSnapshot(value: unknown): Snapshot | null {
  return snapshotEnvelopeProblem(value) === null ? (value as Snapshot) : null;
}

/** A frozen copy of an alias target, or undefined when the entry is malformed. */
export function cleanTarget(value: unknown): AliasTarget | undefined {
  if (!isRecord(value)) return undefined;
  const { version, artifactUri, config } = value;
  if (typeof version !== "number" || !Number.isFinite(version)) return undefined;
  if (artifactUri !== null && artifactUri !== undefined && typeof artifactUri !== "string") return undefined;
  return Object.freeze({ version, artifactUri: artifactUri ?? null, config: config ?? null });
}

/** The well-formed alias targets of a program entry, by alias name. */
export function cleanTargets(program: unknown): Map<string, AliasTarget> {
  const targets = new Map<string, AliasTarget>();
  if (!isRecord(program) || !isRecord(program.aliases)) return targets;
  for (const [alias, raw] of Object.entries(program.aliases)) {
    const target = cleanTarget(raw);
    if (target !== undefined) targets.set(alias, target);
  }
  return targets;
}
