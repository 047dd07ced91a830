/** The live gate's sample-ratio check over the champion and every challenger. */
import { srmCheck } from "../stats/srm.js";
import { formatP } from "./format.js";
import type { LiveGateInput, SrmStatus } from "./live-types.js";

export function liveSrm(input: LiveGateInput): SrmStatus {
  const versions = [input.champion, ...input.challengers];
  const exposures = versions.map((v) => input.exposures[v]);
  const weights = versions.map((v) => input.weights[v]);
  if (exposures.some((e) => typeof e !== "number") || weights.some((w) => typeof w !== "number")) {
    return { valid: true, checked: false, reason: "SRM not checked: exposures or weights missing" };
  }
  const observed = exposures.map((e) => e ?? 0);
  const result = srmCheck(
    observed,
    weights.map((w) => w ?? 0),
    input.srm,
  );
  if (result.status !== "ok") return { valid: true, checked: false, reason: `SRM not checked: ${result.reason}` };
  const split = versions.map((v, i) => `v${v} ${observed[i]} (expected ${Math.round(result.expected[i] ?? 0)})`).join(", ");
  const stats = `χ² = ${result.chi2.toFixed(2)}, ${formatP(result.pValue)}`;
  if (result.mismatch) {
    return {
      valid: false,
      checked: true,
      pValue: result.pValue,
      chiSquare: result.chi2,
      reason: `sample ratio mismatch: ${split}; ${stats}`,
    };
  }
  return { valid: true, checked: true, pValue: result.pValue, chiSquare: result.chi2, reason: `sample ratio ok (${stats})` };
}
