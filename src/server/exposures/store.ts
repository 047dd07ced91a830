export interface ExposureCountRow {
  program: string;
  alias: string;
  version: number | null;
  /** Start of the minute the exposures fell in, ISO-8601. */
  minute: string;
  count: number;
}

export interface ExposureRepo {
  /** Records a batch id; returns false if it was seen before (a retry), in which case nothing is counted. */
  claimBatch(batchId: string, at: string, accepted: number, dropped: number): Promise<boolean>;
  addCounts(rows: readonly ExposureCountRow[]): Promise<void>;
  /** Totals per alias and version for minutes in [from, to). */
  totals(program: string, from: string, to: string): Promise<Array<{ alias: string; version: number | null; exposures: number }>>;
  /** Exposures SDKs reported as dropped in batches received in [from, to]. */
  droppedBetween(from: string, to: string): Promise<number>;
}
