import { describe, expect, it } from "vitest";
import { QuantileSketch } from "../sdk/sketch.js";
import { parseDrain, sketchOf } from "./drain-format.js";
import { compileTable, hexOf, type RouteTarget } from "./table-format.js";
import { parseUpstreamFlags, upstreamAddress } from "./upstreams.js";

const target = (alias: string, version: number, port: number): [string, RouteTarget] => [alias, { alias, version, ip: "10.0.0.1", port }];
const plan = { hashVersion: 1, seed: "checkout", slots: 10, arms: [{ alias: "challenger", slot: 9, weight: 0.1 }], shadow: [{ alias: "shadow", sample: 0.5 }], overrides: { "qa 7\n": "challenger" } };

describe("the proxy's table", () => {
  it("writes ranges and thresholds from compilePlan, unit ids in hex", () => {
    const { text, warnings } = compileTable({ revision: 7, program: "checkout", plan, targets: new Map([target("champion", 1, 81), target("challenger", 2, 82), target("shadow", 3, 83)]) });
    expect(warnings).toEqual([]);
    expect(text).toBe(
      ["arena-table 1", "rev 7", "program checkout", "target t0 champion 1 10.0.0.1 81", "champion t0", `seed ${hexOf("checkout")}`, "target t1 challenger 2 10.0.0.1 82",
        "arm 3865470566 4294967295 t1", "target t2 shadow 3 10.0.0.1 83", "shadow 2147483648 t2", `override ${hexOf("qa 7\n")} t1`, "end", ""].join("\n"),
    );
  });

  it("serves an alias without an upstream from the champion, and says so", () => {
    const { text, warnings } = compileTable({ revision: 1, program: "checkout", plan, targets: new Map([target("champion", 1, 81)]) });
    expect(text).toContain("arm 3865470566 4294967295 t0");
    expect(text).not.toContain("shadow ");
    expect(warnings.join("\n")).toMatch(/@challenger has no upstream[\s\S]*shadow @shadow has no upstream/);
  });

  it("serves the champion to everyone when the plan cannot be used", () => {
    const { text, warnings } = compileTable({ revision: 1, program: "checkout", plan: { ...plan, hashVersion: 2 }, targets: new Map([target("champion", 1, 81), target("challenger", 2, 82)]) });
    expect(text).not.toMatch(/^arm /m);
    expect(warnings[0]).toMatch(/unsupported hash version 2/);
  });

  it("encodes lone surrogates as U+FFFD, as the SDK hashes them", () => {
    expect(hexOf("a\ud800b")).toBe("61efbfbd62");
  });
});

describe("the proxy's drain", () => {
  it("turns windows into aggregate events whose sketch matches the SDK's", () => {
    const values = [0.2, 1.5, 1.5, 12, 250];
    const sdk = new QuantileSketch();
    for (const v of values) sdk.accept(v);
    const keys = new Map<number, number>();
    for (const v of values) keys.set(Math.ceil(Math.log2(v) * 34.65620375188817), (keys.get(Math.ceil(Math.log2(v) * 34.65620375188817)) ?? 0) + 1);
    const pairs = [...keys].map(([k, c]) => `${k}:${c}`).join(",");
    const drained = parseDrain(`arena-telemetry 1\nw 2 1796161550000 6 1 6 265.2 63000.5 1 ${pairs}\ne ${hexOf("user-1")} challenger 2 1796161551000\nd 0 3 1\nf 6 4\nend\n`, "checkout");
    expect(drained.aggregates).toEqual([
      { type: "aggregate", program: "checkout", version: 2, at: 1796161550000, window: { requests: 6, errors: 1, latency: { n: 6, sum: 265.2, sumSquares: 63000.5, sketch: { ...sdk.export(), zeroCount: 1 } } } },
    ]);
    expect(drained.exposures).toEqual([{ unitId: "user-1", alias: "challenger", version: 2, at: 1796161551000 }]);
    expect(drained.dropped).toEqual({ windows: 0, exposures: 3, shadow: 1 });
    expect(drained.more).toBe(false);
    expect(drained.folded).toEqual({ answers: 6, keys: 4 });
  });

  it("refuses a truncated or foreign drain rather than shipping half of it", () => {
    expect(() => parseDrain("arena-telemetry 1\nw 1 0 1 0 1 1 1 0 0:1\n", "p")).toThrow(/truncated/);
    expect(() => parseDrain("<html>\n", "p")).toThrow(/unexpected header/);
    expect(() => parseDrain("arena-telemetry 1\nw x 0 1 0 1 1 1 0 -\nend\n", "p")).toThrow(/version is not an integer/);
  });

  it("folds a range wider than the server's bin bound into its lowest kept key", () => {
    const s = sketchOf("-5000:2,10:1", 0);
    expect(s.positive.counts.length).toBe(4_096);
    expect(s.positive.offset).toBe(10 - 4_095);
    expect(s.positive.counts[0]).toBe(2);
  });
});

describe("upstream addresses", () => {
  const t = (artifactUri: string | null, config: unknown = null) => ({ version: 3, artifactUri, config });
  it("takes the flag first, then an http artifact URI, then config.upstream", () => {
    expect(upstreamAddress(t("http://10.0.0.3:8080"), new Map([[3, "10.0.0.9:81"]]))).toBe("10.0.0.9:81");
    expect(upstreamAddress(t("http://build-3.internal:8080/path"), new Map())).toBe("build-3.internal:8080");
    expect(upstreamAddress(t("http://10.0.0.3"), new Map())).toBe("10.0.0.3:80");
    expect(upstreamAddress(t("s3://models/3", { upstream: "10.0.0.4:9000" }), new Map())).toBe("10.0.0.4:9000");
    expect(upstreamAddress(t("https://10.0.0.3:8443"), new Map())).toBeNull();
    expect(upstreamAddress(t("s3://models/3"), new Map())).toBeNull();
  });
  it("names a malformed --upstream flag", () => {
    expect(parseUpstreamFlags(["2=10.0.0.2:80", "x=1", "3=nohost"]).problems).toEqual([
      '--upstream "x=1" must look like VERSION=host:port, e.g. 2=10.0.0.7:8080',
      '--upstream "3=nohost" must look like VERSION=host:port, e.g. 2=10.0.0.7:8080',
    ]);
  });
});
