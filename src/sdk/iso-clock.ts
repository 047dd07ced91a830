/** ISO 8601 of timestamps, reusing the last conversion: exposures come in runs within one millisecond. */
export class IsoClock {
  private lastMs = Number.NaN;
  private lastIso = "";

  /** A clock that returned nonsense must not break shipping: such a time reads as the epoch. */
  iso(ms: number): string {
    if (ms !== this.lastMs) {
      const date = new Date(ms);
      this.lastMs = ms;
      this.lastIso = Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
    }
    return this.lastIso;
  }
}
