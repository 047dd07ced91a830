/**
 * Live gates (shadow, canary) and burn-in: every condition for every
 * challenger, with the sample-ratio check on top. The controller calls this
 * after every batch with cumulative readings, hence sequential tests by default.
 */
import { formatHours } from "./format.js";
import { conditionLabel } from "./label.js";
import { evaluatePoint, isPointCondition } from "./live-point.js";
import { ALL_SEGMENT, displayUnit, segmentKeysOf } from "./live-readings.js";
import { liveSrm } from "./live-srm.js";
import { isStatistical, runFamily, toMetricDefinition, type FamilyItem, type LiveSettings, type ResultBase } from "./live-statistical.js";
import type { LiveGateEvaluation, LiveGateInput, SrmStatus } from "./live-types.js";
import { summarize } from "./summary.js";
import { conditionKind } from "./kinds/index.js";
import type { ConditionResult, GateName, PolicyCondition } from "./types.js";

type Plan =
  | { type: "fixed"; base: ResultBase; reason: string }
  | { type: "analysed"; base: ResultBase; items: FamilyItem[] }
  | { type: "point"; base: ResultBase; condition: PolicyCondition };

function plan(c: PolicyCondition, index: number, gate: GateName, input: LiveGateInput, s: LiveSettings, segments: readonly string[]): Plan {
  const base: ResultBase = { id: `${gate}.${index}`, gate, label: conditionLabel(c), required: c.required ?? true, kind: conditionKind(c) };
  if (c.check !== undefined)
    return { type: "fixed", base: { ...base }, reason: "checks are offline results: they belong in the registry or pre-production gate" };
  if (c.metric === undefined) return { type: "fixed", base, reason: "the condition names no metric" };
  const withMetric: ResultBase = { ...base, metric: c.metric };
  const m = Object.hasOwn(input.metrics, c.metric) ? input.metrics[c.metric] : undefined;
  if (!m) return { type: "fixed", base: withMetric, reason: `metric ${c.metric} is not defined for this program` };
  const unit = displayUnit(m);
  const known: ResultBase = unit ? { ...withMetric, unit, label: conditionLabel(c, unit) } : withMetric;
  if (isStatistical(c, m)) {
    const keys = [ALL_SEGMENT, ...(c.everySegment ? segments : [])];
    const items: FamilyItem[] = [];
    for (const segment of keys) {
      const key = segment === ALL_SEGMENT ? base.id : `${base.id}@${segment}`;
      const definition = toMetricDefinition(key, c, m, s);
      if (typeof definition === "string") return { type: "fixed", base: known, reason: definition };
      items.push({ key, metricName: c.metric, segment, definition, base: known });
    }
    return { type: "analysed", base: known, items };
  }
  if (!isPointCondition(c)) return { type: "fixed", base: known, reason: "the condition sets no requirement" };
  return { type: "point", base: known, condition: c };
}

/** A guardrail bound or delta judged again over the recent window; informational while the window lacks data. */
function recentPoint(
  input: LiveGateInput,
  recent: NonNullable<LiveGateInput["recent"]>,
  c: PolicyCondition,
  base: ResultBase,
  version: number,
  minSamples: number,
): ConditionResult {
  const r = evaluatePoint(
    { ...input, readings: recent.readings },
    c,
    { ...base, id: `${base.id}.recent`, label: `${base.label} (${recent.label})` },
    ALL_SEGMENT,
    version,
    minSamples,
  );
  return r.verdict === "no_data" ? { ...r, required: false, reason: `${r.reason}; not enough in the ${recent.label} yet` } : r;
}

/** Under a sample ratio mismatch nothing passes and nothing fails: the data cannot be trusted either way. */
function invalidated(r: ConditionResult, srm: SrmStatus): ConditionResult {
  if (srm.valid || (r.verdict !== "pass" && r.verdict !== "fail")) return r;
  return { ...r, verdict: "inconclusive", reason: `analysis invalid (${srm.reason}); would be ${r.verdict}: ${r.reason}` };
}

