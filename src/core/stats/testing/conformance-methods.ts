/**
 * Which conformance test file handles which vector method of
 * conformance/stats-vectors.json (the suite is split in two files
 * to keep each readable; together they must cover every vector).
 */
export const FREQUENTIST_METHODS: readonly string[] = [
  "welch_t_relative_delta_method",
  "welch_t_absolute",
  "welch_t_relative_delta_method_binomial",
  "gb_sequential_asymptotic_cs",
  "gb_cuped_relative_then_sequential_cs",
  "gb_bayesian_gaussian_effect",
  "srm_chi_square",
  "holm_bonferroni_adjusted_p",
  "benjamini_hochberg_adjusted_p",
  "gb_power_mde_normal",
  "welch_t_test_two_sided",
  "two_proportion_z_pooled",
  "relative_lift_ci_delta_normal",
];

export const RANK_DRIFT_BANDIT_METHODS: readonly string[] = [
  "mann_whitney_u_two_sided_asymptotic",
  "mann_whitney_location_shift_ci_R_wilcox_algorithm",
  "kayenta_netflix_aca_judge",
  "population_stability_index",
  "normal_approx_sample_size",
  "msprt_normal_mixture",
  "gaussian_thompson_sampling",
  "beta_bernoulli_thompson_sampling",
  "multiwindow_multi_burn_rate",
];
