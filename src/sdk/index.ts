/**
 * Arena SDK: resolves which version serves a unit, locally, from a snapshot
 * kept fresh over server-sent events. No runtime dependencies.
 */
export { createClient } from "./client.js";
export { createArtifactSwapper, type ArtifactSwapper } from "./artifact-swapper.js";
export { ArenaSdkError, type ErrorSource } from "./errors.js";
export type { Exposure } from "./exposure-buffer.js";
export type { ExposureBatch } from "./exposure-shipper.js";
export { SDK_NAME } from "./exposure-shipper.js";
export {
  evaluateFlag,
  evaluationOf,
  MAX_TARGETING_KEY_LENGTH,
  targetingKeyProblem,
  type FlagErrorCode,
  type FlagEvaluation,
  type FlagReason,
} from "./flag-evaluation.js";
export {
  flagMetadata,
  hasFlagType,
  parseFlagKey,
  viewForType,
  viewValue,
  type FlagKey,
  type FlagType,
  type FlagView,
} from "./flag-views.js";
export { QuantileSketch, SKETCH_ACCURACY, type SketchData } from "./sketch.js";
export type {
  AliasTarget,
  ArenaClient,
  ChangeCallback,
  ClientMode,
  ClientOptions,
  ClientStatus,
  EventObservation,
  ExposureOptions,
  FeatureObservation,
  LabelObservation,
  OnChangeOptions,
  PredictionObservation,
  ProgramSnapshot,
  RequestObservation,
  Resolution,
  ResolveErrorCode,
  ResolveReason,
  ShadowCall,
  Snapshot,
  SnapshotCallback,
  TelemetryOptions,
  TelemetryRecorder,
} from "./types.js";
