/** ISO 8601 of timestamps, reusing the last conversion: exposures come in runs within one millisecond. */
export class IsoClock {
  private lastMs = Number.NaN;
  private lastIso = "";

  /** A clock that returned nonsense must not break shipping: such a time reads as the epoch. */
  iso(ms: number): string {
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = isoOrEpoch(ms);
    }
    return this.lastIso;
  }
}

/** ISO 8601 of a timestamp; one that is not a valid date (a broken injected clock) reads as the epoch. */
export function isoOrEpoch(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}
