/**
 * `npm run bench -- decisions [--rollouts N] [--seed S] [--srm-rollouts M]`: the
 * validity grid. Every cell simulates rollouts under continuous monitoring —
 * `analyse` after every batch, the always-valid test the controller runs by
 * default (the design boundary, N* derived from the cell's canary plan as the
 * controller derives it; ADR 022), minSamples 30 per arm — until a verdict or 3 ×
 * the fixed-horizon sample size (≥ 150 looks).
 *
 * Cells: proportions at base rates {0.1 %, 1 %, 10 %} × challenger shares
 * {1 %, 5 %, 10 %, 50 %, a 5→25→50 % ramp}; means of normal (σ = 1) and
 * log-normal (σ ∈ {1, 1.5, 2}) units × the same shares; p95/p99 of log-normal
 * latencies from DDSketch sketches; a ratio metric (cost per request).
 * A/A rollouts have no effect (any pass or fail is false); A/B rollouts carry
 * the design effect: the one for which the fixed-horizon test has 80 % power at
 * its horizon (proportions: +30 % relative, the ramp sized like its 50 % stage).
 * The SRM check runs alone over 5,000 looks of A/A traffic (sequential, and the
 * fixed χ² repeated at every look as the baseline).
 *
 * value    = the worst A/A false-decision rate over the grid (target ≤ 0.05)
 * ratio    = the worst median (units to a correct decision ÷ fixed-horizon units)
 *            over cells where the fixed design reaches 80 % power within 3 n
 * baseline = the same engine's fixed-horizon test peeked at every look (50/50, 1 % cell)
 */
import { mulberry32, srmCheck, srmChiSquare, binomialDraw } from "../src/core/stats/index.js";
import { CONTINUOUS_FIXED_UNITS, meanCell, proportionCell, quantileCell, ratioCell, SHARES, type Cell } from "./support/decision-cells.js";
import { ALPHA, design, HORIZON_MULTIPLE, LOOKS_PER_FIXED_HORIZON, simulate, type SimSettings } from "./support/decision-sim.js";
import type { BenchResult } from "./result.js";

/**
 * `--boundary`, `--tuning` (a hand-set multiple; default: N* from the cell's plan, as the controller derives it),
 * `--min-samples`: what the grid runs (see decision-sim.ts).
 */
const settings: SimSettings = { minSamples: 30, boundary: "design", tuningFrom: "plan", tuningMultiple: 1 };

const round = (x: number, d = 4): number => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);
const se = (p: number, n: number): number => Math.sqrt((p * (1 - p)) / n);

function median(values: number[]): number {
  const v = [...values].sort((x, y) => x - y);
  if (v.length === 0) return NaN;
  const m = v.length / 2;
  return v.length % 2 === 1 ? (v[Math.floor(m)] ?? NaN) : ((v[m - 1] ?? NaN) + (v[m] ?? NaN)) / 2;
}

interface CellReport {
  cell: string;
  rollouts: { aa: number; ab: number };
  looks: number;
  fixedHorizonUnits: number;
  tuning: number;
  /** Information time at the fixed horizon: what N* should be; `tuning` ÷ this checks the plan derivation. */
  fixedInformation: number;
  designEffect: number;
  aaFalseDecision: number;
  aaFalseDecisionSe: number;
  aaFalsePass: number;
  aaFalseFail: number;
  power: number;
  wrongDirection: number;
  /** Median total units to a correct decision ÷ the analytic fixed-horizon units ("> 3" = undecided in most). */
  medianSamplesRatio: number | string;
  /** Measured power of the fixed-horizon test (same estimator, one look) at the analytic fixed horizon. */
  fixedPowerAtN: number;
  /** Units at which the measured fixed-horizon power first reaches 80 % (null: not within 3 n). */
  measuredFixedUnits: number | null;
  /** Median units to a correct decision ÷ measuredFixedUnits: the target ≤ 1.0. */
  medianVsMeasuredFixed: number | string | null;
}

