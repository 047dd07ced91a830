import { MAX_ID_LENGTH } from "../core/wire/telemetry-rules.js";
import { flagMetadata, hasFlagType, parseFlagKey, viewForType, viewValue, type FlagType, type FlagView } from "./flag-views.js";
import type { Resolution } from "./types.js";

/** OpenFeature's error codes, as the strings both the OpenFeature SDKs and OFREP use. */
export type FlagErrorCode =
  "FLAG_NOT_FOUND" | "PROVIDER_NOT_READY" | "TARGETING_KEY_MISSING" | "INVALID_CONTEXT" | "TYPE_MISMATCH" | "GENERAL";
/** OpenFeature's resolution reasons Arena answers with. */
export type FlagReason = "STATIC" | "SPLIT" | "TARGETING_MATCH" | "DEFAULT" | "ERROR";

/**
 * A flag evaluation in OpenFeature's terms. `value` undefined means "use the caller's default"
 * (always so with an errorCode; without one, the version has no value under the view asked for).
 */
export interface FlagEvaluation {
  value: unknown;
  variant: string | undefined;
  reason: FlagReason;
  errorCode: FlagErrorCode | undefined;
  errorMessage: string | undefined;
  metadata: Record<string, string | number>;
}

/** Longest unit id Arena records an exposure for (POST /v1/exposures); longer ones are refused up front. */
export const MAX_TARGETING_KEY_LENGTH = MAX_ID_LENGTH;
const NO_METADATA: Record<string, string | number> = Object.freeze({});
const REASONS: Record<Resolution["reason"], FlagReason> = {
  split: "SPLIT",
  override: "TARGETING_MATCH",
  default: "STATIC",
  error: "DEFAULT",
};

function failure(errorCode: FlagErrorCode, errorMessage: string, metadata = NO_METADATA): FlagEvaluation {
  return { value: undefined, variant: undefined, reason: "ERROR", errorCode, errorMessage, metadata };
}

/** The error of a targeting key Arena cannot assign, or null when it is a usable unit id. */
export function targetingKeyProblem(targetingKey: unknown): FlagEvaluation | null {
  if (targetingKey === undefined || targetingKey === null)
    return failure("TARGETING_KEY_MISSING", "the evaluation context needs a targetingKey: the unit id Arena assigns");
  if (typeof targetingKey !== "string" || targetingKey.length === 0 || targetingKey.length > MAX_TARGETING_KEY_LENGTH) {
    return failure("INVALID_CONTEXT", `targetingKey must be a string of 1 to ${MAX_TARGETING_KEY_LENGTH} characters`);
  }
  return null;
}

/** An Arena answer as a flag evaluation under a view (or the view of the type asked for). */
export function evaluationOf(served: Resolution, view: FlagView | null, type: FlagType | null): FlagEvaluation {
  switch (served.errorCode) {
    case "NO_SNAPSHOT":
      return failure("PROVIDER_NOT_READY", "no Arena snapshot loaded yet");
    case "PROGRAM_NOT_FOUND":
      return failure("FLAG_NOT_FOUND", `no program "${served.program}"`);
    case "INVALID_UNIT_ID":
      return failure("INVALID_CONTEXT", "targetingKey must be a string");
  }
  const metadata = flagMetadata(served);
  // Other errors still serve the champion (Arena's safe default) when it exists.
  if (served.version === null)
    return failure("GENERAL", `program "${served.program}" serves no version (${served.errorCode ?? "no champion"})`, metadata);
  const chosen = view ?? viewForType(type);
  const value = viewValue(served, chosen);
  const reason = REASONS[served.reason];
  if (value === undefined)
    return { value: undefined, variant: served.alias, reason: "DEFAULT", errorCode: undefined, errorMessage: undefined, metadata };
  if (type !== null && !hasFlagType(value, type)) {
    return failure(
      "TYPE_MISMATCH",
      `the ${chosen} of ${served.program} v${served.version} is ${Array.isArray(value) ? "an array" : typeof value}, not ${type}`,
      metadata,
    );
  }
  return { value, variant: served.alias, reason, errorCode: undefined, errorMessage: undefined, metadata };
}

/**
 * Evaluates a flag key for a targeting key: checks both, resolves once (through `resolve`,
 * which may record the exposure), and reads the value under the key's view.
 *
 * Example: evaluateFlag((p, u) => arena.resolve(p, u), "ranker:config", "user-42", "object")
 */
export function evaluateFlag(
  resolve: (program: string, unitId: string) => Resolution,
  key: string,
  targetingKey: unknown,
  type: FlagType | null,
): FlagEvaluation {
  const parsed = parseFlagKey(key);
  if (parsed === null)
    return failure("FLAG_NOT_FOUND", `"${key}" names no program (a program name, optionally followed by :version or :config)`);
  const problem = targetingKeyProblem(targetingKey);
  if (problem !== null) return problem;
  return evaluationOf(resolve(parsed.program, targetingKey as string), parsed.view, type);
}
