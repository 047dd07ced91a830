/** Small deterministic numerical routines: root bracketing and adaptive quadrature. */

/**
 * Bisection on a bracket [lo, hi] with f(lo) and f(hi) of opposite signs.
 * Chosen over Brent because the Mann–Whitney shift functions are step
 * functions: bisection converges to the jump, Brent's interpolation gains nothing.
 */
export function bisect(f: (x: number) => number, lo: number, hi: number, tol = 1e-12, maxIter = 200): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  for (let i = 0; i < maxIter && b - a > tol * Math.max(1, Math.abs(a) + Math.abs(b)); i++) {
    const m = 0.5 * (a + b);
    const fm = f(m);
    if (fm === 0) return m;
    if (Math.sign(fm) === Math.sign(fa)) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
  }
  return 0.5 * (a + b);
}

function simpson(fa: number, fm: number, fb: number, h: number): number {
  return (h / 6) * (fa + 4 * fm + fb);
}

/**
 * Adaptive Simpson quadrature of f over [a, b] to absolute tolerance `tol`.
 * Deterministic and robust to the sharp steps a product of CDFs can have;
 * at most `maxEvaluations` calls of f, so it returns in bounded time on any input.
 */
export function integrate(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxDepth = 40, maxEvaluations = 20_000): number {
  const budget = { left: maxEvaluations };
  const g = (x: number): number => {
    budget.left -= 1;
    return f(x);
  };
  const fa = g(a);
  const fb = g(b);
  const m = 0.5 * (a + b);
  const fm = g(m);
  return recurse(g, a, b, fa, fm, fb, simpson(fa, fm, fb, b - a), tol, maxDepth, budget);
}

function recurse(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fm: number,
  fb: number,
  whole: number,
  tol: number,
  depth: number,
  budget: { left: number },
): number {
  const m = 0.5 * (a + b);
  const lm = 0.5 * (a + m);
  const rm = 0.5 * (m + b);
  const flm = f(lm);
  const frm = f(rm);
  const left = simpson(fa, flm, fm, m - a);
  const right = simpson(fm, frm, fb, b - m);
  const delta = left + right - whole;
  // The evaluation budget bounds the time on any integrand (a NaN never satisfies the tolerance).
  if (depth <= 0 || budget.left <= 0 || Math.abs(delta) <= 15 * tol) return left + right + delta / 15;
  return recurse(f, a, m, fa, flm, fm, left, tol / 2, depth - 1, budget) + recurse(f, m, b, fm, frm, fb, right, tol / 2, depth - 1, budget);
}

/** Gauss–Legendre nodes and weights on [−1, 1] for 8 points (Newton on P₈, computed once). */
const GL8 = legendreRule(8);

function legendreRule(n: number): { x: number[]; w: number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const pk = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = pk;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(z);
    w.push(2 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}

/** Composite 8-point Gauss–Legendre over `panels` equal panels: exactly 8 × panels evaluations of f. */
export function gaussLegendre(f: (x: number) => number, a: number, b: number, panels: number): number {
  const width = (b - a) / panels;
  let total = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * width;
    const half = width / 2;
    for (let k = 0; k < GL8.x.length; k++) total += (GL8.w[k] ?? 0) * f(mid + half * (GL8.x[k] ?? 0));
  }
  return (total * width) / 2;
}
