/** The one duration grammar of policies, query windows and the CLI: a number (decimals allowed) and a unit. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
export const DURATION_RULE = "a duration such as 250ms, 30s, 15m, 1.5h or 7d";
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration, or NaN when the text is not one. */
export function durationMsOrNaN(text: string): number {
  const match = DURATION_PATTERN.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : Number.NaN;
}

/** Parses "250ms", "30s", "15m", "1h" or "7d" into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  const ms = durationMsOrNaN(text);
  if (Number.isNaN(ms)) throw new Error(`"${text}" is not ${DURATION_RULE}`);
  return ms;
}
