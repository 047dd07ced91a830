/**
 * Fast simulation of one burn-rate rule and its noise guard on the counts alone (no server, no
 * store): the real `judgeBurnRule` at every look, fed what the controller reads — windows of
 * 10-second telemetry buckets (a window also holds the bucket its start falls in, as the SLO reads
 * do) and the version's counts since its start. Used to choose the guard's levels (ADR 023):
 *
 *   npx tsx bench/support/burn-guard-sim.ts [streams = 2000] [seed = 1]
 *
 * Scenario 2 of PRODUCT.md: the challenger serves `perSecond` = 20 requests a second (10 % of 200)
 * against a 99.9 % SLO; a 6× burn (0.6 % errors) from the start, from 30 minutes in (a late
 * regression after healthy minutes), and A/A at 1× over 5 minutes and over 1 hour.
 */
import { pathToFileURL } from "node:url";
import { judgeBurnRule, type BurnGuard, type BurnWindow } from "../../src/core/policy/burn-rule.js";
import { binomialDraw, mulberry32 } from "../../src/core/stats/index.js";
import { quantile, round } from "./stats.js";

export interface BurnSimShape {
  perSecond: number;
  budget: number;
  burnRate: number;
  longS: number;
  shortS: number;
  bucketS: number;
  everyS: number;
}

export const SCENARIO_2: BurnSimShape = { perSecond: 20, budget: 0.001, burnRate: 6, longS: 60, shortS: 30, bucketS: 10, everyS: 5 };

/** A guard to simulate: `sequential` false turns the anytime-valid path off, `alpha` 0 the per-window path. */
export interface SimGuard {
  label: string;
  guard: BurnGuard;
  sequential: boolean;
}

/**
 * Seconds from `onsetS` to the first firing look (Infinity: none within `durationS`), for one stream
 * at 1× before the onset and `burn` × after it.
 */
export function firstFiring(shape: BurnSimShape, g: SimGuard, burn: number, onsetS: number, durationS: number, seed: number): number {
  const random = mulberry32(seed);
  // errorsUpTo[s]: errors in seconds [0, s); totals are perSecond · s.
  const errorsUpTo = new Float64Array(durationS + 1);
  for (let s = 0; s < durationS; s++) {
    const rate = (s >= onsetS ? burn : 1) * shape.budget;
    errorsUpTo[s + 1] = errorsUpTo[s]! + binomialDraw(random, shape.perSecond, rate);
  }
  const span = (from: number, to: number): BurnWindow => ({
    errors: errorsUpTo[to]! - errorsUpTo[from]!,
    total: (to - from) * shape.perSecond,
  });
  const windowAt = (t: number, lengthS: number): BurnWindow =>
    span(Math.max(0, Math.floor((t - lengthS) / shape.bucketS) * shape.bucketS), t);
  for (let t = shape.everyS; t <= durationS; t += shape.everyS) {
    const reading = judgeBurnRule(
      1 - shape.budget,
      shape.burnRate,
      windowAt(t, shape.longS),
      windowAt(t, shape.shortS),
      g.guard,
      g.sequential ? span(0, t) : null,
    );
    if (reading.verdict === "fired") return t - onsetS;
  }
  return Number.POSITIVE_INFINITY;
}

export interface BurnSimRow {
  guard: string;
  /** 6× from the start: share of streams fired within 60 s, median and p90 seconds (Infinity: never within 5 min). */
  within60s: number;
  medianS: number;
  p90S: number;
  /** 6× from minute 30 after healthy minutes: share within 60 s of the onset, median seconds after it. */
  lateWithin60s: number;
  lateMedianS: number;
  /** A/A at 1×: share of streams that ever fire within 5 minutes, within 1 hour. */
  falseAA5min: number;
  falseAA1h: number;
}

const share = (xs: readonly number[], ok: (x: number) => boolean) => round(xs.filter(ok).length / xs.length, 4);

