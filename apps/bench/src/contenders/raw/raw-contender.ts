import type { Contender, WorkloadContext, WorkloadFactory } from '../../contender.js';
import type { DatabaseKind } from '../../database-target.js';
import { handWrittenJoinSelect } from './raw-sql.js';
import type { RawWorkloads } from './raw-workloads.js';

/** Loads the raw module of a database only when it is used, like a dialect loads its driver. */
export async function rawWorkloadsFor(kind: DatabaseKind): Promise<RawWorkloads> {
  switch (kind) {
    case 'sqlite':
      return (await import('./raw-sqlite.js')).rawSqlite;
    case 'postgres':
      return (await import('./raw-postgres.js')).rawPostgres;
    case 'mysql':
      return (await import('./raw-mysql.js')).rawMysql;
  }
}

function byDriver(id: 'W1' | 'W2' | 'W3' | 'W4' | 'W4TwoQueries' | 'W5' | 'W7'): WorkloadFactory {
  return async (context: WorkloadContext) =>
    (await rawWorkloadsFor(context.target.kind))[id](context);
}

/**
 * The floor: each driver used directly, with the fastest hand-written code: prepared statements,
 * plain objects, 100-row INSERTs, W4 in one statement with the posts aggregated as JSON.
 */
export const rawContender: Contender = {
  name: 'raw',
  description:
    'better-sqlite3 / pg / mysql2 directly: prepared statements, plain objects, 100-row INSERTs, W4 as one JSON-aggregating query',
  workloads: {
    W1: byDriver('W1'),
    W2: byDriver('W2'),
    W3: byDriver('W3'),
    W4: byDriver('W4'),
    W5: byDriver('W5'),
    async W6({ target, size }) {
      let last = 0;
      return {
        reset: async () => undefined,
        run: async () => {
          let built = 0;
          for (let i = 0; i < size; i++) {
            const { sql, params } = handWrittenJoinSelect(target.kind, i);
            if (sql.length > 0 && params.length === 4) built++;
          }
          last = built;
          return built;
        },
        verify: async () => last,
        close: async () => undefined,
      };
    },
    W7: byDriver('W7'),
  },
};

/**
 * W4 the way the ORM's target is worded: the same two queries `selectinload` sends (users, then
 * their posts by key), stitched by hand. Only W4: everywhere else it would be `raw` again.
 */
export const rawTwoQueriesContender: Contender = {
  name: 'raw-2q',
  description:
    'the raw drivers, W4 as two prepared queries (users, then posts by key) stitched by hand',
  workloads: { W4: byDriver('W4TwoQueries') },
};
