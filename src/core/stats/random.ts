/**
 * Deterministic randomness for the pure core: the core never reads a global
 * random source; callers pass a `Random` (usually `mulberry32(seed)`), so
 * simulations and bandit draws replay exactly.
 */

/** A source of uniforms in [0, 1). */
export type Random = () => number;

/** mulberry32: a tiny 32-bit PRNG, good enough for simulation and Thompson draws (not for secrets). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by the Marsaglia polar method. */
export function normalDraw(random: Random): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) by Marsaglia–Tsang (2000); shape < 1 via the u^(1/shape) boost. */
export function gammaDraw(random: Random, shape: number): number {
  if (shape < 1) {
    const u = random();
    return gammaDraw(random, shape + 1) * Math.pow(u > 0 ? u : Number.MIN_VALUE, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function betaDraw(random: Random, a: number, b: number): number {
  const x = gammaDraw(random, a);
  const y = gammaDraw(random, b);
  return x / (x + y);
}

/** χ²_k = 2 · Gamma(k/2). */
export function chiSquareDraw(random: Random, k: number): number {
  return 2 * gammaDraw(random, k / 2);
}

/**
 * Binomial(n, p), exact: Knuth's beta-splitting recursion reduces n
 * geometrically, then counts Bernoulli trials once n is small.
 */
export function binomialDraw(random: Random, n: number, p: number): number {
  let k = 0;
  let trials = Math.round(n);
  let prob = p;
  while (trials > 40) {
    const a = 1 + Math.floor(trials / 2);
    const b = trials - a + 1;
    const x = betaDraw(random, a, b);
    if (x >= prob) {
      trials = a - 1;
      prob = prob / x;
    } else {
      k += a;
      trials = b - 1;
      prob = (prob - x) / (1 - x);
    }
  }
  for (let i = 0; i < trials; i++) if (random() < prob) k += 1;
  return k;
}
