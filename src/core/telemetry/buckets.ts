/**
 * Time buckets: events land in 10-second buckets (fine enough for a canary's
 * short burn-rate window), which roll up into minutes, then hours, then days.
 */
export const TEN_SECONDS = 10_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const BUCKET_WIDTHS = [TEN_SECONDS, MINUTE, HOUR, DAY] as const;
/** Width of the buckets events are first counted in. */
export const BASE_BUCKET = TEN_SECONDS;
export type BucketWidth = (typeof BUCKET_WIDTHS)[number];

export function bucketStart(ms: number, width: number): number {
  return Math.floor(ms / width) * width;
}

export interface RetentionPolicy {
  /** 10-second buckets older than this roll up into minute buckets. */
  secondsFor: number;
  /** Minute buckets older than this roll up into hour buckets. */
  minutesFor: number;
  /** Hour buckets older than this roll up into day buckets. */
  hoursFor: number;
  /** Day buckets older than this are deleted. */
  daysFor: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { secondsFor: 6 * HOUR, minutesFor: 2 * DAY, hoursFor: 30 * DAY, daysFor: 400 * DAY };