function runCell(cell: Cell, rollouts: number, seed: number, designShareValue: number): CellReport {
  const r = mulberry32(seed);
  const d = design(cell, designShareValue, settings);
  const aaRollouts = rollouts;
  const abRollouts = Math.max(50, Math.floor(rollouts / 2));
  const aa = Array.from({ length: aaRollouts }, () => simulate(cell, d, r, 0, true, settings));
  const ab = Array.from({ length: abRollouts }, () => simulate(cell, d, r, cell.effect, true, settings, true));
  const falseRate = aa.filter((o) => o.decision).length / aaRollouts;
  const units = ab.map((o) => (o.decision?.verdict === cell.correct ? o.decision.units : Infinity));
  const m = median(units) / d.fixedUnits;
  // The fixed-horizon test's measured power curve (every 5th look): where it first reaches 80 %.
  const powerAt = d.fixedChecks.map((_, i) => ab.filter((o) => o.fixed?.[i] === cell.correct).length / abRollouts);
  // First check look where the power reaches 80 % and stays there at the next check (one noisy crossing is not enough).
  const reach = powerAt.findIndex((p, i) => p >= 0.8 && (powerAt[i + 1] ?? p) >= 0.8);
  const look = reach >= 0 ? d.fixedChecks[reach] : undefined;
  const measured = look !== undefined ? (d.alloc[look - 1]?.a ?? 0) + (d.alloc[look - 1]?.b ?? 0) : null;
  const atN = d.fixedChecks.findIndex((k) => k >= d.fixedLook);
  const mm = measured ? median(units) / measured : null;
  return {
    cell: cell.name,
    rollouts: { aa: aaRollouts, ab: abRollouts },
    looks: d.looks,
    fixedHorizonUnits: d.fixedUnits,
    tuning: d.tuning,
    fixedInformation: d.fixedInformation,
    designEffect: round(cell.effect, 6),
    aaFalseDecision: round(falseRate),
    aaFalseDecisionSe: round(se(falseRate, aaRollouts)),
    aaFalsePass: round(aa.filter((o) => o.decision?.verdict === "pass").length / aaRollouts),
    aaFalseFail: round(aa.filter((o) => o.decision?.verdict === "fail").length / aaRollouts),
    power: round(ab.filter((o) => o.decision?.verdict === cell.correct).length / abRollouts),
    wrongDirection: round(ab.filter((o) => o.decision && o.decision.verdict !== cell.correct).length / abRollouts),
    medianSamplesRatio: Number.isFinite(m) ? round(m, 3) : `> ${HORIZON_MULTIPLE} (undecided)`,
    fixedPowerAtN: round(powerAt[atN] ?? NaN, 3),
    measuredFixedUnits: measured,
    medianVsMeasuredFixed: mm === null ? null : Number.isFinite(mm) ? round(mm, 3) : "undecided",
  };
}

/** SRM alone: A/A exposures, `looks` batches of `batch` units, sequential vs the χ² repeated at every look. */
function srmRun(rollouts: number, looks: number, batch: number, share: number, seed: number): Record<string, number> {
  const r = mulberry32(seed);
  let sequentialAlarms = 0;
  let chiSquareAlarms = 0;
  for (let i = 0; i < rollouts; i++) {
    let b = 0;
    let n = 0;
    let seqAlarm = false;
    let chiAlarm = false;
    for (let k = 1; k <= looks && !(seqAlarm && chiAlarm); k++) {
      b += binomialDraw(r, batch, share);
      n += batch;
      const observed = [n - b, b];
      const weights = [1 - share, share];
      if (!seqAlarm) {
        const s = srmCheck(observed, weights);
        if (s.status === "ok" && s.mismatch) seqAlarm = true;
      }
      if (!chiAlarm) {
        const c = srmChiSquare(observed, weights);
        if (c.status === "ok" && c.mismatch) chiAlarm = true;
      }
    }
    if (seqAlarm) sequentialAlarms++;
    if (chiAlarm) chiSquareAlarms++;
  }
  const seq = sequentialAlarms / rollouts;
  return {
    rollouts,
    looks,
    batch,
    share,
    sequentialFalseAlarm: round(seq, 5),
    sequentialFalseAlarmSe: round(se(seq, rollouts), 5),
    chiSquareRepeatedFalseAlarm: round(chiSquareAlarms / rollouts, 5),
  };
}

