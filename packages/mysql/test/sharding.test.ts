import { createEngine, text } from '@athanor/core';
import { runShardingSuite } from '@athanor/testing';
import { mysqlDialect } from '../src/index.js';

const url = process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

// Two private databases on the server, named for this run and dropped after.
runShardingSuite({
  dialect: mysqlDialect,
  envVar: 'ATHANOR_MYSQL_URL',
  async createDatabases(count) {
    const admin = createEngine(url, {
      dialect: mysqlDialect,
      connectTimeout: 5000,
    });
    // CREATE and DROP DATABASE run outside a transaction.
    const run = async (sql: string) => {
      const conn = await admin.connect();
      try {
        await conn.setIsolationLevel('AUTOCOMMIT');
        await conn.execute(text(sql));
      } finally {
        await conn.close();
      }
    };
    const names = Array.from({ length: count }, (_, i) => `athanor_shard_${process.pid}_${i}`);
    try {
      for (const name of names) {
        await run(`DROP DATABASE IF EXISTS ${name}`);
        await run(`CREATE DATABASE ${name}`);
      }
    } catch (error) {
      await admin.dispose();
      throw error;
    }
    return {
      urls: names.map((name) => {
        const shard = new URL(url);
        shard.pathname = `/${name}`;
        return shard.toString();
      }),
      async drop() {
        for (const name of names) await run(`DROP DATABASE IF EXISTS ${name}`);
        await admin.dispose();
      },
    };
  },
});