/** One row of the table for one guard over `streams` seeded streams (A/A over 1 h on a quarter of them: it is the slow part). */
export function simulateGuard(shape: BurnSimShape, g: SimGuard, streams: number, seed: number): BurnSimRow {
  const seeds = Array.from({ length: streams }, (_, i) => seed * 1_000_003 + i);
  const bad = seeds.map((s) => firstFiring(shape, g, 6, 0, 300, s));
  const late = seeds.map((s) => firstFiring(shape, g, 6, 1800, 2100, s + 500_000));
  const aa5 = seeds.map((s) => firstFiring(shape, g, 1, 0, 300, s + 900_000));
  const aa1h = seeds.slice(0, Math.ceil(streams / 4)).map((s) => firstFiring(shape, g, 1, 0, 3600, s + 1_300_000));
  return {
    guard: g.label,
    within60s: share(bad, (x) => x <= 60),
    medianS: quantile(bad, 0.5),
    p90S: quantile(bad, 0.9),
    lateWithin60s: share(late, (x) => x <= 60),
    lateMedianS: quantile(late, 0.5),
    falseAA5min: share(aa5, Number.isFinite),
    falseAA1h: share(aa1h, Number.isFinite),
  };
}

/** The guards compared in ADR 023: today's per-window test, the anytime-valid path alone, and their union. */
export function candidateGuards(): SimGuard[] {
  const minEvents = 100;
  const perWindow = (alpha: number): SimGuard => ({
    label: `per-window α ${alpha}`,
    guard: { minEvents, alpha, sequentialAlpha: 1 },
    sequential: false,
  });
  const sequential = (a: number): SimGuard => ({
    label: `anytime-valid α ${a}`,
    guard: { minEvents, alpha: 0, sequentialAlpha: a },
    sequential: true,
  });
  const union = (a: number, alpha: number): SimGuard => ({
    label: `anytime-valid α ${a} or per-window α ${alpha}`,
    guard: { minEvents, alpha, sequentialAlpha: a },
    sequential: true,
  });
  return [
    { label: "no guard (≥ N and 100 events only)", guard: { minEvents, alpha: 1, sequentialAlpha: 1 }, sequential: false },
    perWindow(0.001),
    perWindow(0.0001),
    sequential(0.05),
    sequential(0.01),
    sequential(0.001),
    union(0.01, 0.001),
    union(0.01, 0.0001),
    union(0.005, 0.0001),
  ];
}

function table(rows: readonly BurnSimRow[]): string {
  const s = (x: number) => (Number.isFinite(x) ? `${x} s` : "never");
  const pct = (x: number) => `${round(x * 100, 2)} %`;
  return [
    "| guard | 6× from start: within 60 s | median | p90 | 6× from min 30: within 60 s | median | A/A false, 5 min | A/A false, 1 h |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.guard} | ${pct(r.within60s)} | ${s(r.medianS)} | ${s(r.p90S)} | ${pct(r.lateWithin60s)} | ${s(r.lateMedianS)} | ${pct(r.falseAA5min)} | ${pct(r.falseAA1h)} |`,
    ),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // [streams] [seed] [look every s] [bucket s] [rule rate] [long s] [short s] [guards: all | default]
  const [streams, seed, everyS, bucketS, burnRate, longS, shortS] = [2000, 1, 5, 10, 6, 60, 30].map((d, i) =>
    Number(process.argv[2 + i] ?? d),
  );
  const shape: BurnSimShape = { ...SCENARIO_2, everyS: everyS!, bucketS: bucketS!, burnRate: burnRate!, longS: longS!, shortS: shortS! };
  const guards = process.argv[9] === "default" ? [0, 1, 6].map((i) => candidateGuards()[i]!) : candidateGuards();
  const rows = guards.map((g) => simulateGuard(shape, g, streams!, seed!));
  console.log(
    `${streams} streams (A/A 1 h: ${Math.ceil(streams! / 4)}), seed ${seed}, ${burnRate}× rule over ${longS} s / ${shortS} s, look every ${everyS} s, ${bucketS}-s buckets\n`,
  );
  console.log(table(rows));
}
