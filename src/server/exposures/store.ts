export interface ExposureCountRow {
  program: string;
  alias: string;
  version: number | null;
  /** Start of the minute the exposures fell in, ISO-8601. */
  minute: string;
  count: number;
}

/** Exposure counters per alias, version and minute (batch ids are claimed in the batches slice). */
export interface ExposureRepo {
  addCounts(rows: readonly ExposureCountRow[]): Promise<void>;
  /** Totals per alias and version for minutes in [from, to). */
  totals(program: string, from: string, to: string): Promise<Array<{ alias: string; version: number | null; exposures: number }>>;
}
