/**
 * The wire rules of telemetry and exposures, written once: the server's ingest
 * (src/server/telemetry, src/contracts/{telemetry,exposures}.ts) enforces them and
 * the SDK (src/sdk/telemetry-input.ts, sketch.ts, telemetry-windows.ts) checks them
 * in process so a bad observation is refused before it spoils an aggregate.
 *
 * Plain constants, types and predicates with no import at all: the SDK ships this
 * file as it is (scripts/check-boundaries.ts lets the SDK import src/core/wire only).
 */

/** Ids chosen by the application: unit ids, prediction ids, targeting keys. */
export const MAX_ID_LENGTH = 500;
/** Names chosen by the application: feature names, segment values, programs and aliases in exposures. */
export const MAX_NAME_LENGTH = 100;
/** Event names: lowercase letters, digits, `. _ -`, at most 63 characters. */
export const EVENT_NAME = /^[a-z][a-z0-9._-]{0,62}$/;
/** Relative accuracy of every quantile sketch: bins from an SDK are added to the server's key for key. */
export const SKETCH_ACCURACY = 0.01;
/** Keys one sketch store (positive or negative) may span. */
export const MAX_SKETCH_BINS = 4_096;
/** Distinct event names (and feature names) in one aggregate window. */
export const MAX_NAMES_PER_WINDOW = 100;
/** Distinct event names in one unit's totals. */
export const MAX_UNIT_EVENTS = 100;
/** Units in one aggregate event. */
export const MAX_AGGREGATE_UNITS = 10_000;
/** Events (or exposures) in one POST. */
export const MAX_BATCH_ITEMS = 100_000;
/** Batch ids: at least 8 characters (a UUID), reused on retry. */
export const BATCH_ID_LENGTH = { min: 8, max: 200 } as const;

/** Plain sketch data, as the server stores and merges it. */
export interface SketchBins {
  /** Key of counts[0]. */
  offset: number;
  counts: number[];
}
export interface SketchData {
  relativeAccuracy: number;
  zeroCount: number;
  positive: SketchBins;
  negative?: SketchBins;
}

/** Who got which version, as shipped to POST /v1/exposures. */
export interface ExposureWire {
  program: string;
  unitId: string;
  alias: string;
  version: number | null;
  /** ISO 8601 with a zone. */
  at: string;
}

/** Names that every object has (constructor, toString…) would read as data from any record: refused. */
export const isReservedName = (name: string): boolean => Object.prototype.hasOwnProperty.call(Object.prototype, name);

export const isId = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= MAX_ID_LENGTH;
export const isEventName = (v: unknown): v is string => typeof v === "string" && EVENT_NAME.test(v) && !isReservedName(v);
export const isFeatureName = (v: unknown): v is string =>
  typeof v === "string" && v.length > 0 && v.length <= MAX_NAME_LENGTH && !isReservedName(v);
export const isSegmentValue = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_NAME_LENGTH;
export const isVersion = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;
export const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The rule each predicate enforces, as the server's and the SDK's messages say it. */
export const RULES = {
  id: `a non-empty string of at most ${MAX_ID_LENGTH} characters`,
  eventName: "an event name (lowercase letters, digits, . _ -; not an Object property such as constructor)",
  featureName: `a feature name (1 to ${MAX_NAME_LENGTH} characters, not an Object property such as toString)`,
  segments: `a map of dimension names to string values of at most ${MAX_NAME_LENGTH} characters`,
  version: "a positive integer (the version that served)",
  bins: `at most ${MAX_SKETCH_BINS} bins`,
} as const;
