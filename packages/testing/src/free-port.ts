import { createServer } from 'node:net';

/**
 * A loopback TCP port nobody listens on now, for a private server a test setup starts (a
 * PgBouncer, a second MariaDB): a port of its own, so two test runs on one machine never meet.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
