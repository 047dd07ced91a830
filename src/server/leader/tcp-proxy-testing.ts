import { createConnection, createServer, type Socket } from "node:net";

export interface TestProxy {
  url: string;
  /** Drops every connection and refuses new ones (an outage). */
  cut(): void;
  restore(): void;
  /** Stops forwarding bytes both ways, connections kept open (a database that hangs). */
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

/** A TCP proxy in front of a PostgreSQL URL: an outage or a stall for the clients that use it only. */
export async function tcpProxy(databaseUrl: string): Promise<TestProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let up = true;
  let stalled = false;
  const server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    if (stalled) for (const s of [client, upstream]) s.pause();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const cut = () => {
    up = false;
    for (const s of sockets) s.destroy();
  };
  return {
    url: url.toString(),
    cut,
    restore: () => void (up = true),
    stall: () => {
      stalled = true;
      for (const s of sockets) s.pause();
    },
    resume: () => {
      stalled = false;
      for (const s of sockets) s.resume();
    },
    close: () => (cut(), new Promise<void>((done) => server.close(() => done()))),
  };
}
