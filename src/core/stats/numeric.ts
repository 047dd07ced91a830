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
 * Deterministic and robust to the sharp steps a product of CDFs can have.
 */
export function integrate(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxDepth = 40): number {
  const fa = f(a);
  const fb = f(b);
  const m = 0.5 * (a + b);
  const fm = f(m);
  return recurse(f, a, b, fa, fm, fb, simpson(fa, fm, fb, b - a), tol, maxDepth);
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
): number {
  const m = 0.5 * (a + b);
  const lm = 0.5 * (a + m);
  const rm = 0.5 * (m + b);
  const flm = f(lm);
  const frm = f(rm);
  const left = simpson(fa, flm, fm, m - a);
  const right = simpson(fm, frm, fb, b - m);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tol) return left + right + delta / 15;
  return (
    recurse(f, a, m, fa, flm, fm, left, tol / 2, depth - 1) + recurse(f, m, b, fm, frm, fb, right, tol / 2, depth - 1)
  );
}

/** Integral split into `pieces` equal panels, each integrated adaptively (avoids missing narrow peaks). */
export function integratePanels(f: (x: number) => number, a: number, b: number, pieces: number, tol = 1e-12): number {
  const width = (b - a) / pieces;
  let total = 0;
  for (let i = 0; i < pieces; i++) total += integrate(f, a + i * width, a + (i + 1) * width, tol / pieces);
  return total;
}
