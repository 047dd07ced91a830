/**
 * Segment keys: every event counts under "all" and under one key per declared
 * dimension ("region=eu"). Values outside a dimension's declared list count as
 * "other", so a typo or an attacker cannot explode storage.
 */
export const ALL = "all";
export const OTHER = "other";

export interface SegmentDimension {
  name: string;
  values: readonly string[];
}

export interface SegmentSpec {
  dimensions: readonly SegmentDimension[];
}

/** Keys an event with these segment values counts under, "all" first. */
export function segmentKeys(spec: SegmentSpec, values: Readonly<Record<string, string>> | undefined): string[] {
  const keys = [ALL];
  for (const d of spec.dimensions) {
    const raw = values?.[d.name];
    if (raw === undefined) continue;
    keys.push(`${d.name}=${d.values.includes(raw) ? raw : OTHER}`);
  }
  return keys;
}

/** Every key a spec can produce (for listing segments with no data). */
export function allSegmentKeys(spec: SegmentSpec): string[] {
  return [ALL, ...spec.dimensions.flatMap((d) => [...d.values, OTHER].map((v) => `${d.name}=${v}`))];
}
