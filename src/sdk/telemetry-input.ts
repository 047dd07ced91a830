/**
 * Checks of what the application records, mirroring the server's rules, so a bad
 * observation is refused (and counted) in process instead of spoiling a whole
 * aggregate the server would then reject. Each check returns a problem or null.
 */
import type { Segments } from "./telemetry-windows.js";

export const EVENT_NAME = /^[a-z][a-z0-9._-]{0,62}$/;
const MAX_ID = 500;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Names that every object has (constructor, toString…) would read as data on the server: refused there, so here. */
const isReserved = (name: string): boolean => Object.prototype.hasOwnProperty.call(Object.prototype, name);

export function programProblem(program: unknown): string | null {
  return typeof program === "string" && program.length > 0 ? null : "program must be a non-empty string";
}

export function versionProblem(version: unknown): string | null {
  return typeof version === "number" && Number.isInteger(version) && version > 0 ? null : "version must be a positive integer (the version that served)";
}

export function idProblem(field: string, value: unknown, required: boolean): string | null {
  if (value === undefined && !required) return null;
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID ? null : `${field} must be a non-empty string of at most ${MAX_ID} characters`;
}

export function numberProblem(field: string, value: unknown, required: boolean, min?: number): string | null {
  if (value === undefined && !required) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return `${field} must be a finite number`;
  return min !== undefined && value < min ? `${field} must be ≥ ${min}` : null;
}

export function booleanProblem(field: string, value: unknown): string | null {
  return typeof value === "boolean" ? null : `${field} must be true or false`;
}

export function eventNameProblem(name: unknown): string | null {
  return typeof name === "string" && EVENT_NAME.test(name) && !isReserved(name) ? null : "name must be an event name (lowercase letters, digits, . _ -)";
}

export function featureNameProblem(feature: unknown): string | null {
  return typeof feature === "string" && feature.length > 0 && feature.length <= 100 && !isReserved(feature) ? null : "feature must be a name of 1 to 100 characters";
}

export function segmentsProblem(segments: unknown): string | null {
  if (segments === undefined) return null;
  if (!isObject(segments)) return "segments must map dimension names to strings";
  for (const v of Object.values(segments)) if (typeof v !== "string" || v.length > 100) return "segments values must be strings of at most 100 characters";
  return null;
}

export type { Segments };
