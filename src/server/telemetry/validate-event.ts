/**
 * Hand-written validation of one telemetry event: ingest checks hundreds of
 * thousands of events a second, so this avoids a schema library on the hot
 * path, yet names the field and the rule exactly like the API's other errors.
 *
 * A valid raw event is returned as the very object that was parsed (its `at`
 * normalised to epoch ms): no copy, no wrapper, nothing allocated per event.
 * Fields the event type does not know are ignored.
 */
import { EVENT_TYPES, type TelemetryEvent } from "./events.js";
import {
  isEventName,
  isFeatureName,
  isFiniteNumber,
  isId,
  isRecord,
  isSegmentValue,
  isVersion,
  RULES,
} from "../../core/wire/telemetry-rules.js";
import { aggregateUnits, aggregateWindow, checkAggregate } from "./validate-aggregate.js";

/** Why an event was refused: the field (relative to the event) and the rule. */
export class EventProblem {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}
type Result = TelemetryEvent | EventProblem;

const AGGREGATE_FIELDS = new Set(["type", "program", "version", "at", "segments", "window", "units"]);
const fail = (path: string, message: string): EventProblem => new EventProblem(path, message);

/** Accepts an ISO-8601 string with a zone or epoch milliseconds; returns ms or NaN. */
function timeOf(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? v : NaN;
  if (typeof v !== "string" || !/(Z|[+-]\d\d:?\d\d)$/.test(v)) return NaN;
  return Date.parse(v);
}

function segmentsOf(v: unknown): Record<string, string> | undefined | null {
  if (v === undefined) return undefined;
  if (!isRecord(v)) return null;
  for (const value of Object.values(v)) if (!isSegmentValue(value)) return null;
  return v as Record<string, string>;
}

/** `latestAt`: the latest event time accepted (now plus the clock-skew allowance), in ms. */
export function validateEvent(raw: unknown, knownPrograms: ReadonlySet<string>, latestAt = Infinity): Result {
  if (!isRecord(raw)) return fail("", "must be an object");
  const type = raw.type;
  if (typeof type !== "string" || !(EVENT_TYPES as readonly string[]).includes(type))
    return fail("type", `must be one of: ${EVENT_TYPES.join(", ")}`);
  const program = raw.program;
  if (typeof program !== "string") return fail("program", "must be a program name");
  if (!knownPrograms.has(program)) return fail("program", `program "${program}" does not exist`);
  const at = timeOf(raw.at);
  if (Number.isNaN(at)) return fail("at", "must be an ISO-8601 time with a zone (2026-11-22T10:00:00Z) or epoch milliseconds");
  if (at > latestAt)
    return fail("at", `is in the future by more than the clock-skew allowance (latest accepted: ${new Date(latestAt).toISOString()})`);
  if (type === "label") {
    if (!isId(raw.predictionId)) return fail("predictionId", `must be ${RULES.id}`);
    if (typeof raw.actual !== "boolean") return fail("actual", "must be true or false (the true label)");
    raw.at = at;
    return raw as unknown as TelemetryEvent;
  }
  if (!isVersion(raw.version)) return fail("version", `must be ${RULES.version}`);
  const segments = segmentsOf(raw.segments);
  if (segments === null) return fail("segments", `must be ${RULES.segments}`);
  const version = raw.version;
  if (type === "aggregate") {
    const checked = checkAggregate(() => ({ window: aggregateWindow(raw.window, "window"), units: aggregateUnits(raw.units, "units") }));
    if (!checked.ok) return fail(checked.problem.path, checked.problem.message);
    for (const k of Object.keys(raw))
      if (!AGGREGATE_FIELDS.has(k)) return fail(k, `is not a field of an aggregate (allowed: ${[...AGGREGATE_FIELDS].join(", ")})`);
    return { type, program, at, segments, version, window: checked.value.window, units: checked.value.units };
  }
  const unitId = raw.unitId;
  if (unitId !== undefined && !isId(unitId)) return fail("unitId", `must be ${RULES.id}`);
  switch (type) {
    case "exposure":
      if (!isId(unitId)) return fail("unitId", "is required for an exposure");
      break;
    case "request":
      if (typeof raw.success !== "boolean") return fail("success", "must be true or false");
      if (raw.latencyMs !== undefined && !(isFiniteNumber(raw.latencyMs) && raw.latencyMs >= 0))
        return fail("latencyMs", "must be a number ≥ 0");
      if (raw.cost !== undefined && !isFiniteNumber(raw.cost)) return fail("cost", "must be a finite number");
      break;
    case "event":
      if (!isEventName(raw.name)) return fail("name", `must be ${RULES.eventName}`);
      if (raw.value !== undefined && !isFiniteNumber(raw.value)) return fail("value", "must be a finite number");
      break;
    case "prediction":
      if (!isId(raw.predictionId)) return fail("predictionId", `must be ${RULES.id}`);
      if (typeof raw.predicted !== "boolean") return fail("predicted", "must be true or false (the predicted class)");
      break;
    default:
      if (!isFeatureName(raw.feature)) return fail("feature", `must be ${RULES.featureName}`);
      if (!isFiniteNumber(raw.value)) return fail("value", "must be a finite number");
  }
  raw.at = at;
  return raw as unknown as TelemetryEvent;
}
