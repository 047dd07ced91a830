/** Suggestions for a mistyped name, for validation messages. Pure. */
import { closest, distance } from "fastest-levenshtein";

/** " (did you mean fpr?)" when a known name is within two edits (or a third of the name), or one begins the other (fpr_rate → fpr). */
export function didYouMean(name: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const best = closest(name, [...known]);
  if (distance(name, best) <= Math.max(2, Math.floor(name.length / 3))) return ` (did you mean ${best}?)`;
  const stem = known.find((k) => k.length >= 3 && (name.startsWith(k) || k.startsWith(name)));
  return stem ? ` (did you mean ${stem}?)` : "";
}
