import net from 'node:net';
import { createEngine, type Dialect, type Engine } from '@athanor/core';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../free-port.js';

/** Options of {@link runReplicaCooldownSuite}. */
export interface ReplicaCooldownSuiteOptions {
  readonly dialect: Dialect;
  /** The primary, and a real replica of it (its server answers reads as a replica). */
  readonly primaryUrl: string;
  readonly replicaUrl: string;
  /**
   * A plain read (routed to a replica) whose one value is true, or 1, on the replica and false,
   * or 0, on the primary: `select(func.call('pg_is_in_recovery'))`, say.
   */
  readonly onReplica: Parameters<Engine['execute']>[0];
  /** Why the topology is not there; the tests then skip, saying it. */
  readonly unavailable?: string;
}

/**
 * The cool-down of a replica that cannot be reached (engine option `replicaCooldown`), against
 * real servers: a port nothing listens on, and a listener that refuses connections and then
 * forwards them to the real replica (a replica that is down, then back). It counts connection
 * attempts and warnings; no test waits for a cool-down to pass (0 or an hour, never a time in
 * between), so none depends on the machine's speed.
 */
export function runReplicaCooldownSuite(options: ReplicaCooldownSuiteOptions): void {
  const { dialect, primaryUrl, replicaUrl } = options;
  describe.skipIf(options.unavailable !== undefined)(
    `the cool-down of an unreachable ${dialect.name} replica`,
    () => {
      const engines: Engine[] = [];
      /** An engine with these replicas that keeps the warnings it logs in `warnings`. */
      const engineWith = (replicas: string[], replicaCooldown: number, warnings: string[]) => {
        const engine = createEngine(primaryUrl, {
          dialect,
          replicas,
          replicaCooldown,
          logger: (record) => {
            if (record.level === 'warning') warnings.push(record.message);
          },
        });
        engines.push(engine);
        return engine;
      };
      const onPort = (port: number) => replicaUrl.replace(/:\d+\//, `:${port}/`);
      const read = async (engine: Engine) =>
        Number((await engine.execute(options.onReplica)).scalar()) ? 'replica' : 'primary';
      const hour = 3_600_000;

      afterAll(async () => {
        await Promise.all(engines.map((engine) => engine.dispose()));
      });

      it('sets it aside with one warning; reads go to the primary without trying it', async () => {
        const closed = onPort(await freePort());
        const warnings: string[] = [];
        const alone = engineWith([closed], hour, warnings);
        expect([await read(alone), await read(alone), await read(alone)]).toEqual([
          'primary',
          'primary',
          'primary',
        ]);
        {
          await using conn = await alone.connectForRead();
          const where = Boolean(Number((await conn.execute(options.onReplica)).scalar()));
          expect(where).toBe(false);
        }
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/ECONNREFUSED.*tried again after 3600000 ms\.$/);
        expect(warnings[0]).toContain(`Replica ${alone.replicas[0]?.url} skipped`);
      });

      it('does not try it during the cool-down, even once it answers; the other replica reads', async () => {
        const down = await gate(replicaUrl);
        try {
          const warnings: string[] = [];
          const engine = engineWith([onPort(down.port), replicaUrl], hour, warnings);
          const reads: string[] = [];
          for (let i = 0; i < 4; i++) reads.push(await read(engine));
          expect(down.attempts).toBe(1);
          down.open();
          for (let i = 0; i < 4; i++) reads.push(await read(engine));
          expect(reads).toEqual(Array(8).fill('replica'));
          expect(down.attempts).toBe(1);
          expect(warnings).toHaveLength(1);
        } finally {
          await down.close();
        }
      });

      it('with a cool-down of 0 tries it on each read, and logs again only when it is back', async () => {
        const down = await gate(replicaUrl);
        try {
          const warnings: string[] = [];
          const alone = engineWith([onPort(down.port)], 0, warnings);
          const url = String(alone.replicas[0]?.url);
          expect([await read(alone), await read(alone)]).toEqual(['primary', 'primary']);
          expect(down.attempts).toBe(2);
          expect(warnings).toHaveLength(1);
          down.open();
          expect([await read(alone), await read(alone)]).toEqual(['replica', 'replica']);
          expect(warnings).toEqual([
            expect.stringContaining(`Replica ${url} skipped, it cannot be reached`),
            `Replica ${url} answers again; reads go to it again.`,
          ]);
        } finally {
          await down.close();
        }
      });
    },
  );
  if (options.unavailable !== undefined) {
    describe(`the cool-down of an unreachable ${dialect.name} replica`, () => {
      it.skip(`skipped: ${options.unavailable}`, () => undefined);
    });
  }
}

/**
 * A listener on a free loopback port in front of the replica's server: it counts connection
 * attempts and refuses them (closes each at once) until `open()`, then forwards them.
 */
async function gate(replicaUrl: string) {
  let open = false;
  let attempts = 0;
  const sockets = new Set<net.Socket>();
  const upstreamPort = Number(new URL(replicaUrl).port);
  const server = net.createServer((client) => {
    attempts++;
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get attempts() {
      return attempts;
    },
    open() {
      open = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
