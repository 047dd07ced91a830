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
  TelemetryOptions,
  TelemetryRecorder,
} from "./types.js";
