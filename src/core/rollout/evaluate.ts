/**
 * One evaluation of a rollout, in the core: a policy, a rollout and the
 * readings the shell gathered ({@link readsFor}) in; every verdict, the sample
 * ratio's arms, the burn rows, the health and the controller's next step out.
 * The controller, the dashboard's rollout page and overview, and `arena
 * backtest` all call this; none judges a rollout any other way.
 *
 *   read (shell: readsFor → metric sources) → evaluateRollout (here) → write (shell: applyTransition)
 */
import type { RolloutPolicy } from "../policy/document.js";
import { evaluateLiveGate } from "../policy/live-gate.js";
import type { LiveGateInput, LiveReadings } from "../policy/live-types.js";
import { promotionWindowOf } from "../policy/promotion-window.js";
import { ALL } from "../telemetry/segments.js";
import { probabilityBestOf } from "./bandit.js";
import { burnRowsOf, sloEvaluationsOf, withEvidence, worstBurn, type BurnRow } from "./evaluate/burn.js";
import { healthOf, type Health } from "./evaluate/health.js";
import { judgement, metricsOf, samplesOf } from "./evaluate/judgement.js";
import {
  asJudged,
  BURN_IN_AFTER,
  BURN_IN_BEFORE,
  BURN_IN_RECENT,
  burnVersions,
  judgedAt,
  RECENT,
  SEGMENT_KEY,
  SRM,
  type RolloutReadings,
} from "./evaluate/reads.js";
import { sequentialOf } from "./evaluate/sequential-settings.js";
import { srmArms, srmOf, type SrmArm } from "./evaluate/srm-arms.js";
import type { ChallengerObservation, Observation } from "./observation.js";
import { reconcile, type Transition } from "./reconcile.js";
import { activeChallengers, isTerminal, type Rollout } from "./types.js";

export type { BurnRow } from "./evaluate/burn.js";
export type { Health } from "./evaluate/health.js";
export type { SrmArm } from "./evaluate/srm-arms.js";
export {
  readsFor,
  type RolloutReadings,
  type RolloutState,
  type VersionWindow,
  type WindowRead,
  type WindowReadings,
} from "./evaluate/reads.js";

export interface RolloutEvaluation {
  /** When the rollout was judged: now, or when it ended (a finished rollout shows the evidence it ended on). */
  at: Date;
  observation: Observation;
  /** Expected share and exposures per served arm (empty: nothing served, the ratio is skipped). */
  srmArms: SrmArm[];
  /** Every SLO rule for every judged version: the evaluations behind the observation's burn severities. */
  burn: BurnRow[];
  health: { health: Health; reason: string };
  /** The controller's next step; null for a finished rollout. */
  next: Transition | null;
}

function gateSettings(
  policy: RolloutPolicy,
  r: Rollout,
): Pick<LiveGateInput, "metrics" | "weights" | "alpha" | "minSamples" | "sequential"> {
  return {
    metrics: policy.metrics,
    weights: {},
    alpha: policy.gates.alpha,
    minSamples: policy.gates.minSamples,
    sequential: sequentialOf(policy.gates, r),
  };
}

function burnInObservation(policy: RolloutPolicy, r: Rollout, readings: RolloutReadings, base: Observation): Observation {
  const promoted = r.promoted!;
  const before = readings.windows[BURN_IN_BEFORE];
  const after = readings.windows[BURN_IN_AFTER];
  const recentAfter = readings.windows[BURN_IN_RECENT];
  const evaluation = evaluateLiveGate(policy.gates.burnIn?.conditions ?? [], {
    ...gateSettings(policy, r),
    champion: r.champion,
    challengers: [promoted],
    readings: { [ALL]: { ...metricsOf(before), ...metricsOf(after) } },
    exposures: { [r.champion]: samplesOf(before, r.champion), [promoted]: samplesOf(after, promoted) },
    gate: "burn_in",
    ...(recentAfter
      ? { recent: { readings: { [ALL]: { ...metricsOf(before), ...metricsOf(recentAfter) } }, label: `last ${policy.gates.recentWindow}` } }
      : {}),
  });
  return {
    ...base,
    burnIn: judgement(evaluation.summaries[promoted], evaluation.byChallenger[promoted] ?? []),
    burnInBurn: worstBurn(policy, sloEvaluationsOf(policy, promoted, readings)),
  };
}

