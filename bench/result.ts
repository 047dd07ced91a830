/** The one JSON object every benchmark prints as its last line. */
export interface BenchResult {
  bench: string;
  value: number;
  unit: string;
  /** The real peer or limit, measured in the same run. */
  baseline: Record<string, number | boolean | string>;
  ratio: number;
  [extra: string]: unknown;
}
