import type { PolicyDocument } from "../../contracts/policy.js";
import { inPromotionWindow } from "../../core/policy/promotion-window.js";

/** Whether a promotion may happen now under the policy's promotion windows (UTC). */
export function promotionWindowOf(policy: PolicyDocument, now: Date): { open: boolean; summary: string } {
  const w = inPromotionWindow(policy.promotionWindows, now);
  return { open: w.open, summary: w.open ? "" : `${w.reason}${w.nextOpen ? `; next opens ${w.nextOpen.toISOString()}` : ""}` };
}
