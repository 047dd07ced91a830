import { randomUUID } from "node:crypto";
import type { BatchSource, PendingBatch } from "../sdk/batch-shipper.js";

/**
 * The proxy's drained windows waiting for POST /v1/telemetry, shipped by the SDK's
 * BatchShipper (same batch ids on retry, backoff, Retry-After). Bounded: beyond
 * `maxEvents` windows are counted as dropped and reported, never lost silently.
 */
export class AggregateQueue implements BatchSource<PendingBatch> {
  private ready: string[] = [];
  /** Requests (observations) carried by each ready event, for the sent and dropped counters. */
  private weights: number[] = [];
  private held = 0;
  dropped = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly batchSize: number,
    private readonly onDrop: (count: number, why: string) => void,
  ) {}

  add(events: readonly object[]): void {
    for (const event of events) {
      const requests = (event as { window?: { requests?: number } }).window?.requests ?? 0;
      if (this.ready.length >= this.maxEvents) {
        this.dropped += requests;
        this.onDrop(requests, `${this.maxEvents} telemetry windows are waiting for Arena`);
        continue;
      }
      this.ready.push(JSON.stringify(event));
      this.weights.push(requests);
      this.held += requests;
    }
  }

  get size(): number {
    return this.held;
  }

  hasWork(): boolean {
    return this.ready.length > 0;
  }

  next(): PendingBatch {
    const parts = this.ready.splice(0, this.batchSize);
    const count = this.weights.splice(0, parts.length).reduce((s, n) => s + n, 0);
    this.held -= count;
    return { count, body: `{"batchId":"${randomUUID()}","events":[${parts.join(",")}]}` };
  }

  refused(batch: PendingBatch): void {
    this.dropped += batch.count;
    this.onDrop(batch.count, "Arena refused a telemetry batch");
  }

  abandon(pending: PendingBatch | null): number {
    const lost = this.held + (pending?.count ?? 0);
    this.ready = [];
    this.weights = [];
    this.held = 0;
    if (lost > 0) {
      this.dropped += lost;
      this.onDrop(lost, "the proxy closed with telemetry unsent");
    }
    return lost;
  }
}
