/**
 * Renders a metric's PromQL template for one variant. Variables: $program,
 * $version, $alias (the variant's first alias, or empty), $window (the report
 * window as a PromQL duration, e.g. 300s); `${version}` works too.
 */

export interface TemplateVars {
  program: string;
  version: number;
  aliases: readonly string[];
  windowMs: number;
}

const VARIABLE = /\$\{(program|version|alias|window)\}|\$(program|version|alias|window)(?![A-Za-z0-9_])/g;

/**
 * Escapes a value for a double-quoted PromQL string: `"a\"b"`. Only the quote,
 * the backslash and line breaks need it (PromQL rejects `\'` inside "…", so a
 * single quote is left alone). Put label variables in double quotes.
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n\r]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r" })[c]!);
}

/** A window as a PromQL duration in whole seconds (at least 1s): 300000 ms ⇒ "300s". */
export function promDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/** Example: `rate(x{version="$version"}[$window])` ⇒ `rate(x{version="2"}[300s])`. */
export function renderQuery(template: string, vars: TemplateVars): string {
  return template.replace(VARIABLE, (_match, braced: string | undefined, bare: string | undefined) => {
    switch (braced ?? bare) {
      case "program":
        return escapeLabelValue(vars.program);
      case "version":
        return String(vars.version);
      case "alias":
        return escapeLabelValue(vars.aliases[0] ?? "");
      default:
        return promDuration(vars.windowMs);
    }
  });
}
