/**
 * Per-variant SLIs as Prometheus gauges, replaced wholesale from telemetry
 * reports. A metric without data has no `arena_variant_sli` series at all and
 * `arena_variant_sli_no_data 1` instead: "no data" must never read as 0.
 */
import { Gauge, type Registry } from "prom-client";
import type { MetricsReport } from "../telemetry/query.js";

const SLI_LABELS = ["program", "version", "alias", "metric", "segment"] as const;
const VARIANT_LABELS = ["program", "version", "alias", "segment"] as const;

export class VariantSlis {
  private readonly sli: Gauge<(typeof SLI_LABELS)[number]>;
  private readonly samples: Gauge<(typeof SLI_LABELS)[number]>;
  private readonly noData: Gauge<(typeof SLI_LABELS)[number]>;
  private readonly exposures: Gauge<(typeof VARIANT_LABELS)[number]>;

  constructor(registry: Registry, windowLabel: string) {
    const registers = [registry];
    this.sli = new Gauge({
      name: "arena_variant_sli",
      help: `SLI value of a metric for one variant over the last ${windowLabel} (absent when there is no data)`,
      labelNames: SLI_LABELS,
      registers,
    });
    this.samples = new Gauge({
      name: "arena_variant_sli_samples",
      help: `Observations behind arena_variant_sli over the last ${windowLabel}`,
      labelNames: SLI_LABELS,
      registers,
    });
    this.noData = new Gauge({
      name: "arena_variant_sli_no_data",
      help: `1 when a metric has no data for a variant over the last ${windowLabel}`,
      labelNames: SLI_LABELS,
      registers,
    });
    this.exposures = new Gauge({
      name: "arena_variant_exposures",
      help: `Exposures of a variant over the last ${windowLabel}`,
      labelNames: VARIANT_LABELS,
      registers,
    });
  }

  /**
   * Replaces every series with those of `reports`, synchronously, so a scrape
   * never sees half of a refresh, and variants that left the window disappear.
   */
  publish(reports: readonly MetricsReport[]): void {
    this.sli.reset();
    this.samples.reset();
    this.noData.reset();
    this.exposures.reset();
    for (const report of reports) {
      const kinds = new Map(report.metrics.map((m) => [m.name, m]));
      for (const variant of report.variants) {
        const base = {
          program: report.program,
          version: String(variant.version),
          alias: [...variant.aliases].sort().join(","),
          segment: report.segment,
        };
        this.exposures.set(base, variant.exposures);
        for (const [name, reading] of Object.entries(variant.metrics)) {
          const metric = kinds.get(name);
          // Drift is a distribution compared with a baseline, not one number; gauges from Prometheus are there already
          // (exporting them back would let a query read its own output).
          if (!metric || metric.kind === "drift" || metric.source.type === "prometheus") continue;
          const labels = { ...base, metric: name };
          if (reading.status === "ok" && reading.value !== null && Number.isFinite(reading.value)) {
            this.sli.set(labels, reading.value);
            this.samples.set(labels, reading.n);
          } else {
            this.noData.set(labels, 1);
          }
        }
      }
    }
  }
}
