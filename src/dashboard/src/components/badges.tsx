import type { Health } from "../api/types.js";

const HEALTH_TEXT: Record<Health, string> = {
  passing: "passing",
  holding: "holding",
  failing: "failing",
  no_data: "no data",
  idle: "none running",
};
const HEALTH_ICON: Record<Health, string> = { passing: "✓", holding: "‖", failing: "✕", no_data: "?", idle: "–" };

/** Colour plus an icon and a word: never colour alone. */
export function HealthBadge({ health, reason }: { health: Health; reason?: string }) {
  return (
    <span className={`badge health-${health}`} title={reason}>
      <span aria-hidden="true">{HEALTH_ICON[health]}</span> {HEALTH_TEXT[health]}
    </span>
  );
}

const VERDICT_ICON: Record<string, string> = { pass: "✓", fail: "✕", no_data: "?", inconclusive: "…", skipped: "–" };
const VERDICT_TEXT: Record<string, string> = {
  pass: "pass",
  fail: "fail",
  no_data: "no data",
  inconclusive: "inconclusive",
  skipped: "skipped",
};

export function VerdictBadge({ verdict }: { verdict: string }) {
  return (
    <span className={`badge verdict-${verdict}`}>
      <span aria-hidden="true">{VERDICT_ICON[verdict] ?? "•"}</span> {VERDICT_TEXT[verdict] ?? verdict}
    </span>
  );
}

export function StatusBadge({ status, paused }: { status: string; paused?: boolean }) {
  const text = paused ? `${status.replace(/_/g, " ")} (paused)` : status.replace(/_/g, " ");
  return <span className={`badge status-${status}${paused ? " status-paused" : ""}`}>{text}</span>;
}
