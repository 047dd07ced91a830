/**
 * Checks of what the application records, with the server's own rules (one module,
 * src/core/wire/telemetry-rules.ts, serves both), so a bad observation is refused
 * (and counted) in process instead of spoiling a whole aggregate the server would
 * then reject. Each check returns a problem or null.
 */
import {
  isEventName,
  isFeatureName,
  isFiniteNumber,
  isId,
  isRecord,
  isSegmentValue,
  isVersion,
  RULES,
} from "../core/wire/telemetry-rules.js";
import type { Segments } from "./telemetry-windows.js";

export function programProblem(program: unknown): string | null {
  return typeof program === "string" && program.length > 0 ? null : "program must be a non-empty string";
}

export function versionProblem(version: unknown): string | null {
  return isVersion(version) ? null : `version must be ${RULES.version}`;
}

export function idProblem(field: string, value: unknown, required: boolean): string | null {
  if (value === undefined && !required) return null;
  return isId(value) ? null : `${field} must be ${RULES.id}`;
}

export function numberProblem(field: string, value: unknown, required: boolean, min?: number): string | null {
  if (value === undefined && !required) return null;
  if (!isFiniteNumber(value)) return `${field} must be a finite number`;
  return min !== undefined && value < min ? `${field} must be ≥ ${min}` : null;
}

export function booleanProblem(field: string, value: unknown): string | null {
  return typeof value === "boolean" ? null : `${field} must be true or false`;
}

export function eventNameProblem(name: unknown): string | null {
  return isEventName(name) ? null : `name must be ${RULES.eventName}`;
}

export function featureNameProblem(feature: unknown): string | null {
  return isFeatureName(feature) ? null : `feature must be ${RULES.featureName}`;
}

export function segmentsProblem(segments: unknown): string | null {
  if (segments === undefined) return null;
  if (!isRecord(segments) || !Object.values(segments).every(isSegmentValue)) return `segments must be ${RULES.segments}`;
  return null;
}

export type { Segments };
