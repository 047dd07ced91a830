/** One result in a sentence, with the same words as decision records and the CLI. */
import { describeResult } from "../../../core/policy/describe.js";
import type { ConditionResult } from "../api/types.js";

export const describe = (r: ConditionResult): string => describeResult(r);
