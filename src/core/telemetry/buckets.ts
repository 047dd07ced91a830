/** Time buckets: minute buckets roll up into hours, hours into days. */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const BUCKET_WIDTHS = [MINUTE, HOUR, DAY] as const;
export type BucketWidth = (typeof BUCKET_WIDTHS)[number];

export function bucketStart(ms: number, width: number): number {
  return Math.floor(ms / width) * width;
}

export interface RetentionPolicy {
  /** Minute buckets older than this roll up into hour buckets. */
  minutesFor: number;
  /** Hour buckets older than this roll up into day buckets. */
  hoursFor: number;
  /** Day buckets older than this are deleted. */
  daysFor: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { minutesFor: 2 * DAY, hoursFor: 30 * DAY, daysFor: 400 * DAY };
