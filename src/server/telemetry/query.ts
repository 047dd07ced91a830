/**
 * Reads per-variant SLIs over a window through the metric sources (stored
 * aggregates, Prometheus for gauge metrics: ./metric-source.ts): the numbers people look at and the sufficient statistics
 * the decision engine needs. A metric without data says so.
 */
import type { MetricStats } from "../../core/stats/metric-definition.js";
import { readMetric, type MetricReading } from "../../core/telemetry/metric-stats.js";
import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import { BASE_BUCKET, bucketStart, DAY, DEFAULT_RETENTION, HOUR, MINUTE, type RetentionPolicy } from "../../core/telemetry/buckets.js";
import { ALL } from "../../core/telemetry/segments.js";
import { mergeUnits, type UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import { emptyWindow, mergeWindows, type VariantWindow } from "../../core/telemetry/variant-window.js";
import type { ServiceContext } from "../context.js";
import { ValidationError } from "../errors.js";
import { requireProgram } from "../programs/service.js";
import type { GaugeReader } from "./gauge-reader.js";
import { defaultSources, readFrom, type MetricSource } from "./metric-source.js";
import type { AliasState } from "../../core/registry/types.js";
import type { UnitRow, WindowRow } from "./store.js";

export interface VariantReading {
  version: number;
  aliases: string[];
  exposures: number;
  metrics: Record<string, MetricReading>;
}

export interface MetricsReport {
  program: string;
  from: string;
  to: string;
  segment: string;
  metrics: TelemetryMetric[];
  variants: VariantReading[];
}

export interface SeriesPoint {
  start: string;
  width: number;
  version: number;
  exposures: number;
  metrics: Record<string, number | null>;
}

/** Windows merged between two yields to the event loop: a long read never holds /healthz, the SDK stream or ingest for long. */
const WINDOWS_PER_SLICE = 64;
/**
 * Time slices of [from, to), newest first, sized to the bucket widths retention leaves at each age
 * (10-second buckets for 6 h, minutes for 2 days, hours for 30 days, then days): about 90–120
 * buckets per version and slice, so no slice is a long synchronous read.
 */
export function readSlices(from: number, to: number, retention: RetentionPolicy = DEFAULT_RETENTION): Array<[number, number]> {
  const bands: Array<[number, number]> = [
    [retention.secondsFor, 15 * MINUTE],
    [retention.minutesFor, 2 * HOUR],
    [retention.hoursFor, DAY],
  ];
  const out: Array<[number, number]> = [];
  let end = to;
  for (const [age, width] of bands) {
    const bandStart = Math.max(from, to - age);
    while (end > bandStart) {
      const start = Math.max(bandStart, end - width);
      out.push([start, end]);
      end = start;
    }
  }
  if (end > from) out.push([from, end]);
  return out;
}
const yieldToLoop = () => new Promise<void>((done) => setImmediate(done));

export interface QueryHead {
  metrics: TelemetryMetric[];
  aliases: AliasState[];
  units: UnitRow[];
}

export class TelemetryQuery {
  constructor(
    private readonly ctx: ServiceContext,
    gauges: GaugeReader | null = null,
    /** Where metric readings come from (src/server/telemetry/metric-source.ts). */
    private readonly sources: readonly MetricSource[] = defaultSources(gauges),
  ) {}

  /** The program's metrics and aliases, and its units over [from, to) for one segment. */
  protected head(program: string, from: number, to: number, segment: string): Promise<QueryHead> {
    return this.ctx.store.tx(async (r) => {
      await requireProgram(r, program);
      const [metrics, aliases] = await Promise.all([r.metrics.list(program), r.aliases.list(program)]);
      const units = metrics.some((m) => m.aggregation === "unit") ? await r.telemetry.units(program, segment, from, to) : [];
      return { metrics, aliases, units };
    });
  }

  private async load(program: string, from: number, to: number, segment: string) {
    return { ...(await this.head(program, from, to, segment)), windows: await this.storedWindows(program, from, to, segment) };
  }

  /** Stored windows over [from, to) for one segment. */
  private async storedWindows(program: string, from: number, to: number, segment: string): Promise<WindowRow[]> {
    // Long windows are read in time slices, one short unit of work each with a yield between:
    // windows are additive, and a slice never holds the store or the event loop for long.
    const windows: WindowRow[] = [];
    let first = true;
    for (const [start, end] of readSlices(from, to)) {
      if (!first) await yieldToLoop();
      first = false;
      for (const w of await this.ctx.store.tx((r) => r.telemetry.windows(program, start, end, segment), { lock: "none" })) windows.push(w);
    }
    return windows;
  }

  /**
   * The windows of [from, to) merged per version. A backtest on stored aggregates answers this from
   * running accumulators instead (src/backtest/replay-query.ts), so a look costs the same whatever the span.
   */
  protected async mergedWindows(
    program: string,
    from: number,
    to: number,
    segment: string,
    _versions?: readonly number[],
  ): Promise<Map<number, VariantWindow>> {
    const windows = await this.storedWindows(program, from, to, segment);
    const merged = new Map<number, VariantWindow>();
    for (let i = 0; i < windows.length; i++) {
      if (i > 0 && i % WINDOWS_PER_SLICE === 0) await yieldToLoop();
      const w = windows[i]!;
      merged.set(w.version, mergeWindows(merged.get(w.version) ?? emptyWindow(), w.window));
    }
    return merged;
  }

  /**
   * Buckets are selected by their start: [from, to). With `overlap`, the 10-second bucket that
   * contains `from` counts too (a live rollout sees the data of its first seconds at once, at the
   * price of up to 10 s of earlier data).
   */
  async report(
    program: string,
    from: Date,
    to: Date,
    segment = ALL,
    versions?: number[],
    options: { overlap?: boolean } = {},
  ): Promise<MetricsReport> {
    const start = options.overlap ? bucketStart(from.getTime(), BASE_BUCKET) : from.getTime();
    const { metrics, aliases, units } = await this.head(program, start, to.getTime(), segment);
    const merged = await this.mergedWindows(program, start, to.getTime(), segment, versions);
    const unitsByVersion = new Map<number, Map<string, UnitTotals>>();
    for (const u of units) {
      let byUnit = unitsByVersion.get(u.version);
      if (!byUnit) unitsByVersion.set(u.version, (byUnit = new Map()));
      const prev = byUnit.get(u.unitId);
      byUnit.set(u.unitId, prev ? mergeUnits(prev, u.totals) : u.totals);
    }
    const wanted = new Set<number>(versions ?? [...merged.keys(), ...unitsByVersion.keys(), ...aliases.map((a) => a.version)]);
    const variants: VariantReading[] = [];
    for (const version of [...wanted].sort((a, b) => a - b)) {
      const w = merged.get(version) ?? emptyWindow();
      const u = [...(unitsByVersion.get(version)?.values() ?? [])];
      const readings: Record<string, MetricReading> = {};
      const served = aliases.filter((a) => a.version === version).map((a) => a.alias);
      for (const m of metrics)
        readings[m.name] = await readFrom(this.sources, m, { program, version, aliases: served, from, to, window: w, units: u });
      variants.push({ version, aliases: served, exposures: w.exposures, metrics: readings });
    }
    return { program, from: from.toISOString(), to: to.toISOString(), segment, metrics, variants };
  }

  /** One point per stored bucket and version: the SLI values (null when that bucket has no data). */
  async series(program: string, from: Date, to: Date, segment = ALL, maxPoints = Infinity): Promise<SeriesPoint[]> {
    const { metrics, windows } = await this.load(program, from.getTime(), to.getTime(), segment);
    const cost = windows.length * Math.max(1, metrics.length);
    if (cost > maxPoints) {
      throw new ValidationError(
        `query.window: ${windows.length} buckets × ${metrics.length} metrics is more than the ${maxPoints} values one series read may return; ask for a shorter window or one segment`,
        [{ path: "query.window", message: "too many points" }],
      );
    }
    const shown = metrics.filter((m) => m.aggregation === "request" && m.source.type !== "prometheus");
    const points: SeriesPoint[] = [];
    for (let i = 0; i < windows.length; i++) {
      if (i > 0 && i % WINDOWS_PER_SLICE === 0) await yieldToLoop();
      const w = windows[i]!;
      points.push({
        start: new Date(w.start).toISOString(),
        width: w.width,
        version: w.version,
        exposures: w.window.exposures,
        metrics: Object.fromEntries(
          shown.map((m) => {
            const r = readMetric(m, w.window);
            return [m.name, r.status === "ok" ? r.value : null];
          }),
        ),
      });
    }
    return points;
  }
}

/** The statistics engine's view of a reading: its sufficient statistics, or nothing. */
export function statsOf(reading: MetricReading | undefined): MetricStats | undefined {
  return reading?.status === "ok" && reading.stats ? reading.stats : undefined;
}