function samplesResult(gate: GateName, input: LiveGateInput, version: number, minSamples: number): ConditionResult {
  const base = { id: `${gate}.samples`, gate, label: `≥ ${minSamples} units per arm`, required: true, threshold: minSamples };
  const mine = input.exposures[version];
  const champion = input.exposures[input.champion];
  if (typeof mine !== "number" || typeof champion !== "number") return { ...base, verdict: "no_data", reason: "exposures not reported" };
  const n = Math.min(mine, champion);
  const detail = `v${version} ${mine}, champion v${input.champion} ${champion}`;
  return {
    ...base,
    value: mine,
    championValue: champion,
    n,
    verdict: n >= minSamples ? "pass" : "no_data",
    reason: n >= minSamples ? detail : `${detail}: fewer than ${minSamples}`,
  };
}

function durationResult(gate: GateName, d: { elapsedMs: number; requiredMs: number }): ConditionResult {
  const hours = (ms: number): string => formatHours(ms / 3_600_000);
  const passed = d.elapsedMs >= d.requiredMs;
  return {
    id: `${gate}.duration`,
    gate,
    label: `at least ${hours(d.requiredMs)}`,
    required: true,
    value: d.elapsedMs,
    threshold: d.requiredMs,
    verdict: passed ? "pass" : "inconclusive",
    reason: `${hours(d.elapsedMs)} of ${hours(d.requiredMs)} elapsed`,
  };
}

/**
 * Evaluates live (or burn-in) conditions for every challenger against the champion.
 * Statistical conditions go through `analyse` with the correction across conditions × challengers;
 * each everySegment guardrail's segment checks form their own family.
 * @example evaluateLiveGate([{ metric: "latency_p95", max: 180 }], { champion: 47, challengers: [48], … })
 */
export function evaluateLiveGate(conditions: readonly PolicyCondition[], input: LiveGateInput): LiveGateEvaluation {
  const gate: GateName = input.gate ?? "live";
  const s: LiveSettings = { alpha: input.alpha ?? 0.05, minSamples: input.minSamples ?? 100, sequential: input.sequential ?? true };
  const srm = liveSrm(input);
  const segments = segmentKeysOf(input);
  const challengers = [...new Set(input.challengers)].filter((v) => v !== input.champion);
  const plans = conditions.map((c, i) => plan(c, i, gate, input, s, segments));

  const analysed = plans.flatMap((p) => (p.type === "analysed" ? [p] : []));
  const computed = runFamily(
    input,
    analysed.flatMap((p) => p.items.filter((i) => i.segment === ALL_SEGMENT)),
    s,
  );
  for (const p of analysed) {
    const segmentItems = p.items.filter((i) => i.segment !== ALL_SEGMENT);
    for (const [k, r] of runFamily(input, segmentItems, s)) computed.set(k, r);
  }

  const byChallenger: Record<number, ConditionResult[]> = {};
  const summaries: LiveGateEvaluation["summaries"] = {};
  for (const v of challengers) {
    const results: ConditionResult[] = [];
    plans.forEach((p, i) => {
      const c = conditions[i] ?? {};
      if (p.type === "fixed") results.push({ ...p.base, segment: ALL_SEGMENT, verdict: "no_data", reason: p.reason });
      else if (p.type === "analysed") {
        for (const item of p.items) {
          const r = computed.get(`${item.key}|${v}`);
          if (r) results.push(r);
        }
      } else {
        for (const segment of [ALL_SEGMENT, ...(c.everySegment ? segments : [])])
          results.push(evaluatePoint(input, c, p.base, segment, v, s.minSamples));
        if (input.recent && conditionKind(c) === "guardrail") results.push(recentPoint(input, input.recent, c, p.base, v, s.minSamples));
      }
    });
    // Counts of units and elapsed time stay true under a sample ratio mismatch; metric verdicts do not.
    const mine = results.map((r) => invalidated(r, srm));
    mine.push(samplesResult(gate, input, v, s.minSamples));
    if (input.duration) mine.push(durationResult(gate, input.duration));
    byChallenger[v] = mine;
    summaries[v] = summarize(mine, { srm });
  }
  return { srm, byChallenger, summaries };
}
