/** Average ranks with tie bookkeeping, shared by the rank tests. */

export interface Ranking {
  /** Rank of each input value, ties given their average rank (1-based). */
  ranks: Float64Array;
  /** Σ (t³ − t) over tie groups of size t. */
  tieTerm: number;
}

export function averageRanks(values: ArrayLike<number>): Ranking {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const v = values[order[i] ?? 0];
    while (j + 1 < n && values[order[j + 1] ?? 0] === v) j++;
    const t = j - i + 1;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] ?? 0] = avg;
    if (t > 1) tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}
