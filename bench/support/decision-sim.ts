/**
 * One rollout of the decisions validity grid under continuous monitoring, and
 * each cell's design (batch per look, looks, fixed horizon, N*). Used by
 * bench/decisions.ts only.
 */
import { analyse, type MetricStats, type Random } from "../../src/core/stats/index.js";
import { plannedInformationTime, type DesignStep } from "../../src/core/stats/sequential-design.js";
import { Z_DESIGN, type Cell } from "./decision-cells.js";

export const ALPHA = 0.05;
export const LOOKS_PER_FIXED_HORIZON = 50;
export const HORIZON_MULTIPLE = 3;

export interface SimSettings {
  /** Units per arm before a look is analysed. */
  minSamples: number;
  /** `design`: the two-point test of the design effect, N* = the fixed design's information time; `mixture`: the normal mixture. */
  boundary: "design" | "mixture";
  /**
   * `plan` (the controller's default): N* = plannedInformationTime of the plan the cell implies — one step per
   * share stage, each requiring the challenger units it holds when the stage ends, the last one the fixed
   * horizon's. `multiple`: N* = tuningMultiple × the information time at the fixed horizon (hand-set).
   */
  tuningFrom: "plan" | "multiple";
  /** N* as a multiple of the information time at the fixed horizon (tuningFrom `multiple`). */
  tuningMultiple: number;
}

export interface Outcome {
  /** Total units at the first pass/fail, and which. */
  decision?: { units: number; verdict: "pass" | "fail" };
  /** Fixed-horizon verdict at each of the design's `fixedChecks` looks (when asked). */
  fixed?: Array<"pass" | "fail" | "none">;
}

/** Cumulative units per arm at look k, given the per-look batch and the share schedule. */
function allocation(cell: Cell, batch: number, looks: number): Array<{ a: number; b: number }> {
  const out: Array<{ a: number; b: number }> = [];
  let a = 0;
  let b = 0;
  for (let k = 1; k <= looks; k++) {
    const nb = Math.round(batch * cell.shareAt(k));
    b += nb;
    a += batch - nb;
    out.push({ a, b });
  }
  return out;
}

/** The look at which the fixed design reaches 80 % power (δ/se ≥ z₀.₉₇₅ + z₀.₈), or null within the horizon. */
function fixedLook(cell: Cell, alloc: ReadonlyArray<{ a: number; b: number }>): number | null {
  const i = alloc.findIndex(
    ({ a, b }) => a > 0 && b > 0 && Math.abs(cell.effect) / Math.sqrt(cell.unitVariance.a / a + cell.unitVariance.b / b) >= Z_DESIGN,
  );
  return i >= 0 ? i + 1 : null;
}

export interface Design {
  batch: number;
  looks: number;
  fixedLook: number;
  fixedUnits: number;
  tuning: number;
  /** Information time 4 n_a n_b/(n_a + n_b) at the fixed horizon (the hand-set N* at multiple 1). */
  fixedInformation: number;
  alloc: Array<{ a: number; b: number }>;
  /** Looks at which A/B rollouts also run the fixed-horizon test (every 5th look from ⅖ of the fixed horizon): its measured power curve. */
  fixedChecks: number[];
}

/** The canary plan a cell implies: a step per share stage up to the fixed look, each requiring the challenger's units at its end. */
export function planOf(cell: Cell, alloc: ReadonlyArray<{ a: number; b: number }>, fixed: number): DesignStep[] {
  const steps: DesignStep[] = [];
  for (let k = 1; k <= fixed; k++)
    if (k === fixed || cell.shareAt(k + 1) !== cell.shareAt(k)) steps.push({ share: cell.shareAt(k), minSamples: alloc[k - 1]?.b ?? 0 });
  return steps;
}

export function design(cell: Cell, designShareValue: number, s: SimSettings): Design {
  // Batch from the constant-share design at the cell's design share: its fixed horizon is look 50.
  const v = cell.unitVariance;
  const totalFixed = (Z_DESIGN * Z_DESIGN * (v.a / (1 - designShareValue) + v.b / designShareValue)) / (cell.effect * cell.effect);
  const batch = Math.max(2, Math.ceil(totalFixed / LOOKS_PER_FIXED_HORIZON));
  let alloc = allocation(cell, batch, 10 * LOOKS_PER_FIXED_HORIZON);
  const fixed = fixedLook(cell, alloc) ?? LOOKS_PER_FIXED_HORIZON;
  const looks = Math.max(150, HORIZON_MULTIPLE * fixed);
  alloc = allocation(cell, batch, looks);
  const at = alloc[fixed - 1] ?? { a: 0, b: 0 };
  const tuning =
    s.tuningFrom === "plan"
      ? Math.max(1, Math.round(plannedInformationTime(planOf(cell, alloc, fixed), s.minSamples)))
      : Math.max(1, Math.round((s.tuningMultiple * 4 * at.a * at.b) / (at.a + at.b)));
  const fixedChecks: number[] = [];
  for (let k = Math.max(5, Math.round((0.4 * fixed) / 5) * 5); k <= looks; k += 5) fixedChecks.push(k);
  const fixedInformation = Math.round((4 * at.a * at.b) / (at.a + at.b));
  return { batch, looks, fixedLook: fixed, fixedUnits: at.a + at.b, tuning, fixedInformation, alloc, fixedChecks };
}

/**
 * One rollout: `analyse` after every batch until the first pass/fail (or the horizon). With
 * `withFixed`, the rollout runs on to the horizon and also records the fixed-horizon test's verdict
 * at the design's check looks (one look each, as a fixed design would analyse).
 */
export function simulate(cell: Cell, d: Design, r: Random, shift: number, sequential: boolean, s: SimSettings, withFixed = false): Outcome {
  const champion = cell.arm(0);
  const challenger = cell.arm(shift);
  const base = { id: "m", ...cell.metric, alpha: ALPHA, minSamples: s.minSamples };
  const metric = { ...base, ...(sequential ? { sequential: { tuning: d.tuning, boundary: s.boundary } } : {}) };
  const verdictOf = (m: typeof base): "pass" | "fail" | "none" => {
    const stats = (arm: { stats(): MetricStats }): Record<string, MetricStats> => ({ m: arm.stats() });
    const [c] = analyse({
      champion: "A",
      correction: "none",
      metrics: [m],
      variants: [
        { id: "A", metrics: stats(champion) },
        { id: "B", metrics: stats(challenger) },
      ],
    }).comparisons;
    return c?.verdict === "pass" || c?.verdict === "fail" ? c.verdict : "none";
  };
  const out: Outcome = withFixed ? { fixed: [] } : {};
  let prev = { a: 0, b: 0 };
  for (let k = 1; k <= d.looks; k++) {
    if (out.decision && !withFixed) break;
    const now = d.alloc[k - 1] ?? prev;
    champion.add(r, now.a - prev.a);
    challenger.add(r, now.b - prev.b);
    prev = now;
    if (withFixed && d.fixedChecks.includes(k)) out.fixed?.push(verdictOf(base));
    if (out.decision || now.a < s.minSamples || now.b < s.minSamples) continue;
    const v = verdictOf(metric);
    if (v !== "none") out.decision = { units: now.a + now.b, verdict: v };
  }
  return out;
}
