/** Times for people, and the policy engine's own number formatting (the same words as the CLI and decision records). */
export { formatDifference, formatInterval, formatNumber, formatValue, isPercentUnit } from "../../../core/policy/format.js";

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

/** "in 3 min", "12 s ago". */
export function relativeTime(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const a = Math.abs(ms);
  const text =
    a < 60_000
      ? `${Math.round(a / 1000)} s`
      : a < 3_600_000
        ? `${Math.round(a / 60_000)} min`
        : a < 86_400_000
          ? `${(a / 3_600_000).toFixed(1)} h`
          : `${(a / 86_400_000).toFixed(1)} d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  if (ms < 86_400_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  return `${+(ms / 86_400_000).toFixed(1)} d`;
}

export const percent = (share: number): string => `${+(share * 100).toFixed(2)} %`;
