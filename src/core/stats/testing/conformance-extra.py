"""Generates src/core/stats/conformance-extra.json: reference values for the
methods the shared vectors do not cover, computed independently with
numpy/scipy (a different formulation from the TypeScript where one exists).

    python3 src/core/stats/testing/conformance-extra.py > src/core/stats/conformance-extra.json
"""
import json
import numpy as np
import scipy
from scipy import stats, integrate, optimize

Z = stats.norm.ppf(0.975)
cases = []

# 1. Ratio metric, delta method — via per-unit linearised residuals
#    r_i = (x_i - R y_i) / ybar, Var(R) = var(r, ddof=1) / n  (Deng et al. 2018 §3)
ctrl = [(2.0, 1), (3.5, 2), (0.0, 1), (7.2, 4), (1.1, 1), (4.4, 3), (2.2, 2), (5.0, 2)]
trt = [(3.1, 1), (2.5, 2), (1.0, 1), (9.9, 5), (0.4, 1), (6.6, 3), (2.0, 1), (4.8, 2), (3.3, 2)]


def ratio_arm(units):
    x = np.array([u[0] for u in units], float)
    y = np.array([u[1] for u in units], float)
    R = x.sum() / y.sum()
    r = (x - R * y) / y.mean()
    return R, np.var(r, ddof=1) / len(x)


Ra, Va = ratio_arm(ctrl)
Rb, Vb = ratio_arm(trt)
se = np.sqrt(Va + Vb)
rel_se = np.sqrt(Vb / Ra**2 + Va * Rb**2 / Ra**4)
cases.append({
    "name": "ratio_delta_method_units",
    "inputs": {"champion_units": ctrl, "challenger_units": trt, "alpha": 0.05},
    "expected": {
        "ratio_champion": Ra, "variance_champion": Va, "ratio_challenger": Rb, "variance_challenger": Vb,
        "diff": Rb - Ra, "se": se, "ci": [Rb - Ra - Z * se, Rb - Ra + Z * se],
        "p_value": 2 * stats.norm.sf(abs((Rb - Ra) / se)),
        "relative": (Rb - Ra) / Ra, "relative_se": rel_se,
    },
    "tolerance": {"abs": 1e-12},
    "formula": "R = sum x / sum y; Var(R) = var_{n-1}((x_i - R y_i)/ybar)/n (linearisation; algebraically the moment form s_x^2/ybar^2 - 2 xbar s_xy/ybar^3 + xbar^2 s_y^2/ybar^4 over n); normal interval",
    "source": "Deng, Knoblich, Lu (2018) Applying the Delta Method in Metric Analytics, KDD; numpy on this machine",
})

# 2. Quantile: asymptotic se of the sample quantile from the true density
#    (Bahadur): se = sqrt(q(1-q)/n) / f(Q(q)).
for (label, dist, n, q) in [
    ("lognormal_p95", stats.lognorm(s=0.5, scale=100.0), 20000, 0.95),
    ("lognormal_p50", stats.lognorm(s=0.5, scale=100.0), 20000, 0.50),
]:
    Q = dist.ppf(q)
    cases.append({
        "name": f"quantile_asymptotic_{label}",
        "inputs": {"distribution": "lognormal(meanlog=ln 100, sdlog=0.5)", "n": n, "quantile": q, "relative_accuracy": 0.01, "seed": 7},
        "expected": {"quantile": Q, "density": dist.pdf(Q), "se": np.sqrt(q * (1 - q) / n) / dist.pdf(Q)},
        "tolerance": {"quantile_rel": 0.02, "se_rel": 0.12},
        "formula": "Q = F^-1(q); se = sqrt(q(1-q)/n)/f(Q). The engine estimates both from a DDSketch of n seeded draws, so it must agree within sampling error (≈ 1 se for Q; ≈ 10 % for the density estimate).",
        "source": "scipy.stats.lognorm on this machine; Bahadur (1966) representation",
    })

# 3. Bayesian expected loss by numerical integration (not the closed form)
for (mu, sd) in [(0.01, 0.02), (-0.004, 0.003)]:
    pdf = stats.norm(mu, sd).pdf
    lo, hi = mu - 15 * sd, mu + 15 * sd
    gain = integrate.quad(lambda x: max(x, 0.0) * pdf(x), lo, hi, points=[0.0], epsabs=1e-14, limit=200)[0]
    loss = integrate.quad(lambda x: max(-x, 0.0) * pdf(x), lo, hi, points=[0.0], epsabs=1e-14, limit=200)[0]
    cases.append({
        "name": f"bayes_expected_loss_mu{mu}_sd{sd}",
        "inputs": {"estimate": mu, "se": sd},
        "expected": {"chance_to_win": stats.norm.sf(0, mu, sd), "risk_keep_champion": gain, "risk_choose_challenger": loss},
        "tolerance": {"abs": 1e-10},
        "formula": "flat prior: posterior N(est, se^2); risk = [E max(X,0), E max(-X,0)] integrated numerically with scipy.integrate.quad",
        "source": "scipy on this machine",
    })

