/** Output helpers: aligned tables for people, JSON for scripts. */
export interface Output {
  json: boolean;
  print(text: string): void;
}

export function consoleOutput(json: boolean): Output {
  return { json, print: (text) => process.stdout.write(`${text}\n`) };
}

/** Renders rows as an aligned table with a header. */
export function table(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = rows.map((row) => row.map((c) => (c === null || c === undefined ? "-" : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(headers), ...cells.map(line)].join("\n");
}

/** Prints `value` as JSON when --json was given, else the human rendering. */
export function emit(out: Output, value: unknown, human: () => string): void {
  out.print(out.json ? JSON.stringify(value, null, 2) : human());
}

export function shortTime(iso: string | null | undefined): string {
  return iso ? iso.replace("T", " ").replace(/\.\d{3}Z$/, "Z") : "-";
}

/** Commander collector for a repeatable option: `--check a --check b` → ["a", "b"]. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
