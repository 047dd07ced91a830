/**
 * Promotion windows: promotions only happen on the listed days between the
 * listed hours (UTC). A window whose end is before its start runs overnight
 * and belongs to the day it starts on ("fri 22:00-02:00" ends Saturday 02:00).
 */

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface PromotionWindowSpec {
  days: readonly Weekday[];
  /** "09:00-17:00", UTC; the end may be "24:00". */
  hours: string;
}

export interface WindowStatus {
  open: boolean;
  /** When closed: the next instant a window opens (absent if none ever does). Not repeated in `reason`. */
  nextOpen?: Date;
  reason: string;
}

const DAYS: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Minutes from midnight of the window's start and end, or null when malformed. */
export function parseHours(hours: string): { start: number; end: number } | null {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours);
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (Number(m[2]) > 59 || Number(m[4]) > 59 || start >= 24 * 60 || end > 24 * 60) return null;
  return { start, end };
}

function describeWindow(w: PromotionWindowSpec): string {
  return `${w.days.join(",")} ${w.hours} UTC`;
}

/** Whether instant `t` falls in window `w` (openings on day `dayStart` and the day before, for overnight windows). */
function contains(w: PromotionWindowSpec, t: number): boolean {
  const span = parseHours(w.hours);
  if (!span || span.start === span.end) return false;
  const midnight = Math.floor(t / DAY) * DAY;
  for (const opening of [midnight, midnight - DAY]) {
    const day = DAYS[new Date(opening).getUTCDay()];
    if (!day || !w.days.includes(day)) continue;
    const start = opening + span.start * MINUTE;
    const end = opening + (span.end > span.start ? span.end : span.end + 24 * 60) * MINUTE;
    if (t >= start && t < end) return true;
  }
  return false;
}

function nextOpening(windows: readonly PromotionWindowSpec[], t: number): number | undefined {
  const midnight = Math.floor(t / DAY) * DAY;
  let best: number | undefined;
  for (const w of windows) {
    const span = parseHours(w.hours);
    if (!span || span.start === span.end) continue;
    for (let k = 0; k <= 7; k++) {
      const opening = midnight + k * DAY;
      const day = DAYS[new Date(opening).getUTCDay()];
      const start = opening + span.start * MINUTE;
      if (day && w.days.includes(day) && start > t && (best === undefined || start < best)) best = start;
    }
  }
  return best;
}

/**
 * @example inPromotionWindow([{ days: ["mon"], hours: "09:00-17:00" }], new Date("2026-11-23T10:00:00Z")).open // true (a Monday)
 * An empty list means no restriction.
 */
export function inPromotionWindow(windows: readonly PromotionWindowSpec[], now: Date): WindowStatus {
  if (windows.length === 0) return { open: true, reason: "no promotion windows: promotions are allowed at any time" };
  const t = now.getTime();
  const current = windows.find((w) => contains(w, t));
  if (current) return { open: true, reason: `inside the promotion window ${describeWindow(current)}` };
  const listed = windows.map(describeWindow).join("; ");
  const next = nextOpening(windows, t);
  if (next === undefined) return { open: false, reason: `outside the promotion windows (${listed}); none ever opens` };
  return { open: false, nextOpen: new Date(next), reason: `outside the promotion windows (${listed})` };
}

/** Whether a promotion may happen now under the policy's promotion windows, in one line for people. */
export function promotionWindowOf(windows: readonly PromotionWindowSpec[], now: Date): { open: boolean; summary: string } {
  const w = inPromotionWindow(windows, now);
  return { open: w.open, summary: w.open ? "" : `${w.reason}${w.nextOpen ? `; next opens ${w.nextOpen.toISOString()}` : ""}` };
}
