import type { UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import type { VariantWindow } from "../../core/telemetry/variant-window.js";

export interface WindowKey {
  program: string;
  version: number;
  segment: string;
  /** Bucket width in ms (minute, hour or day). */
  width: number;
  /** Bucket start, ms since the epoch. */
  start: number;
}
export interface WindowRow extends WindowKey {
  window: VariantWindow;
}

export interface UnitRow {
  program: string;
  version: number;
  segment: string;
  unitId: string;
  /** When the unit was first seen for this variant (ms); unit metrics select units by it. */
  firstSeen: number;
  totals: UnitTotals;
}

export interface PendingPrediction {
  program: string;
  predictionId: string;
  version: number;
  segments: string[];
  predicted: boolean;
  at: number;
}
export interface PendingLabel {
  program: string;
  predictionId: string;
  actual: boolean;
  at: number;
}

export interface TelemetryRepo {
  /** Adds each row to the stored window with the same key (creating it if absent). */
  addWindows(rows: readonly WindowRow[]): Promise<void>;
  /** Windows of a program whose bucket starts in [from, to), any width, optionally one segment only. */
  windows(program: string, from: number, to: number, segment?: string): Promise<WindowRow[]>;
  /** Oldest windows of a width that start before `before` (for rollup). */
  windowsBefore(width: number, before: number, limit: number): Promise<WindowRow[]>;
  deleteWindows(keys: readonly WindowKey[]): Promise<void>;

  addUnits(rows: readonly UnitRow[]): Promise<void>;
  /** Units of a program and segment first seen in [from, to). */
  units(program: string, segment: string, from: number, to: number): Promise<UnitRow[]>;
  deleteUnitsBefore(before: number): Promise<number>;

  /** Parks a prediction until its label comes; one per (program, predictionId, version): a shadow shares the champion's id. */
  putPrediction(p: PendingPrediction): Promise<void>;
  /** Removes and returns the parked predictions with this id, of every version. */
  takePredictions(program: string, predictionId: string): Promise<PendingPrediction[]>;
  /** Parks a label until it expires: a version's prediction with its id that comes later joins it too. */
  putLabel(l: PendingLabel): Promise<void>;
  /** The parked label of this id, left in place for the other versions' predictions. */
  getLabel(program: string, predictionId: string): Promise<PendingLabel | null>;
  /** Removes and returns predictions older than `before` that never got a label; drops such labels. */
  expirePending(before: number): Promise<PendingPrediction[]>;
}
