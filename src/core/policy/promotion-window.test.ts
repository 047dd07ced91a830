import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inPromotionWindow, parseHours } from "./promotion-window.js";

// 2026-11-23 is a Monday.
const at = (iso: string): Date => new Date(iso);
const weekdays = [{ days: ["mon", "tue", "wed", "thu", "fri"] as const, hours: "09:00-17:00" }].map((w) => ({ ...w, days: [...w.days] }));

describe("inPromotionWindow", () => {
  it("an empty list means always open", () => {
    expect(inPromotionWindow([], at("2026-11-22T03:00:00Z"))).toMatchObject({ open: true });
  });

  it("open inside the hours of a listed day (UTC), start inclusive, end exclusive", () => {
    expect(inPromotionWindow(weekdays, at("2026-11-23T09:00:00Z")).open).toBe(true);
    expect(inPromotionWindow(weekdays, at("2026-11-23T16:59:59Z")).open).toBe(true);
    expect(inPromotionWindow(weekdays, at("2026-11-23T17:00:00Z")).open).toBe(false);
    expect(inPromotionWindow(weekdays, at("2026-11-23T10:00:00Z")).reason).toBe(
      "inside the promotion window mon,tue,wed,thu,fri 09:00-17:00 UTC",
    );
  });

  it("closed: says when it next opens (later today, or on the next listed day)", () => {
    expect(inPromotionWindow(weekdays, at("2026-11-23T07:30:00Z"))).toEqual({
      open: false,
      nextOpen: at("2026-11-23T09:00:00Z"),
      reason: "outside the promotion windows (mon,tue,wed,thu,fri 09:00-17:00 UTC)",
    });
    expect(inPromotionWindow(weekdays, at("2026-11-27T18:00:00Z")).nextOpen).toEqual(at("2026-11-30T09:00:00Z"));
    expect(inPromotionWindow(weekdays, at("2026-11-28T12:00:00Z")).nextOpen).toEqual(at("2026-11-30T09:00:00Z"));
  });

  it("overnight windows belong to the day they start on", () => {
    const night = [{ days: ["fri" as const], hours: "22:00-02:00" }];
    expect(inPromotionWindow(night, at("2026-11-27T23:00:00Z")).open).toBe(true);
    expect(inPromotionWindow(night, at("2026-11-28T01:59:00Z")).open).toBe(true);
    expect(inPromotionWindow(night, at("2026-11-28T02:00:00Z")).open).toBe(false);
    expect(inPromotionWindow(night, at("2026-11-27T01:00:00Z")).open).toBe(false);
  });

  it("whole days, several windows, and windows that never open", () => {
    const weekend = [{ days: ["sat" as const, "sun" as const], hours: "00:00-24:00" }, ...weekdays];
    expect(inPromotionWindow(weekend, at("2026-11-29T23:59:00Z")).open).toBe(true);
    const never = inPromotionWindow([{ days: ["mon" as const], hours: "10:00-10:00" }], at("2026-11-23T10:00:00Z"));
    expect(never.open).toBe(false);
    expect(never.nextOpen).toBeUndefined();
    expect(never.reason).toContain("none ever opens");
    expect(parseHours("9:00-17:00")).toBeNull();
  });

  it("nextOpen is always later than now and is itself open (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }), (t) => {
        const status = inPromotionWindow(weekdays, new Date(t));
        if (status.open) return;
        expect(status.nextOpen!.getTime()).toBeGreaterThan(t);
        expect(inPromotionWindow(weekdays, status.nextOpen!).open).toBe(true);
        expect(inPromotionWindow(weekdays, new Date(status.nextOpen!.getTime() - 1)).open).toBe(false);
      }),
    );
  });
});
