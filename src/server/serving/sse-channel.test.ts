import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SseChannel } from "./sse-channel.js";

const SHARED = Buffer.from('event: snapshot\nid: 7\ndata: {"revision":7}\n\n');

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = null;
});

/** A server whose every answer is a stream of: the shared frame, a string frame, the shared frame again, then the end. */
async function start(): Promise<number> {
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    const channel = new SseChannel(res, 30_000);
    channel.send(SHARED);
    channel.send("event: hello\ndata: {}\n\n");
    channel.send(SHARED);
    channel.end();
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Everything the server sends on one raw connection, until it closes. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
}

// "event: hello\ndata: {}\n\n" is 23 bytes: chunk size 17 (hex).
const expected = `${SHARED.toString()}event: hello\ndata: {}\n\n${SHARED.toString()}`;

describe("SseChannel writes frames to the socket itself", () => {
  it("frames each one as an HTTP/1.1 chunk that a client decodes, and ends with the last chunk", async () => {
    const port = await start();
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    expect(await res.text()).toBe(expected);
    const wire = await raw(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const body = wire.slice(wire.indexOf("\r\n\r\n") + 4);
    expect(body).toBe(
      `${SHARED.length.toString(16)}\r\n${SHARED.toString()}\r\n17\r\nevent: hello\ndata: {}\n\n\r\n${SHARED.length.toString(16)}\r\n${SHARED.toString()}\r\n0\r\n\r\n`,
    );
  });

  it("sends the frames unframed to an HTTP/1.0 client (the body ends with the connection)", async () => {
    const port = await start();
    const wire = await raw(port, "GET / HTTP/1.0\r\nHost: x\r\n\r\n");
    expect(wire.startsWith("HTTP/1.1 200")).toBe(true);
    expect(wire.slice(wire.indexOf("\r\n\r\n") + 4)).toBe(expected);
  });
});