function liveObservation(
  policy: RolloutPolicy,
  r: Rollout,
  readings: RolloutReadings,
  arms: readonly SrmArm[],
  base: Observation,
): Observation {
  const active = activeChallengers(r).map((c) => c.version);
  const live: Record<string, LiveReadings[string]> = {};
  for (const [key, w] of Object.entries(readings.windows))
    if (key.startsWith(SEGMENT_KEY(""))) live[key.slice(SEGMENT_KEY("").length)] = metricsOf(w);
  const overall = readings.windows[SEGMENT_KEY(ALL)];
  const recent = readings.windows[RECENT];
  const sampleCounts: Record<number, number> = {};
  for (const v of [r.champion, ...active]) sampleCounts[v] = samplesOf(overall, v);
  // Minimum samples count everything since the start; the sample ratio only the current step (its shares).
  const evaluation = evaluateLiveGate(policy.gates.live, {
    ...gateSettings(policy, r),
    champion: r.champion,
    challengers: active,
    readings: live,
    exposures: sampleCounts,
    ...(recent ? { recent: { readings: { [ALL]: metricsOf(recent) }, label: `last ${policy.gates.recentWindow}` } } : {}),
  });
  const srm = srmOf(r.champion, arms);
  const probabilities = r.plan.mode === "bandit" && r.plan.primary ? probabilityBestOf(r, policy, metricsOf(overall)) : null;
  const direction = r.plan.primary ? policy.metrics[r.plan.primary]?.direction : undefined;
  const challengers: ChallengerObservation[] = active.map((v) => {
    const results = evaluation.byChallenger[v] ?? [];
    const primary = r.plan.primary
      ? results.find((x) => x.metric === r.plan.primary && (x.segment ?? ALL) === ALL && x.estimate !== undefined)
      : undefined;
    return {
      version: v,
      samples: sampleCounts[v] ?? 0,
      live: judgement(evaluation.summaries[v], results),
      burn: withEvidence(worstBurn(policy, sloEvaluationsOf(policy, v, readings)), policy, results, overall ?? {}, r.champion, v),
      primaryImprovement:
        primary?.estimate !== undefined && direction ? (direction === "higher" ? primary.estimate : -primary.estimate) : null,
      probabilityBest: probabilities?.get(v) ?? null,
    };
  });
  return {
    ...base,
    championSamples: sampleCounts[r.champion] ?? 0,
    srm: { valid: srm.valid, checked: srm.checked, summary: srm.reason },
    challengers,
  };
}

/**
 * Judges a rollout from its readings; pure. Finished rollouts are judged as they stood at `endedAt`.
 * @example evaluateRollout(policy, rollout, { now, championNow: 1, freeze, traffic, windows }).next?.decision
 */
export function evaluateRollout(policy: RolloutPolicy, rollout: Rollout, readings: RolloutReadings): RolloutEvaluation {
  const r = asJudged(rollout);
  const at = judgedAt(rollout, readings.now);
  const arms = isTerminal(rollout.status) || r.status === "burn_in" ? [] : srmArms(r, readings.traffic, readings.windows[SRM]);
  const base: Observation = {
    now: at,
    championSamples: 0,
    championNow: readings.championNow,
    srm: {
      valid: true,
      checked: false,
      summary:
        r.status === "burn_in" ? "SRM not checked: the promoted version serves every unit" : "SRM not checked: no challenger is served",
    },
    challengers: [],
    freeze: readings.freeze,
    promotionWindow: promotionWindowOf(policy.promotionWindows, at),
    burnIn: null,
    burnInBurn: null,
  };
  const observation =
    r.status === "burn_in" && r.promoted !== null
      ? burnInObservation(policy, r, readings, base)
      : liveObservation(policy, r, readings, arms, base);
  const burn = burnRowsOf(policy, new Map(burnVersions(r).map((v) => [v, sloEvaluationsOf(policy, v, readings)])));
  return {
    at,
    observation,
    srmArms: arms,
    burn,
    health: healthOf(rollout, observation),
    next: isTerminal(rollout.status) ? null : reconcile(rollout, observation),
  };
}
export { evaluateCandidate, policyUnits, type CandidateEvaluation, type CandidatePolicy } from "./evaluate/candidate.js";
