import { ExposureEvent } from "../../contracts/exposures.js";
import type { ServiceContext } from "../context.js";
import type { ExposureEvent as TelemetryExposure } from "../telemetry/events.js";
import type { TelemetryService } from "../telemetry/service.js";
import type { ExposureCountRow } from "./store.js";

export interface RejectedEvent {
  index: number;
  path: string;
  message: string;
}
export interface BatchResult {
  batchId: string;
  duplicate: boolean;
  accepted: number;
  rejected: RejectedEvent[];
}

const minuteOf = (iso: string) => `${new Date(iso).toISOString().slice(0, 16)}:00.000Z`;

/**
 * Exposure ingest. Each event is validated on its own: good events are counted,
 * bad ones are returned with their index and field, so one bad event never
 * drops its neighbours. A batch id is counted once, even when retried.
 */
export class ExposureService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly telemetry: TelemetryService,
    private readonly futureSkewMs = 5 * 60_000,
  ) {}

  async ingest(batchId: string, events: readonly unknown[], dropped: number): Promise<BatchResult> {
    const rejected: RejectedEvent[] = [];
    const counts = new Map<string, ExposureCountRow>();
    const forTelemetry: TelemetryExposure[] = [];
    // Ingest is high-volume and commutative: it must not queue behind the global lock (see Store TxOptions).
    const programs = new Set((await this.ctx.store.tx((r) => r.programs.list(), { lock: "none" })).map((p) => p.name));
    const latestAt = this.ctx.now().getTime() + this.futureSkewMs;
    events.forEach((raw, index) => {
      const parsed = ExposureEvent.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        rejected.push({ index, path: `exposures.${index}${issue.path.length ? `.${issue.path.join(".")}` : ""}`, message: issue.message });
        return;
      }
      const e = parsed.data;
      if (Date.parse(e.at) > latestAt) {
        rejected.push({
          index,
          path: `exposures.${index}.at`,
          message: `is in the future by more than the clock-skew allowance (latest accepted: ${new Date(latestAt).toISOString()})`,
        });
        return;
      }
      if (!programs.has(e.program)) {
        rejected.push({ index, path: `exposures.${index}.program`, message: `program "${e.program}" does not exist` });
        return;
      }
      if (e.version !== null)
        forTelemetry.push({ type: "exposure", program: e.program, version: e.version, unitId: e.unitId, at: Date.parse(e.at) });
      const minute = minuteOf(e.at);
      const key = `${e.program}\u0000${e.alias}\u0000${e.version}\u0000${minute}`;
      const row = counts.get(key);
      if (row) row.count++;
      else counts.set(key, { program: e.program, alias: e.alias, version: e.version, minute, count: 1 });
    });
    const accepted = events.length - rejected.length;
    const contexts = await this.telemetry.programContexts(forTelemetry.map((e) => e.program));
    const fresh = await this.ctx.store.tx(
      async (repos) => {
        if (!(await repos.batches.claim(batchId, this.ctx.now().toISOString(), accepted, dropped))) return false;
        await repos.exposures.addCounts([...counts.values()]);
        // The same exposures feed the per-variant telemetry windows (SRM checks, per-unit metrics).
        await this.telemetry.ingestValidIn(repos, forTelemetry, contexts);
        return true;
      },
      { lock: "none" },
    );
    return fresh ? { batchId, duplicate: false, accepted, rejected } : { batchId, duplicate: true, accepted: 0, rejected: [] };
  }

  async totals(program: string, windowMs: number) {
    const to = this.ctx.now();
    const from = new Date(to.getTime() - windowMs);
    const [variants, droppedBySdks] = await this.ctx.store.tx(
      async (r) =>
        [
          await r.exposures.totals(program, minuteOf(from.toISOString()), to.toISOString()),
          await r.batches.droppedBetween(from.toISOString(), to.toISOString()),
        ] as const,
    );
    return { program, from: from.toISOString(), to: to.toISOString(), variants, droppedBySdks };
  }
}
