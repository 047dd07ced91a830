import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SseParser, type ServerSentEvent } from "./sse-parser.js";

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

const STREAM =
  '\ufeff: connected\n\nevent: snapshot\nid: 7\ndata: {"revision":7}\n\n: ping\n\ndata: line one\ndata: line two\n\nevent: snapshot\r\nid: 8\r\ndata:{"a":1}\r\n\r\nevent: x\rdata: cr only\r\r';

const EXPECTED: ServerSentEvent[] = [
  { event: "snapshot", data: '{"revision":7}', id: "7" },
  { event: "message", data: "line one\nline two", id: "7" },
  { event: "snapshot", data: '{"a":1}', id: "8" },
  { event: "x", data: "cr only", id: "8" },
];

describe("SseParser", () => {
  it("parses events, comments, multi-line data and every line ending", () => {
    expect(parse([STREAM])).toEqual(EXPECTED);
  });

  it("gives the same events however the stream is cut into chunks", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), STREAM.length];
        const chunks = points.slice(1).map((end, i) => STREAM.slice(points[i], end));
        expect(parse(chunks)).toEqual(EXPECTED);
      }),
    );
  });

  it("joins a long line split over many small chunks", () => {
    const data = JSON.stringify({ revision: 9, blob: "x".repeat(200_000) });
    const text = `event: snapshot\nid: 9\ndata: ${data}\n\n`;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 1000) chunks.push(text.slice(i, i + 1000));
    expect(parse(chunks)).toEqual([{ event: "snapshot", data, id: "9" }]);
  });

  it("dispatches nothing for an incomplete event or an event without data", () => {
    expect(parse(["event: snapshot\nid: 1\n\n", "data: half"])).toEqual([]);
  });
});
