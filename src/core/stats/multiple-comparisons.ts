/**
 * Multiple-comparison adjustment over every (metric × challenger) p-value of
 * one analysis. Holm–Bonferroni controls the family-wise error rate under any
 * dependence; Benjamini–Hochberg controls the false discovery rate under
 * independence or positive dependence.
 */

export type Correction = "holm" | "benjamini-hochberg" | "none";

const sanitise = (x: number): number => (x >= 0 && x <= 1 ? x : 1);

function orderAscending(p: readonly number[]): number[] {
  return p.map((_, i) => i).sort((i, j) => (p[i] ?? 0) - (p[j] ?? 0));
}

/**
 * Holm: sorted ascending, adj₍ᵢ₎ = min(1, p₍ᵢ₎ (m − i + 1)) made non-decreasing.
 * @example holmBonferroni([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmBonferroni(raw: readonly number[]): number[] {
  const p = raw.map(sanitise);
  const m = p.length;
  const order = orderAscending(p);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (p[idx] ?? 1) * (m - rank)));
    adjusted[idx] = running;
  });
  return adjusted;
}

/** Benjamini–Hochberg: adj₍ₖ₎ = min(1, p₍ₖ₎ m/k), made non-increasing from the largest p down. */
export function benjaminiHochberg(raw: readonly number[]): number[] {
  const p = raw.map(sanitise);
  const m = p.length;
  const order = orderAscending(p);
  const adjusted = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank] ?? 0;
    running = Math.min(running, Math.min(1, ((p[idx] ?? 1) * m) / (rank + 1)));
    adjusted[idx] = running;
  }
  return adjusted;
}

/**
 * Adjusted p-values in input order. A p-value that is not a number in [0, 1]
 * (NaN, negative, > 1) is treated as 1 — "no evidence" — before ordering,
 * so one broken input can neither make another comparison significant nor
 * leave NaN in the output.
 */
export function adjustPValues(p: readonly number[], correction: Correction): number[] {
  p = p.map(sanitise);
  if (correction === "holm") return holmBonferroni(p);
  if (correction === "benjamini-hochberg") return benjaminiHochberg(p);
  return [...p];
}
