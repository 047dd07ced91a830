/** What the rollout page shows, loaded together so every part describes the same moment. */
import { isTerminal } from "../../../core/rollout/types.js";
import { ApiError, api, enc } from "../api/client.js";
import { takePrefetched } from "../api/prefetch.js";
import type { Analysis, ConditionResult, Decision, Program, Rollout, SeriesPoint, StoredPolicy } from "../api/types.js";

export interface RolloutData {
  rollout: Rollout;
  analysis: Analysis;
  decisions: Decision[];
  program: Program;
  policy: StoredPolicy | null;
  series: SeriesPoint[];
}

export const isEnded = (r: Rollout): boolean => isTerminal(r.status);

/** Window of the series: from the rollout's start (a little before) to now or its end, as the API's "90m" form. */
function seriesWindow(r: Rollout): string {
  const minutes = Math.ceil((Date.now() - Date.parse(r.startedAt)) / 60_000) + 2;
  return `${Math.min(Math.max(minutes, 5), 7 * 24 * 60)}m`;
}

export async function loadRollout(id: string, signal: AbortSignal): Promise<RolloutData> {
  const rollout = await (takePrefetched<Rollout>(`/v1/rollouts/${enc(id)}`) ?? api<Rollout>(`/v1/rollouts/${enc(id)}`, { signal }));
  const p = `/v1/programs/${enc(rollout.program)}`;
  const [analysis, decisions, program, policy, series] = await Promise.all([
    api<Analysis>(`/v1/rollouts/${enc(id)}/analysis`, { signal }),
    api<{ decisions: Decision[] }>(`${p}/decisions?rollout=${enc(id)}&limit=1000`, { signal }),
    api<Program>(p, { signal }),
    api<StoredPolicy>(`${p}/policy`, { signal }).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
    api<{ points: SeriesPoint[] }>(`${p}/telemetry/series?window=${seriesWindow(rollout)}`, { signal }),
  ]);
  return { rollout, analysis, decisions: decisions.decisions, program, policy, series: series.points };
}

export interface Comparison {
  version: number;
  results: ConditionResult[];
  /** Where the numbers come from: the live observation, or a decision record (ended rollouts). */
  source: string;
  summary: string;
  outcome: string | null;
}

/** The latest decision that recorded conditions for a version (the comparison as it was decided). */
function decided(d: RolloutData, version: number): Comparison | null {
  const last = [...d.decisions].reverse().find((x) => (x.conditions[`v${version}`]?.length ?? 0) > 0);
  if (!last) return null;
  return {
    version,
    results: last.conditions[`v${version}`]!,
    source: `as decided: ${last.action.replace(/_/g, " ")} at ${last.at.slice(11, 19)} UTC, decision #${last.id}`,
    summary: last.summary,
    outcome: null,
  };
}

/**
 * Per challenger: the live observation while it runs; during burn-in the watch of the promoted
 * version and the comparison it was promoted on; once ended, the evaluation it ended on (when the
 * server gives one: a challenger's comparison, or the burn-in watch) and, for versions it does
 * not cover, the comparison of the last decision.
 */
export function comparisons(d: RolloutData): Comparison[] {
  const obs = d.analysis.observation;
  const ended = isEnded(d.rollout);
  const out: Comparison[] = [];
  if (obs && d.rollout.status !== "burn_in") {
    out.push(
      ...obs.challengers.map((c) => ({
        version: c.version,
        results: c.live.results,
        source: evidenceLabel(d),
        summary: c.live.summary,
        outcome: c.live.outcome,
      })),
    );
    if (!ended) return out;
  }
  if (obs?.burnIn && d.rollout.promoted !== null) {
    out.push({
      version: d.rollout.promoted,
      results: obs.burnIn.results,
      source: ended ? `burn-in watch, ${evidenceLabel(d)}` : "burn-in watch, live",
      summary: obs.burnIn.summary,
      outcome: obs.burnIn.outcome,
    });
  }
  const covered = new Set(out.filter((c) => !c.source.startsWith("burn-in")).map((c) => c.version));
  for (const c of d.rollout.challengers) {
    const x = covered.has(c.version) ? null : decided(d, c.version);
    if (x) out.push(x);
  }
  return out;
}

/**
 * The sample-ratio check's state in one word: a mismatch fails; a check that could not run
 * (nothing served, too few exposures) is "skipped", never "pass". Servers that predate the
 * `checked` flag say so in the summary.
 */
export function srmVerdict(srm: { valid: boolean; summary: string; checked?: boolean }): "pass" | "fail" | "skipped" {
  if (!srm.valid) return "fail";
  const checked = srm.checked ?? !srm.summary.startsWith("SRM not checked");
  return checked ? "pass" : "skipped";
}

/** "live, as of 10:04:00 UTC" or, once ended, "as it ended, evaluated at 10:31:00 UTC" ("ended at …" without an evaluation). */
export function evidenceLabel(d: RolloutData): string {
  if (d.analysis.live) return `live, as of ${d.analysis.at.slice(11, 19)} UTC`;
  // Servers before `evidenceAt` keep no evaluation of an ended rollout: only say when it ended.
  if (d.analysis.evidenceAt) return `as it ended, evaluated at ${d.analysis.evidenceAt.slice(11, 19)} UTC`;
  return `ended${d.rollout.endedAt ? ` at ${d.rollout.endedAt.slice(11, 19)} UTC` : ""}`;
}