# 4. Classifier metrics: Wilson intervals, and F1's delta-method variance from
#    the full multinomial (numerical gradient) — not the Jaccard shortcut.
tp, fp, tn, fn = 70, 30, 880, 20


def wilson(x, n):
    p = x / n
    den = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / den
    half = Z * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / den
    return [centre - half, centre + half]


N = tp + fp + tn + fn
P = np.array([tp, fp, tn, fn], float) / N
f1 = lambda v: 2 * v[0] / (2 * v[0] + v[1] + v[3])
grad = np.array([(f1(P + h) - f1(P - h)) / 2e-7 for h in np.eye(4) * 1e-7])
cov = (np.diag(P) - np.outer(P, P)) / N
J = tp / (tp + fp + fn)
wj = wilson(tp, tp + fp + fn)
cases.append({
    "name": "classifier_metrics_intervals",
    "inputs": {"tp": tp, "fp": fp, "tn": tn, "fn": fn, "alpha": 0.05},
    "expected": {
        "precision": tp / (tp + fp), "precision_ci": wilson(tp, tp + fp),
        "recall": tp / (tp + fn), "recall_ci": wilson(tp, tp + fn),
        "fpr": fp / (fp + tn), "fpr_ci": wilson(fp, fp + tn),
        "accuracy": (tp + tn) / N, "accuracy_ci": wilson(tp + tn, N),
        "f1": 2 * tp / (2 * tp + fp + fn), "f1_ci": [2 * wj[0] / (1 + wj[0]), 2 * wj[1] / (1 + wj[1])],
        "f1_variance_multinomial_delta": float(grad @ cov @ grad),
    },
    "tolerance": {"abs": 1e-9, "f1_variance_abs": 1e-9},
    "formula": "Wilson score interval (Wilson 1927) per rate; F1 = 2J/(1+J), J = tp/(tp+fp+fn), interval = Wilson(J) mapped through 2J/(1+J); Var(F1) by the multinomial delta method over (tp, fp, tn, fn)/N with a numerical gradient",
    "source": "numpy/scipy on this machine",
})

# 5. PSI significance test (Yurdakul 2018): PSI/(1/N + 1/M) ~ chi2_{B-1}
e = np.array([100, 200, 300, 400], float)
a = np.array([130, 170, 280, 420], float)
pe, pa = e / e.sum(), a / a.sum()
psi = float(np.sum((pa - pe) * np.log(pa / pe)))
stat = psi / (1 / e.sum() + 1 / a.sum())
pearson = stats.chi2_contingency(np.vstack([e, a]), correction=False)
cases.append({
    "name": "psi_significance_test",
    "inputs": {"expected_counts": e.tolist(), "actual_counts": a.tolist()},
    "expected": {"psi": psi, "statistic": stat, "df": 3, "p_value": stats.chi2.sf(stat, 3),
                 "cross_check_pearson_chi2": float(pearson.statistic), "cross_check_pearson_p": float(pearson.pvalue)},
    "tolerance": {"abs": 1e-12, "cross_check_rel": 0.05},
    "formula": "PSI = sum (a_i - e_i) ln(a_i/e_i); T = PSI/(1/N + 1/M) ~ chi2(B-1) under no shift; asymptotically equivalent to Pearson's chi-square test of homogeneity (cross-check)",
    "source": "Yurdakul (2018) Statistical Properties of Population Stability Index, Western Michigan University; scipy on this machine",
})

# 6. Time to decision: hours of traffic until the test reaches 80 % power
va, vb, delta, n0, rate = 1.0, 1.5, 0.1, 500.0, 120.0
zb = stats.norm.ppf(0.8)
n_req = (Z + zb) ** 2 * (va + vb) / delta**2
l = -2 * np.log(0.05)
rho = np.sqrt((l + np.log(l + 1)) / 20000)


def seq_gap(h):
    n = n0 + rate * h
    se = np.sqrt((va + vb) / n)
    r = 2 * n * rho**2
    m = np.sqrt((r + 1) / r * 2 * np.log(np.sqrt(r + 1) / 0.05))
    return delta / se - m - zb


h_seq = optimize.brentq(seq_gap, 0, 1e6, xtol=1e-12)
cases.append({
    "name": "time_to_decision",
    "inputs": {"effect": delta, "variance_champion": va, "variance_challenger": vb, "n_per_arm": n0,
               "rate_per_hour_per_arm": rate, "alpha": 0.05, "power": 0.8, "sequential_tuning": 20000},
    "expected": {"n_per_arm_fixed": n_req, "hours_fixed": (n_req - n0) / rate, "hours_sequential": h_seq},
    "tolerance": {"rel": 1e-5},
    "formula": "fixed: n = (z_{1-a/2} + z_{power})^2 (va + vb)/delta^2 per arm, hours = (n - n0)/rate; sequential: smallest h with delta/se(n) - M(2n) = z_{power}, M the confidence-sequence multiplier, solved with scipy brentq",
    "source": "hand derivation; scipy on this machine",
})

print(json.dumps({"generated_with": {"numpy": np.__version__, "scipy": scipy.__version__}, "cases": cases}, indent=2, default=float))
