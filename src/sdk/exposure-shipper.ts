import { randomUUID } from "node:crypto";
import { BatchShipper, type BatchSource, type PendingBatch, type ShipperSettings as BaseShipperSettings } from "./batch-shipper.js";
import type { Exposure, ExposureBuffer } from "./exposure-buffer.js";
import type { HttpContext } from "./http.js";

export const SDK_NAME = "arena-ts/0.1.0";

/** Body of POST /v1/exposures. The batchId is kept across retries so the server can dedupe. */
export interface ExposureBatch {
  batchId: string;
  sdk: string;
  dropped: number;
  exposures: Exposure[];
}

export interface ShipperSettings extends BaseShipperSettings {
  batchSize: number;
}

interface PendingExposures extends PendingBatch {
  /** Drops reported in this batch: given back if the batch never reaches the server. */
  dropped: number;
}

/** Batches of the exposure ring, each reporting the drops not yet reported. */
class ExposureSource implements BatchSource<PendingExposures> {
  constructor(
    private readonly buffer: ExposureBuffer,
    private readonly batchSize: number,
  ) {}

  get size(): number {
    return this.buffer.size;
  }

  hasWork(): boolean {
    return this.buffer.size > 0 || this.buffer.unreportedDrops > 0;
  }

  next(): PendingExposures {
    const batchId = randomUUID();
    const dropped = this.buffer.takeDrops();
    const exposures = this.buffer.take(this.batchSize);
    const batch: ExposureBatch = { batchId, sdk: SDK_NAME, dropped, exposures };
    return { dropped, count: exposures.length, body: JSON.stringify(batch) };
  }

  refused(batch: PendingExposures): void {
    this.buffer.returnDrops(batch.dropped);
    this.buffer.addDrops(batch.count);
  }

  abandon(pending: PendingExposures | null): number {
    const lost = this.buffer.size + (pending?.count ?? 0);
    if (pending !== null) this.buffer.returnDrops(pending.dropped);
    this.buffer.addDrops(lost);
    this.buffer.clear();
    return lost;
  }
}

/** Ships the exposure ring to POST /v1/exposures (see BatchShipper for retries and backoff). */
export class ExposureShipper extends BatchShipper<PendingExposures> {
  constructor(buffer: ExposureBuffer, http: HttpContext, settings: ShipperSettings, onError: (error: unknown) => void) {
    super("/v1/exposures", "exposures", new ExposureSource(buffer, settings.batchSize), http, settings, onError);
  }
}
