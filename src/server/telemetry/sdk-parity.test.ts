/**
 * The SDK and the server enforce one set of wire rules (src/core/wire/telemetry-rules.ts).
 * Here both sides meet at the exact limits, written out as the API documents them:
 * what the SDK records and ships the server accepts, and one past each limit both refuse.
 * Changing a limit on one side only, or changing the documented limit, fails a case.
 */
import { describe, expect, it } from "vitest";
import { ExposureEvent } from "../../contracts/exposures.js";
import { clientSettings } from "../../sdk/client-settings.js";
import { targetingKeyProblem } from "../../sdk/flag-evaluation.js";
import { MAX_BINS, sketchValue } from "../../sdk/sketch.js";
import { Recorder } from "../../sdk/telemetry-recorder.js";
import type { RequestObservation } from "../../sdk/types.js";
import { EventProblem, validateEvent } from "./validate-event.js";

const AT = Date.UTC(2026, 10, 22, 10, 0, 0);
const known = new Set(["checkout"]);
const s = (n: number, c = "a") => c.repeat(n);

/** What the SDK makes of `record`: the events it would ship, and whether it refused anything. */
function sdk(record: (r: Recorder) => void): { events: Array<Record<string, unknown>>; refused: string[] } {
  const refused: string[] = [];
  const settings = clientSettings({ url: "http://arena.test", token: "t", telemetry: { trackUnits: true } }).telemetry!;
  const recorder = new Recorder(
    settings,
    () => AT,
    (reason, _count, detail) => refused.push(`${reason}: ${detail ?? ""}`),
  );
  record(recorder);
  const events: Array<Record<string, unknown>> = [];
  while (recorder.hasWork()) events.push(...(JSON.parse(recorder.next().body) as { events: Array<Record<string, unknown>> }).events);
  return { events, refused };
}

/** The server's verdict on one event: null when accepted, else the problem's path. */
function server(event: Record<string, unknown>): string | null {
  const r = validateEvent(JSON.parse(JSON.stringify(event)), known);
  return r instanceof EventProblem ? r.path || "(event)" : null;
}

/** Every event the SDK shipped is accepted by the server. */
function serverAcceptsAll(events: Array<Record<string, unknown>>): void {
  expect(events.length).toBeGreaterThan(0);
  expect(events.map(server)).toEqual(events.map(() => null));
}

const request =
  (o: Partial<RequestObservation> = {}) =>
  (r: Recorder) =>
    r.request("checkout", { version: 1, success: true, ...o });
const aggregate = (window: Record<string, unknown>, units?: Record<string, unknown>) => ({
  type: "aggregate",
  program: "checkout",
  version: 1,
  at: new Date(AT).toISOString(),
  window,
  ...(units ? { units } : {}),
});

