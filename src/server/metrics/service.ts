import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { SegmentSpec } from "../../core/telemetry/segments.js";
import type { MetricDefinitionBody } from "../../contracts/metrics.js";
import { appendAudit } from "../audit/append.js";
import type { Actor, ServiceContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { refuseWhenProtected } from "../changes/governance.js";
import { requireProgram } from "../programs/service.js";

/** Metric definitions and segment dimensions of programs; changes are audited. */
export class MetricService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly onChange: () => void = () => undefined,
  ) {}

  async put(program: string, name: string, body: MetricDefinitionBody, actor: Actor): Promise<TelemetryMetric> {
    const metric: TelemetryMetric = { name, ...body };
    await this.ctx.store.tx(async (r) => {
      await requireProgram(r, program);
      await refuseWhenProtected(r, program, `metric "${name}"`);
      const before = (await r.metrics.list(program)).find((m) => m.name === name) ?? null;
      await r.metrics.put(program, metric);
      await appendAudit(r, this.ctx.now(), actor, {
        action: "metric.put",
        program,
        target: `${program}/metrics/${name}`,
        before,
        after: metric,
      });
    });
    this.onChange();
    return metric;
  }

  async remove(program: string, name: string, actor: Actor): Promise<void> {
    await this.ctx.store.tx(async (r) => {
      await requireProgram(r, program);
      await refuseWhenProtected(r, program, `metric "${name}"`);
      const before = (await r.metrics.list(program)).find((m) => m.name === name);
      if (!before || !(await r.metrics.remove(program, name))) throw new NotFoundError(`metric "${name}" of "${program}" does not exist`);
      await appendAudit(r, this.ctx.now(), actor, {
        action: "metric.delete",
        program,
        target: `${program}/metrics/${name}`,
        before,
        after: null,
      });
    });
    this.onChange();
  }

  async list(program: string): Promise<TelemetryMetric[]> {
    return this.ctx.store.tx(async (r) => {
      await requireProgram(r, program);
      return r.metrics.list(program);
    });
  }

  async segments(program: string): Promise<SegmentSpec> {
    return this.ctx.store.tx(async (r) => {
      await requireProgram(r, program);
      return r.metrics.segments(program);
    });
  }

  async putSegments(program: string, spec: SegmentSpec, actor: Actor): Promise<SegmentSpec> {
    await this.ctx.store.tx(async (r) => {
      await requireProgram(r, program);
      await refuseWhenProtected(r, program, "the segments");
      const before = await r.metrics.segments(program);
      await r.metrics.putSegments(program, spec);
      await appendAudit(r, this.ctx.now(), actor, { action: "segments.put", program, target: `${program}/segments`, before, after: spec });
    });
    this.onChange();
    return spec;
  }
}
