import { type Engine, text } from '@athanor/core';
import type { SessionFactory } from '@athanor/orm';
import { check, code, say, show, withoutEcho } from '../output.js';
import { User } from './models.js';
import type { Section } from './section.js';

/** Guide section 9: transactions, raw SQL, and why there is no separate async API. */
export const advancedConcepts: Section = {
  title: '9. Advanced concepts',
  async run({ engine, Session }) {
    await transactions(Session);
    await rawSql(engine);
    say('\n-- Asynchronous ORM');
    say(
      'Every call that talks to the database returns a Promise: the engine and the session are\n' +
        'async already, so there is no separate async engine to create.',
    );
  },
};

async function transactions(Session: SessionFactory): Promise<void> {
  {
    // Closed at the end of this block, so that its connection is free for the checks and the
    // raw SQL below (an in-memory SQLite database has a single connection).
    await using session = Session();
    say('\n-- Transactions: rollback() reverts what was not committed');
    code(`session.add(new User({ name: 'Dave', age: 40 }));
await session.flush();                              // sent to the database, in the session's transaction
const during = await session.query(User).count();   // Dave counted
await session.rollback();                           // and undone
const after = await session.query(User).count();`);
    session.add(new User({ name: 'Dave', age: 40 }));
    await session.flush();
    const during = await session.query(User).count();
    await session.rollback();
    const after = await session.query(User).count();
    say(`users inside the transaction: ${during}; after rollback(): ${after}`);
    check(during === 3 && after === 2, 'the rollback removed Dave');

    code(`// session.begin() commits when the function returns and rolls back if it throws:
await session.begin(async () => { session.add(new User({ name: 'Erin', age: 22 })); });`);
    await session.begin(async () => {
      session.add(new User({ name: 'Erin', age: 22 }));
    });
  }
  const committed = await withoutEcho(async () => {
    await using session = Session();
    return await session.query(User).filterBy({ name: 'Erin' }).first();
  });
  check(committed?.age === 22, 'Erin was committed');
}

async function rawSql(engine: Engine): Promise<void> {
  say('\n-- Raw SQL queries');
  const table = User.table.name;
  code(`const result = await engine.execute(text('SELECT * FROM ${table} ORDER BY id'));
for (const row of result) console.log(row);`);
  const result = await engine.execute(text(`SELECT * FROM ${table} ORDER BY id`));
  show(
    result.keys(),
    result.all().map((row) => [...row]),
  );
}
