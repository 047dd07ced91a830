import type { TrafficShape } from "./traffic.js";

/** What a webhook can subscribe to; `alias_moved` is sent for every move of an alias, by hand or by the controller. */
export type NotificationEvent = "promotion" | "rollback" | "approval_needed" | "gate_failed" | "srm" | "burn_rate" | "hold" | "alias_moved";

/** What a transition asks the shell to do, in the same unit of work as the state write. */
export type Effect =
  | { type: "traffic"; traffic: TrafficShape; reason: string }
  /** `expected`: compare-and-set on the alias's current version (undefined: no check). */
  | { type: "alias"; alias: string; version: number | null; expected: number | null | undefined; reason: string }
  | { type: "notify"; event: NotificationEvent; severity: "page" | "ticket" | "info"; summary: string };

export type DecisionAction =
  | "start"
  | "advance"
  | "hold"
  | "await_approval"
  | "approve"
  | "reject"
  | "promote"
  | "rollback"
  | "abort"
  | "pause"
  | "resume"
  | "reweight"
  | "burn_in_passed"
  | "not_promoted";

export interface DecisionDraft {
  action: DecisionAction;
  summary: string;
  /** The condition results the decision rests on, per version. */
  conditions: Record<string, unknown[]>;
  severity: "page" | "ticket" | "info";
}
