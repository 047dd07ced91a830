/**
 * Live traffic for a rollout, spread over every replica: each batch is one exposure and
 * one request event per unit, the unit's version drawn with the challenger's current share
 * (so the controller's sample-ratio check sees the split it asked for). A batch that fails
 * — refused, or its replica killed mid-request — is sent again to the next replica with the
 * SAME batch id until one acknowledges it, so every batch is counted exactly once.
 */
import { randomUUID } from "node:crypto";

export interface LoadOptions {
  /** Replica URLs still worth trying, in rotation. */
  targets: () => string[];
  token: string;
  program: string;
  champion: number;
  challenger: number;
  /** The challenger's share of units right now (0..1). */
  share: () => number;
  unitsPerBatch?: number;
  workers?: number;
  /** Pause between a worker's batches. */
  pauseMs?: number;
  /** Share of requests that fail, for both versions. */
  errorRate?: number;
}

export interface LoadTotals {
  batches: number;
  /** Events of acknowledged batches, by type: what the server must have counted. */
  requests: number;
  exposures: number;
  /** Attempts that failed and were sent again (to another replica). */
  retries: number;
  /** Retries answered "duplicate": the first attempt had committed before its answer was lost. */
  duplicates: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TelemetryLoad {
  readonly totals: LoadTotals = { batches: 0, requests: 0, exposures: 0, retries: 0, duplicates: 0 };
  private running = false;
  private workers: Promise<void>[] = [];
  private next = 0;
  private unit = 0;
  private failure: Error | null = null;

  constructor(private readonly o: LoadOptions) {}

  start(): void {
    this.running = true;
    // A worker that hits a bug stops the others; stop() reports it.
    this.workers = Array.from({ length: this.o.workers ?? 3 }, () =>
      this.work().catch((error: unknown) => {
        this.running = false;
        this.failure ??= error as Error;
      }),
    );
  }

  /** Stops after every batch in flight has been acknowledged; throws what stopped a worker, if anything did. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    if (this.failure) throw this.failure;
  }

  private batch(): { body: string; units: number } {
    const units = this.o.unitsPerBatch ?? 40;
    const share = this.o.share();
    const at = Date.now();
    const events: unknown[] = [];
    for (let i = 0; i < units; i++) {
      const unitId = `u-${this.unit++}`;
      const version = Math.random() < share ? this.o.challenger : this.o.champion;
      events.push({ type: "exposure", program: this.o.program, version, unitId, at });
      events.push({
        type: "request",
        program: this.o.program,
        version,
        unitId,
        success: Math.random() >= (this.o.errorRate ?? 0.01),
        latencyMs: Math.round(20 + 80 * Math.random()),
        at,
      });
    }
    return { body: JSON.stringify({ batchId: randomUUID(), events }), units };
  }

  private async work(): Promise<void> {
    while (this.running) {
      const { body, units } = this.batch();
      const duplicate = await this.deliver(body);
      this.totals.batches++;
      this.totals.requests += units;
      this.totals.exposures += units;
      if (duplicate) this.totals.duplicates++;
      await sleep(this.o.pauseMs ?? 200);
    }
  }

  /** Sends one batch until a replica acknowledges it; returns whether that answer said "duplicate". */
  private async deliver(body: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const targets = this.o.targets();
      const url = targets[this.next++ % targets.length]!;
      try {
        const res = await fetch(new URL("/v1/telemetry", url), {
          method: "POST",
          headers: { authorization: `Bearer ${this.o.token}`, "content-type": "application/json" },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        if (res.ok) {
          const answer = JSON.parse(text) as { duplicate: boolean; rejected: unknown[] };
          if (answer.rejected.length > 0) throw new Error(`events refused: ${text.slice(0, 300)}`);
          return answer.duplicate;
        }
        if (res.status < 500 && res.status !== 429) throw new Error(`POST /v1/telemetry: ${res.status} ${text.slice(0, 300)}`);
      } catch (error) {
        // A connection reset or refused (killed replica) or a timeout: try the next one. Anything else is a bug.
        if (error instanceof Error && /events refused|POST \/v1\/telemetry/.test(error.message)) throw error;
      }
      this.totals.retries++;
      await sleep(Math.min(1_000, 50 * (attempt + 1)));
    }
  }
}
