import type { Resolution } from "./types.js";

/**
 * How a served version reads as a feature-flag value (OpenFeature, OFREP). One rule, used by
 * the OpenFeature provider and the server's OFREP endpoints alike:
 *
 *   artifact  string: the version's artifact URI, or "v<version>" when it has none
 *   version   number: the version number
 *   config    the version's config payload as stored (object, boolean, string, number);
 *             no value when the version has none
 *
 * A flag key is a program name, optionally followed by ":version" or ":config". A bare key
 * takes the view of the type asked for (string → artifact, number → version, object and
 * boolean → config); where no type is asked for (OFREP), it is the artifact view.
 */
export type FlagView = "artifact" | "version" | "config";
export type FlagType = "string" | "number" | "boolean" | "object";

export interface FlagKey {
  program: string;
  /** null: the bare program name, viewed by the type asked for. */
  view: FlagView | null;
}

const SUFFIXES: Record<string, FlagView> = { version: "version", config: "config" };
/** The SDK's program-name rule (src/core/registry/rules.ts), restated so the SDK stays self-contained. */
const PROGRAM = /^[a-z][a-z0-9._-]{0,62}$/;

/** The program and view a flag key names, or null when no program could carry that name. */
export function parseFlagKey(key: string): FlagKey | null {
  if (typeof key !== "string") return null;
  const colon = key.indexOf(":");
  const program = colon === -1 ? key : key.slice(0, colon);
  if (!PROGRAM.test(program)) return null;
  if (colon === -1) return { program, view: null };
  const view = SUFFIXES[key.slice(colon + 1)];
  return view === undefined ? null : { program, view };
}

/** The view a type asks for when the key does not name one. */
export function viewForType(type: FlagType | null): FlagView {
  if (type === "number") return "version";
  if (type === "object" || type === "boolean") return "config";
  return "artifact";
}

/** The value of a served version under a view; undefined when it has none (no version, or no config). */
export function viewValue(served: Resolution, view: FlagView): unknown {
  if (served.version === null) return undefined;
  if (view === "version") return served.version;
  if (view === "artifact") return served.artifactUri ?? `v${served.version}`;
  return served.config === null || served.config === undefined ? undefined : served.config;
}

/** Flag metadata of an answer (OpenFeature allows only primitive values): shadow lists the aliases due a shadow call, comma-separated. */
export function flagMetadata(served: Resolution): Record<string, string | number> {
  const metadata: Record<string, string | number> = { shadow: served.shadow.map((s) => s.alias).join(",") };
  if (served.version !== null) metadata.version = served.version;
  if (served.artifactUri !== null) metadata.artifactUri = served.artifactUri;
  if (served.errorCode !== undefined) metadata.arenaErrorCode = served.errorCode;
  return metadata;
}

/** Whether a value has the OpenFeature type asked for (objects: JSON objects or arrays, never null). */
export function hasFlagType(value: unknown, type: FlagType): boolean {
  return type === "object" ? typeof value === "object" && value !== null : typeof value === type;
}