describe("SDK and server at the wire limits", () => {
  it("ids: 500 characters pass both, 501 are refused by both", () => {
    for (const field of ["unitId", "predictionId"] as const) {
      const ok = sdk((r) =>
        field === "unitId"
          ? request({ unitId: s(500) })(r)
          : r.prediction("checkout", { version: 1, predictionId: s(500), predicted: true }),
      );
      expect(ok.refused).toEqual([]);
      serverAcceptsAll(ok.events);
      const long = sdk((r) =>
        field === "unitId"
          ? request({ unitId: s(501) })(r)
          : r.prediction("checkout", { version: 1, predictionId: s(501), predicted: true }),
      );
      expect(long.refused).toHaveLength(1);
      expect(long.events).toEqual([]);
    }
    const raw = (unitId: string) => ({ type: "exposure", program: "checkout", version: 1, at: AT, unitId });
    expect([server(raw(s(500))), server(raw(s(501)))]).toEqual([null, "unitId"]);
    expect(server({ type: "label", program: "checkout", at: AT, predictionId: s(501), actual: true })).toBe("predictionId");
    expect(server(aggregate({ requests: 1 }, { [s(500)]: { requests: 1 } }))).toBeNull();
    expect(server(aggregate({ requests: 1 }, { [s(501)]: { requests: 1 } }))).toBe(`units.${s(501)}`);
    // Exposures (POST /v1/exposures) and the SDK's flag evaluation (its unit id is the targeting key).
    const exposure = (unitId: string) =>
      ExposureEvent.safeParse({ program: "checkout", unitId, alias: "champion", version: 1, at: new Date(AT).toISOString() }).success;
    expect([exposure(s(500)), exposure(s(501))]).toEqual([true, false]);
    expect([targetingKeyProblem(s(500)), targetingKeyProblem(s(501))?.errorCode]).toEqual([null, "INVALID_CONTEXT"]);
  });

  it("sketch bins: the SDK folds a wide range into 4,096 bins the server accepts; 4,097 are refused", () => {
    expect(MAX_BINS).toBe(4_096);
    const wide = sdk((r) => {
      request({ latencyMs: sketchValue(1) })(r);
      request({ latencyMs: sketchValue(1 + 3 * 4_096) })(r);
    });
    const latency = (wide.events[0]!.window as { latency: { sketch: { relativeAccuracy: number; positive: { counts: number[] } } } })
      .latency;
    expect(latency.sketch.positive.counts).toHaveLength(4_096);
    serverAcceptsAll(wide.events);
    const bins = (n: number) =>
      aggregate({
        requests: 1,
        latency: {
          n: 1,
          sum: 1,
          sumSquares: 1,
          sketch: {
            relativeAccuracy: latency.sketch.relativeAccuracy,
            zeroCount: 0,
            positive: { offset: 0, counts: [1, ...Array<number>(n - 1).fill(0)] },
          },
        },
      });
    expect([server(bins(4_096)), server(bins(4_097))]).toEqual([null, "window.latency.sketch.positive.counts"]);
  });

  it("sketch accuracy: the SDK's 0.01 is the server's; another accuracy is refused", () => {
    const one = sdk(request({ latencyMs: 12 }));
    serverAcceptsAll(one.events);
    const sketch = (one.events[0]!.window as { latency: { sketch: { relativeAccuracy: number } } }).latency.sketch;
    expect(sketch.relativeAccuracy).toBe(0.01);
    expect(
      server(aggregate({ requests: 1, latency: { n: 1, sum: 12, sumSquares: 144, sketch: { ...sketch, relativeAccuracy: 0.02 } } })),
    ).toBe("window.latency.sketch.relativeAccuracy");
  });

  it("event names: 63 characters of the pattern pass both; 64, capitals and Object properties are refused by both", () => {
    const ok = sdk((r) => r.event("checkout", { version: 1, name: `e${s(62, "x")}` }));
    expect(ok.refused).toEqual([]);
    serverAcceptsAll(ok.events);
    for (const name of [`e${s(63, "x")}`, "Purchase", "constructor", "1st"]) {
      expect(sdk((r) => r.event("checkout", { version: 1, name })).refused).toHaveLength(1);
      expect(server({ type: "event", program: "checkout", version: 1, at: AT, name })).toBe("name");
      expect(server(aggregate({ events: { [name]: { n: 1, sum: 0, sumSquares: 0 } } }))).toBe(`window.events.${name}`);
    }
  });

  it("names per window: 100 event names pass both; the SDK drops the 101st and the server refuses 101", () => {
    const names = Array.from({ length: 101 }, (_, i) => `e${i}`);
    const out = sdk((r) => names.forEach((name) => r.event("checkout", { version: 1, name })));
    expect(out.refused).toHaveLength(1);
    expect(Object.keys((out.events[0]!.window as { events: object }).events)).toHaveLength(100);
    serverAcceptsAll(out.events);
    const window = (n: number) =>
      aggregate({ events: Object.fromEntries(names.slice(0, n).map((name) => [name, { n: 1, sum: 0, sumSquares: 0 }])) });
    expect([server(window(100)), server(window(101))]).toEqual([null, "window.events"]);
  });

  it("feature names and segment values: 100 characters pass both, 101 are refused by both", () => {
    const ok = sdk((r) => {
      r.feature("checkout", { version: 1, feature: s(100), value: 1 });
      request({ segments: { region: s(100) } })(r);
    });
    expect(ok.refused).toEqual([]);
    serverAcceptsAll(ok.events);
    expect(sdk((r) => r.feature("checkout", { version: 1, feature: s(101), value: 1 })).refused).toHaveLength(1);
    expect(sdk(request({ segments: { region: s(101) } })).refused).toHaveLength(1);
    expect(server({ type: "feature", program: "checkout", version: 1, at: AT, feature: s(101), value: 1 })).toBe("feature");
    expect(server({ type: "request", program: "checkout", version: 1, at: AT, success: true, segments: { region: s(101) } })).toBe(
      "segments",
    );
  });
});
