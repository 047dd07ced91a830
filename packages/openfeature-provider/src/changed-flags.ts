import type { Snapshot } from "@arena/sdk";

/** Flag keys whose answers may differ between two snapshots: every key of each program whose entry changed. */
export function changedFlags(next: Snapshot, previous: Snapshot | undefined): string[] {
  const names = new Set([...Object.keys(next.programs), ...Object.keys(previous?.programs ?? {})]);
  const changed: string[] = [];
  for (const name of names) {
    if (JSON.stringify(next.programs[name]) === JSON.stringify(previous?.programs[name])) continue;
    changed.push(name, `${name}:version`, `${name}:config`);
  }
  return changed;
}
