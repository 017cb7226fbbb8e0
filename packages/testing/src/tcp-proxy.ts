import net, { isIP } from 'node:net';

/** A local TCP proxy in front of a database server, that can stop forwarding without closing. */
export interface TcpProxy {
  /** The loopback port the proxy listens on. */
  readonly port: number;
  /**
   * Turns every open connection into a black hole, for good: whatever either side sends is
   * dropped, and neither is closed or reset, as when a peer vanishes behind a NAT or firewall.
   * Connections opened from now until {@link restore} are black holes too.
   */
  blackHole(): void;
  /** New connections are forwarded again; the black-holed ones stay black holes. */
  restore(): void;
  /** Connections the proxy has accepted so far. */
  readonly accepted: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts a proxy on 127.0.0.1 (a free port) forwarding to `host:port`, which must be a loopback
 * address: the proxy is for tests, and never reaches off this machine.
 */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  if (!loopback.has(host) && !(isIP(host) === 4 && host.startsWith('127.'))) {
    throw new Error(`startTcpProxy forwards to loopback addresses only, not to ${host}.`);
  }
  let holeNew = false;
  let accepted = 0;
  const pairs = new Set<{ client: net.Socket; server: net.Socket; holed: boolean }>();
  const listener = net.createServer((client) => {
    accepted++;
    const server = net.connect(port, host);
    const pair = { client, server, holed: holeNew };
    pairs.add(pair);
    // A black-holed pair reads and drops: neither side sees an end, an error or a reply.
    client.on('data', (chunk) => {
      if (!pair.holed) server.write(chunk);
    });
    server.on('data', (chunk) => {
      if (!pair.holed) client.write(chunk);
    });
    const end = () => {
      if (pair.holed) return;
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('close', end);
    server.on('close', end);
    client.on('error', () => undefined);
    server.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve());
  });
  const address = listener.address() as net.AddressInfo;
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    blackHole() {
      holeNew = true;
      for (const pair of pairs) pair.holed = true;
    },
    restore() {
      holeNew = false;
    },
    async close() {
      for (const { client, server } of pairs) {
        client.destroy();
        server.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
