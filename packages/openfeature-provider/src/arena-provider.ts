import {
  createClient,
  evaluateFlag,
  type ArenaClient,
  type ClientOptions,
  type FlagErrorCode,
  type FlagType,
  type Resolution,
  type Snapshot,
} from "@arena/sdk";
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from "@openfeature/server-sdk";
import { changedFlags } from "./changed-flags.js";
import { trackedEvent } from "./tracked-event.js";

export interface ArenaProviderOptions {
  /** The Arena client to evaluate with, e.g. one the app also records telemetry with. The provider never closes it. */
  client?: ArenaClient;
  /** Or the options of a client the provider creates (and closes in onClose). */
  clientOptions?: ClientOptions;
  /** How long initialize waits for the first snapshot, in ms. Default 5000. */
  readyTimeoutMs?: number;
  /** Program a track() call is attributed to when its details name none. */
  trackProgram?: string;
  /** Called when a track() call cannot be recorded (no program, no targeting key, no version). */
  onTrackError?: (message: string) => void;
}

const ERROR_CODES: Record<FlagErrorCode, ErrorCode> = {
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  PROVIDER_NOT_READY: ErrorCode.PROVIDER_NOT_READY,
  TARGETING_KEY_MISSING: ErrorCode.TARGETING_KEY_MISSING,
  INVALID_CONTEXT: ErrorCode.INVALID_CONTEXT,
  TYPE_MISMATCH: ErrorCode.TYPE_MISMATCH,
  GENERAL: ErrorCode.GENERAL,
};

/**
 * Arena behind the OpenFeature server API. Flag key = program (optionally ":version" or
 * ":config"), targetingKey = unit id, variant = the alias serving the unit, value by type
 * (string: artifact URI or "vN"; number: version; object and boolean: the version's config).
 * Evaluation is local (the Arena SDK's snapshot) and records one exposure per evaluation.
 *
 * Example: await OpenFeature.setProviderAndWait(new ArenaProvider({ clientOptions: { url, token } }));
 *          const model = await OpenFeature.getClient().getStringValue("fraud-detector", "s3://fallback", { targetingKey: userId });
 */
export class ArenaProvider implements Provider {
  readonly metadata = { name: "arena" } as const;
  readonly runsOn = "server";
  readonly events = new OpenFeatureEventEmitter();
  /** track() calls not recorded since start (see onTrackError). */
  droppedTrackEvents = 0;
  private readonly client: ArenaClient;
  private readonly ownsClient: boolean;
  private readonly resolveUnit: (program: string, unitId: string) => Resolution;
  private unsubscribe: (() => void) | null = null;
  private state: "idle" | "initializing" | "ready" | "failed" = "idle";

  constructor(private readonly options: ArenaProviderOptions) {
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.clientOptions !== undefined) {
      this.client = createClient(options.clientOptions);
      this.ownsClient = true;
    } else {
      throw new Error("ArenaProvider needs `client` (an Arena client) or `clientOptions` ({ url, token })");
    }
    const client = this.client;
    this.resolveUnit = (program, unitId) => client.resolve(program, unitId);
  }

  /** Waits for the first snapshot; from then on every new snapshot emits PROVIDER_CONFIGURATION_CHANGED. */
  async initialize(): Promise<void> {
    this.state = "initializing";
    this.unsubscribe ??= this.client.onSnapshot((next, previous) => this.snapshotChanged(next, previous));
    if (await this.client.ready(this.options.readyTimeoutMs ?? 5_000)) {
      this.state = "ready";
      return;
    }
    this.state = "failed";
    throw new Error(
      `no Arena snapshot within ${this.options.readyTimeoutMs ?? 5_000} ms${this.client.status().lastError ? `: ${this.client.status().lastError}` : ""}`,
    );
  }

  async onClose(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.state = "idle";
    if (this.ownsClient) await this.client.close();
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.evaluate(flagKey, defaultValue, context, "boolean");
  }

  async resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.evaluate(flagKey, defaultValue, context, "string");
  }

  async resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.evaluate(flagKey, defaultValue, context, "number");
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return this.evaluate(flagKey, defaultValue, context, "object");
  }

  /**
   * An OpenFeature tracking event becomes an Arena telemetry event of the version serving the
   * unit (looked up without a second exposure). details.program (or the trackProgram option)
   * names the program; details.value is the event's value (e.g. revenue).
   */
  track(trackingEventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    const event = trackedEvent(trackingEventName, context, details, this.options.trackProgram, (program, unitId) =>
      this.client.peek(program, unitId),
    );
    if ("problem" in event) {
      this.droppedTrackEvents++;
      this.options.onTrackError?.(event.problem);
      return;
    }
    this.client.record.event(event.program, event.observation);
  }

  private evaluate<T>(flagKey: string, defaultValue: T, context: EvaluationContext, type: FlagType): ResolutionDetails<T> {
    const evaluation = evaluateFlag(this.resolveUnit, flagKey, context.targetingKey, type);
    if (evaluation.errorCode !== undefined) {
      return {
        value: defaultValue,
        reason: evaluation.reason,
        errorCode: ERROR_CODES[evaluation.errorCode],
        errorMessage: evaluation.errorMessage,
        flagMetadata: evaluation.metadata,
      };
    }
    return {
      value: evaluation.value === undefined ? defaultValue : (evaluation.value as T),
      variant: evaluation.variant,
      reason: evaluation.reason,
      flagMetadata: evaluation.metadata,
    };
  }

  private snapshotChanged(next: Snapshot, previous: Snapshot | undefined): void {
    if (this.state === "failed") {
      // The first snapshot after a failed initialize: the OpenFeature SDK moves the provider to READY.
      this.state = "ready";
      this.events.emit(ProviderEvents.Ready, { message: `Arena snapshot revision ${next.revision} loaded` });
      return;
    }
    if (this.state !== "ready") return;
    this.events.emit(ProviderEvents.ConfigurationChanged, {
      message: `Arena snapshot revision ${previous?.revision ?? "none"} → ${next.revision}`,
      flagsChanged: changedFlags(next, previous),
      metadata: { revision: next.revision },
    });
  }
}
