import { targetingKeyProblem, type EventObservation, type Resolution } from "@arena/sdk";
import type { EvaluationContext, TrackingEventDetails } from "@openfeature/server-sdk";

export type TrackedEvent = { program: string; observation: EventObservation } | { problem: string };

/**
 * The Arena telemetry event an OpenFeature track() call stands for, attributed to the version
 * serving the unit now (`peek` resolves without recording an exposure).
 */
export function trackedEvent(
  name: string,
  context: EvaluationContext,
  details: TrackingEventDetails,
  defaultProgram: string | undefined,
  peek: (program: string, unitId: string) => Resolution,
): TrackedEvent {
  const program = typeof details.program === "string" ? details.program : defaultProgram;
  if (program === undefined)
    return { problem: `track("${name}"): name the program in the details ({ program: "…" }) or set the provider's trackProgram` };
  const keyProblem = targetingKeyProblem(context.targetingKey);
  if (keyProblem !== null) return { problem: `track("${name}"): ${keyProblem.errorMessage ?? "bad targetingKey"}` };
  const unitId = context.targetingKey as string;
  const served = peek(program, unitId);
  if (served.version === null)
    return { problem: `track("${name}"): ${program} serves no version to this unit (${served.errorCode ?? "unknown"})` };
  const observation: EventObservation = { version: served.version, unitId, name };
  if (details.value !== undefined) observation.value = details.value;
  return { program, observation };
}
