/**
 * Reads what the proxy hands over on POST /arena/drain:
 *
 *   arena-telemetry 1
 *   w <version> <window start ms> <requests> <errors> <n> <Σ latency> <Σ latency²> <zero count> <key:count,…|->
 *   E <unit id> <alias> <version> <at ms>          ids of [A-Za-z0-9-._~@:/+=] only
 *   e <hex unit id> <alias> <version> <at ms>      any other id
 *   more                                           exposures are left: drain again
 *   d <windows dropped> <exposures dropped> <shadow copies dropped>
 *   f <answers folded> <distinct packed integers they were counted under>
 *   end
 *
 * and turns each window into the `aggregate` event of POST /v1/telemetry, with the
 * latency sketch in the server's DDSketch layout (bins keyed exactly as src/sdk/sketch.ts).
 */
import { MAX_BINS, SKETCH_ACCURACY, type SketchData } from "../sdk/sketch.js";

export interface DrainedExposure {
  unitId: string;
  alias: string;
  version: number;
  at: number;
}

export interface Drained {
  aggregates: object[];
  exposures: DrainedExposure[];
  dropped: { windows: number; exposures: number; shadow: number };
  /** Exposures are left in the proxy: drain again soon. */
  more: boolean;
  /** Answers folded into windows since the last drain, and the distinct (latency, version, status) integers they came as. */
  folded: { answers: number; keys: number };
}

const int = (text: string | undefined, what: string): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`drain: ${what} is not an integer: ${text}`);
  return n;
};

const decoder = new TextDecoder();

/** Dense bins from "key:count" pairs; a range wider than MAX_BINS is folded into its lowest kept key, as the SDK does. */
export function sketchOf(pairs: string, zeroCount: number): SketchData {
  const bins = new Map<number, number>();
  if (pairs !== "-") {
    for (const pair of pairs.split(",")) {
      const [k, c] = pair.split(":");
      const key = int(k, "sketch key");
      bins.set(key, (bins.get(key) ?? 0) + int(c, "sketch count"));
    }
  }
  if (bins.size === 0) return { relativeAccuracy: SKETCH_ACCURACY, zeroCount, positive: { offset: 0, counts: [] } };
  const keys = [...bins.keys()];
  const max = Math.max(...keys);
  const min = Math.max(Math.min(...keys), max - MAX_BINS + 1);
  const counts = new Array<number>(max - min + 1).fill(0);
  for (const [key, count] of bins) counts[Math.max(key, min) - min]! += count;
  return { relativeAccuracy: SKETCH_ACCURACY, zeroCount, positive: { offset: min, counts } };
}

export function parseDrain(text: string, program: string): Drained {
  const out: Drained = { aggregates: [], exposures: [], dropped: { windows: 0, exposures: 0, shadow: 0 }, more: false, folded: { answers: 0, keys: 0 } };
  const lines = text.split("\n");
  if (lines[0] !== "arena-telemetry 1") throw new Error(`drain: unexpected header ${JSON.stringify(lines[0]?.slice(0, 40))}`);
  let complete = false;
  for (const line of lines.slice(1)) {
    const w = line.split(" ");
    if (w[0] === "end") {
      complete = true;
      break;
    }
    if (w[0] === "w") {
      const n = int(w[5], "n");
      const zero = int(w[8], "zero count");
      out.aggregates.push({
        type: "aggregate",
        program,
        version: int(w[1], "version"),
        at: int(w[2], "window start"),
        window: {
          requests: int(w[3], "requests"),
          errors: int(w[4], "errors"),
          latency: { n, sum: Number(w[6]), sumSquares: Number(w[7]), sketch: n > 0 ? sketchOf(w[9] ?? "-", zero) : null },
        },
      });
    } else if (w[0] === "e" || w[0] === "E") {
      const unitId = w[0] === "E" ? (w[1] ?? "") : decoder.decode(Buffer.from(w[1] ?? "", "hex"));
      out.exposures.push({ unitId, alias: w[2] ?? "", version: int(w[3], "version"), at: int(w[4], "time") });
    } else if (w[0] === "more") {
      out.more = true;
    } else if (w[0] === "f") {
      out.folded = { answers: int(w[1], "folded answers"), keys: int(w[2], "folded keys") };
    } else if (w[0] === "d") {
      out.dropped = { windows: int(w[1], "dropped windows"), exposures: int(w[2], "dropped exposures"), shadow: int(w[3], "dropped shadow copies") };
    }
  }
  if (!complete) throw new Error("drain: no end line (truncated)");
  return out;
}
