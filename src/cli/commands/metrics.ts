import type { Command } from "commander";
import type { MetricList, MetricView, SegmentsBody } from "../../contracts/metrics.js";
import type { MetricsReport, Series } from "../../contracts/telemetry.js";
import { formatValue as formatPolicyValue } from "../../core/policy/format.js";
import type { ApiClient } from "../api-client.js";
import { commandContext } from "../context.js";
import { CliError, EXIT } from "../errors.js";
import { collect, emit, table } from "../output.js";
import { readJsonFile } from "./candidate.js";

/** A value in its unit: "1.2 %" for proportions (as in decisions and gates: core/policy/format.ts), "183 ms", "$0.0042". */
export function formatValue(value: number | null, unit: string, kind: string): string {
  if (value === null) return "-";
  if (kind === "proportion" || unit === "%") return formatPolicyValue(value, "%");
  if (unit === "$") return `$${value.toPrecision(4)}`;
  const text = Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
  return unit ? `${text} ${unit}` : text;
}

export function renderReport(r: MetricsReport): string {
  if (r.metrics.length === 0)
    return `${r.program} has no metrics defined: \`arena metric define ${r.program} NAME --file definition.json\``;
  if (r.variants.length === 0) return `no data for ${r.program} between ${r.from} and ${r.to} (segment ${r.segment})`;
  const headers = ["METRIC", ...r.variants.map((v) => `v${v.version}${v.aliases.length ? ` (@${v.aliases.join(", @")})` : ""}`)];
  const rows = r.metrics.map((m) => [
    `${m.name} (${m.direction === "lower" ? "↓" : "↑"})`,
    ...r.variants.map((v) => {
      const reading = v.metrics[m.name];
      if (!reading || reading.status === "no_data") return "no data";
      return `${formatValue(reading.value, m.unit, m.kind)}  n=${reading.n}`;
    }),
  ]);
  rows.unshift(["exposures", ...r.variants.map((v) => String(v.exposures))]);
  return `${r.program}, ${r.from.slice(11, 19)}–${r.to.slice(11, 19)} UTC, segment ${r.segment}\n\n${table(headers, rows)}`;
}

/** "region=eu" must name a declared dimension and value: an undeclared one is a mistake, not "no data". */
async function checkSegmentDeclared(api: ApiClient, base: string, program: string, segment: string): Promise<void> {
  const i = segment.indexOf("=");
  if (i < 1) throw new CliError(`--segment "${segment}" must look like region=eu (or "all")`, EXIT.usage);
  const [name, value] = [segment.slice(0, i), segment.slice(i + 1)];
  const spec = await api.request<SegmentsBody>("GET", `${base}/segments`);
  const dimension = spec.dimensions.find((d) => d.name === name);
  if (!dimension) {
    const known = spec.dimensions.map((d) => d.name);
    throw new CliError(
      `segment dimension "${name}" is not declared for ${program}${known.length ? ` (declared: ${known.join(", ")})` : "; declare it with `arena metric segments`"}`,
      EXIT.usage,
    );
  }
  if (value !== "other" && !dimension.values.includes(value)) {
    throw new CliError(
      `"${value}" is not a declared value of ${name} for ${program} (declared: ${[...dimension.values, "other"].join(", ")})`,
      EXIT.usage,
    );
  }
}

export function registerMetrics(cli: Command): void {
  cli
    .command("metrics <program>")
    .description("per-variant SLIs over a window, from stored telemetry (and Prometheus for gauges)")
    .option("-w, --window <duration>", "e.g. 15m, 1h, 7d", "1h")
    .option("-s, --segment <key>", 'segment, e.g. "region=eu" (default: all)', "all")
    .option("--series", "one row per stored time bucket instead")
    .action(async (program: string, opts: { window: string; segment: string; series?: boolean }, command: Command) => {
      const { api, out } = commandContext(command);
      const q = `window=${encodeURIComponent(opts.window)}&segment=${encodeURIComponent(opts.segment)}`;
      const base = `/v1/programs/${encodeURIComponent(program)}`;
      if (opts.segment !== "all") await checkSegmentDeclared(api, base, program, opts.segment);
      if (opts.series) {
        const [{ points }, { metrics }] = await Promise.all([
          api.request<Series>("GET", `${base}/telemetry/series?${q}`),
          api.request<MetricList>("GET", `${base}/metrics`),
        ]);
        const names = [...new Set(points.flatMap((p) => Object.keys(p.metrics)))];
        const defs = new Map(metrics.map((m) => [m.name, m]));
        const show = (name: string, v: number | null | undefined) =>
          v === null || v === undefined ? "no data" : formatValue(v, defs.get(name)?.unit ?? "", defs.get(name)?.kind ?? "");
        emit(out, points, () =>
          points.length === 0
            ? `no data for ${program} in the last ${opts.window} (segment ${opts.segment})`
            : table(
                ["BUCKET (UTC)", "VERSION", "EXPOSURES", ...names],
                points.map((p) => [
                  p.start.replace("T", " ").slice(0, 19),
                  `v${p.version}`,
                  p.exposures,
                  ...names.map((n) => show(n, p.metrics[n])),
                ]),
              ),
        );
        return;
      }
      const report = await api.request<MetricsReport>("GET", `/v1/programs/${encodeURIComponent(program)}/telemetry?${q}`);
      emit(out, report, () => renderReport(report));
    });

  const metric = cli.command("metric").description("define and list a program's metrics");
  metric
    .command("define <program> <name>")
    .description("define or replace a metric from a JSON file (kind, direction, unit, aggregation, source)")
    .requiredOption("-f, --file <file>", "JSON definition, see docs/telemetry.md")
    .action(async (program: string, name: string, opts: { file: string }, command: Command) => {
      const { api, out } = commandContext(command);
      const body = readJsonFile(opts.file, "metric definition");
      const saved = await api.request<MetricView>(
        "PUT",
        `/v1/programs/${encodeURIComponent(program)}/metrics/${encodeURIComponent(name)}`,
        body,
      );
      emit(out, saved, () => `defined metric ${saved.name} of ${program}`);
    });
  metric.command("list <program>").action(async (program: string, _opts: unknown, command: Command) => {
    const { api, out } = commandContext(command);
    const { metrics } = await api.request<MetricList>("GET", `/v1/programs/${encodeURIComponent(program)}/metrics`);
    emit(out, metrics, () =>
      table(
        ["NAME", "KIND", "BETTER", "UNIT", "PER", "SOURCE"],
        metrics.map((m) => [m.name, m.kind, m.direction, m.unit, m.aggregation, JSON.stringify(m.source)]),
      ),
    );
  });
  metric
    .command("segments <program>")
    .description("declare segment dimensions: --dimension region=eu,us --dimension device=ios,android")
    .option("--dimension <name=v1,v2>", "a dimension and its values (repeatable)", collect, [] as string[])
    .action(async (program: string, opts: { dimension: string[] }, command: Command) => {
      const { api, out } = commandContext(command);
      const dimensions = opts.dimension.map((d) => {
        const i = d.indexOf("=");
        if (i < 1) throw new CliError(`--dimension "${d}" must look like region=eu,us`, EXIT.usage);
        return {
          name: d.slice(0, i),
          values: d
            .slice(i + 1)
            .split(",")
            .filter(Boolean),
        };
      });
      const spec = await api.request<SegmentsBody>("PUT", `/v1/programs/${encodeURIComponent(program)}/segments`, { dimensions });
      emit(
        out,
        spec,
        () => `segments of ${program}: ${dimensions.map((d) => `${d.name} (${d.values.join(", ")}, other)`).join("; ") || "none"}`,
      );
    });
}
