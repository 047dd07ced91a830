import { OverloadedError } from "../errors.js";

/**
 * Admission control for expensive requests (ingest): at most `max` at once, and at most
 * `perPrincipal` of them for one principal, so one client cannot take every slot. A slot is
 * taken before the body is read (after authentication) and given back when the reply is
 * finished or the connection dies, never earlier.
 */
export class Admission {
  private inFlight = 0;
  private peak = 0;
  private readonly byPrincipal = new Map<string, number>();

  constructor(
    private readonly what: string,
    private readonly max: number,
    private readonly perPrincipal: number,
  ) {}

  /** Takes a slot or throws 503 + Retry-After; the returned function gives it back (once). */
  admit(principal: string): () => void {
    if (this.inFlight >= this.max) {
      throw new OverloadedError(`${this.what} is at capacity (${this.max} requests in flight); retry after the delay`, 1);
    }
    const mine = this.byPrincipal.get(principal) ?? 0;
    if (mine >= this.perPrincipal) {
      throw new OverloadedError(
        `${this.what}: "${principal}" already has ${mine} requests in flight (its fair share of ${this.max}); retry after the delay`,
        1,
      );
    }
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    this.byPrincipal.set(principal, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      const left = (this.byPrincipal.get(principal) ?? 1) - 1;
      if (left > 0) this.byPrincipal.set(principal, left);
      else this.byPrincipal.delete(principal);
    };
  }

  /** Requests admitted now, and the most ever at once (for benches and tests). */
  get stats(): { inFlight: number; peak: number } {
    return { inFlight: this.inFlight, peak: this.peak };
  }
}
