/**
 * Ingest batch ids (exposure and telemetry batches): a retried batch is recognised by its id
 * and counted once. Both kinds share one namespace, so an id is claimed once, whichever endpoint took it.
 */
export interface IngestBatchRepo {
  /** Records a batch id; returns false if it was seen before (a retry), in which case nothing is counted. */
  claim(batchId: string, at: string, accepted: number, dropped: number): Promise<boolean>;
  /** Events SDKs reported as dropped in batches received in [from, to]. */
  droppedBetween(from: string, to: string): Promise<number>;
}
