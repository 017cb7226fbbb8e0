import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  Column,
  createEngine,
  type Engine,
  func,
  Integer,
  MetaData,
  OperationalError,
  select,
  Table,
} from '@athanor/core';
import { errorFrom, expectRestartMidTransaction, freePort } from '@athanor/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

/**
 * Faults that need a server of their own: a private PostgreSQL cluster, created for this file on
 * a free port with Debian's pg_createcluster, restarted (fast and immediate shutdown) in the
 * middle of a transaction, and dropped at the end. Without pg_createcluster the tests skip,
 * except under CI=true, where that fails.
 */
const run = promisify(execFile);
const version = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql')[0] : undefined;
const tools = ['pg_createcluster', 'pg_ctlcluster', 'pg_dropcluster'];
const missing =
  version === undefined || !tools.every((tool) => existsSync(`/usr/bin/${tool}`))
    ? `Debian's PostgreSQL cluster tools (${tools.join(', ')}) are not installed`
    : undefined;
if (missing && process.env.CI === 'true') {
  throw new Error(`[athanor postgres faults] ${missing}; under CI=true this fails.`);
}
if (missing) {
  console.warn(`\n[athanor postgres faults] SKIPPING the private-server tests: ${missing}.\n`);
}

const cluster = `athanor_fault_${process.pid}_${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
const ctl = (...args: string[]) =>
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version as string, cluster, ...args]);

describe.skipIf(missing !== undefined)('a private PostgreSQL restarted under a session', () => {
  let engine: Engine;
  const metadata = new MetaData();
  const items = new Table('fault_items', metadata, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
  });
  const count = async () => (await engine.execute(select(func.count()).selectFrom(items))).scalar();

  beforeAll(async () => {
    const port = await freePort();
    // trust auth: the cluster lives only for this file and listens on localhost (the default).
    await run('pg_createcluster', [
      version as string,
      cluster,
      '--port',
      String(port),
      '--',
      '--auth=trust',
    ]);
    await ctl('start');
    engine = createEngine(`postgresql://postgres@127.0.0.1:${port}/postgres`, {
      dialect: postgresDialect,
      pool: { size: 2 },
      statementTimeout: 60_000,
    });
    await metadata.createAll(engine);
  });

  afterAll(async () => {
    await engine?.dispose();
    await run('pg_dropcluster', ['--stop', version as string, cluster]);
  });

  beforeEach(async () => {
    await engine.execute(items.delete());
  });

  for (const mode of ['fast', 'immediate'] as const) {
    it(`${mode === 'fast' ? 'a' : 'an'} ${mode} restart mid-transaction: OperationalError, nothing half-written, the engine works again`, () =>
      expectRestartMidTransaction(
        engine,
        items,
        async () => {
          await ctl('restart', '-m', mode);
        },
        // The server's reason, not only pg's "not queryable". A fast shutdown ends each session
        // with the error 57P01; an immediate one only warns, then drops the socket.
        mode === 'fast'
          ? { code: '57P01', message: 'terminating connection due to administrator command' }
          : { message: 'Connection terminated unexpectedly' },
      ));
  }

  it('while the server is down a call fails with an OperationalError; once it is back the engine works', async () => {
    expect(await count()).toBe(0);
    await ctl('stop', '-m', 'fast');
    try {
      const error = await errorFrom(engine.execute(select(func.count()).selectFrom(items)));
      expect(error).toBeInstanceOf(OperationalError);
      expect(engine.pool?.checkedOut).toBe(0);
    } finally {
      await ctl('start');
    }
    expect(await count()).toBe(0);
    expect(engine.pool?.checkedOut).toBe(0);
  });
});
