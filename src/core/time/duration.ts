const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "250ms", "30s", "15m", "1h" or "7d" into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration such as 30s, 15m, 1h or 7d`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