/** Looks until the sequential SRM flags a real 50/50 → 51/49 routing bias (median over rollouts). */
function srmPower(rollouts: number, batch: number, seed: number): number {
  const r = mulberry32(seed);
  const looks: number[] = [];
  for (let i = 0; i < rollouts; i++) {
    let b = 0;
    let n = 0;
    let k = 0;
    for (k = 1; k <= 5000; k++) {
      b += binomialDraw(r, batch, 0.49);
      n += batch;
      const s = srmCheck([n - b, b], [0.5, 0.5]);
      if (s.status === "ok" && s.mismatch) break;
    }
    looks.push(k * batch);
  }
  return median(looks);
}

function argValue(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

export default async function run(args: string[]): Promise<BenchResult> {
  const rollouts = argValue(args, "--rollouts", 1000);
  const srmRollouts = argValue(args, "--srm-rollouts", 2000);
  const seed = argValue(args, "--seed", 20261201);
  settings.boundary = args.includes("--boundary") && args[args.indexOf("--boundary") + 1] === "mixture" ? "mixture" : "design";
  settings.minSamples = argValue(args, "--min-samples", settings.minSamples);
  settings.tuningMultiple = argValue(args, "--tuning", settings.boundary === "design" ? 1 : 0.5);
  // The controller derives N* from the plan under the design boundary (ADR 022); the mixture or --tuning is hand-set.
  settings.tuningFrom = settings.boundary === "design" && !args.includes("--tuning") ? "plan" : "multiple";
  const t0 = Date.now();
  const shareValue = (s: (typeof SHARES)[number]): number => (s === "ramp 5→25→50%" ? 0.5 : Number(s.replace("%", "")) / 100);
  const cells: Array<{ cell: Cell; share: number; rollouts: number }> = [];
  for (const base of [0.001, 0.01, 0.1])
    for (const s of SHARES) cells.push({ cell: proportionCell(base, s), share: shareValue(s), rollouts });
  // Log-normal units are drawn one by one: half the rollouts (SE ≤ 0.01 at a 0.05 rate), still ≥ 150 looks each.
  const perUnit = Math.max(50, Math.floor(rollouts / 2));
  for (const [dist, sigma] of [
    ["normal", 1],
    ["lognormal", 1],
    ["lognormal", 1.5],
    ["lognormal", 2],
  ] as const) {
    for (const s of SHARES)
      cells.push({ cell: meanCell(dist, sigma, s), share: shareValue(s), rollouts: dist === "normal" ? rollouts : perUnit });
  }
  // Sketch and ratio cells draw every unit: fewer rollouts, the shares that matter most.
  const heavy = Math.max(50, Math.floor(rollouts / 4));
  for (const q of [0.95, 0.99])
    for (const s of ["10%", "50%"] as const) cells.push({ cell: quantileCell(q, s), share: shareValue(s), rollouts: heavy });
  const ratioSeed = mulberry32(seed ^ 0x9e3779b9);
  for (const s of ["5%", "50%"] as const) cells.push({ cell: ratioCell(s, ratioSeed), share: shareValue(s), rollouts: heavy });

  const only = args.includes("--only") ? String(args[args.indexOf("--only") + 1]) : "";
  const grid = cells
    .filter(({ cell }) => cell.name.includes(only))
    .map(({ cell, share, rollouts: n }, i) => {
      const t = Date.now();
      const report = runCell(cell, n, seed + 17 * i, share);
      console.error(
        `${report.cell}: N* ${report.tuning} (fixed information ${report.fixedInformation}), A/A ${report.aaFalseDecision} ± ${report.aaFalseDecisionSe}, power ${report.power}, median ${report.medianSamplesRatio} (fixed power at n ${report.fixedPowerAtN}; vs measured fixed n ${report.medianVsMeasuredFixed}) (${((Date.now() - t) / 1000).toFixed(1)} s)`,
      );
      return report;
    });
  // Baseline: the fixed-horizon test peeked at every look, in the 50/50, 1 % cell.
  const baselineCell = proportionCell(0.01, "50%");
  const bd = design(baselineCell, 0.5, settings);
  const br = mulberry32(seed + 999);
  const peeked =
    Array.from({ length: rollouts }, () => simulate(baselineCell, bd, br, 0, false, settings)).filter((o) => o.decision).length / rollouts;

  const srm = [srmRun(srmRollouts, 5000, 100, 0.5, seed + 5000), srmRun(Math.floor(srmRollouts / 2), 5000, 100, 0.05, seed + 6000)];
  const srmUnitsToDetect = srmPower(200, 100, seed + 7000);

  if (grid.length === 0) throw new Error(`no cell matches --only ${only}`);
  const worst = grid.reduce((w, c) => (c.aaFalseDecision > w.aaFalseDecision ? c : w));
  // The cells: the fixed design (measured) reaches 80 % power within 3 n.
  const eligible = grid.filter((c) => c.measuredFixedUnits !== null);
  const ratios = eligible.map((c) => (typeof c.medianSamplesRatio === "number" ? c.medianSamplesRatio : Infinity));
  const worstRatio = Math.max(...ratios);
  const measuredRatios = eligible.map((c) => (typeof c.medianVsMeasuredFixed === "number" ? c.medianVsMeasuredFixed : Infinity));
  return {
    bench: "decisions",
    value: worst.aaFalseDecision,
    unit: `worst A/A false-decision rate over ${grid.length} cells, continuous monitoring (target ≤ 0.05); worst cell: ${worst.cell}`,
    baseline: {
      fixedHorizonPeekedEveryLook: round(peeked),
      srmSequentialFalseAlarm5000Looks: srm[0]?.sequentialFalseAlarm ?? NaN,
      srmChiSquareRepeatedFalseAlarm5000Looks: srm[0]?.chiSquareRepeatedFalseAlarm ?? NaN,
    },
    ratio: round(worstRatio, 3),
    ratioMeaning:
      "worst median (units to a correct decision ÷ the fixed-horizon n at the design effect) over the cells where the fixed-horizon test's measured power reaches 80 % within 3 n",
    cellsWithinTarget: {
      analyticFixedN: ratios.filter((x) => x <= 1).length,
      measuredFixedN: measuredRatios.filter((x) => x <= 1).length,
      eligible: eligible.length,
      cells: grid.length,
    },
    worstVsMeasuredFixedN: round(Math.max(...measuredRatios), 3),
    design: {
      alpha: ALPHA,
      looksPerFixedHorizon: LOOKS_PER_FIXED_HORIZON,
      horizon: `${HORIZON_MULTIPLE} × the fixed-horizon look (≥ 150 looks)`,
      boundary: settings.boundary,
      tuning:
        settings.tuningFrom === "plan"
          ? "N* = plannedInformationTime of the cell's canary plan (a step per share stage, the last requiring the fixed horizon's challenger units): the controller's default derivation"
          : `N* = ${settings.tuningMultiple} × the information time 4 n_a n_b/(n_a + n_b) at the fixed horizon (gates.sequentialTuning)`,
      minSamplesPerArm: settings.minSamples,
      rolloutsPerCell: { aa: rollouts, ab: "half the A/A count", lognormalCellsAa: perUnit, sketchAndRatioCellsAa: heavy },
      continuousFixedHorizonUnits: CONTINUOUS_FIXED_UNITS,
    },
    grid,
    srm: { runs: srm, unitsToDetect51to49Median: srmUnitsToDetect },
    simulationSeconds: round((Date.now() - t0) / 1000, 1),
  };
}
