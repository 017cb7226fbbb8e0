import { select } from '@athanor/orm';
import { check, code, show } from '../output.js';
import { User } from './models.js';
import type { Section } from './section.js';

/** Guide section 8's query examples, in the legacy Query style and in the 2.0 select style. */
export const queryExamples: Section = {
  title: '8. Query examples',
  async run({ Session }) {
    await using session = Session();
    code(`const all = await session.query(User).all();
const bob = await session.query(User).filterBy({ name: 'Bob' }).first();
const older = await session.query(User).filter(User.c.age.gt(25)).orderBy(User.c.age).all();   // User.age > 25`);
    const all = await session.query(User).all();
    const bob = await session.query(User).filterBy({ name: 'Bob' }).first();
    const older = await session.query(User).filter(User.c.age.gt(25)).orderBy(User.c.age).all();
    show(
      ['name', 'age'],
      older.map((user) => [user.name, user.age]),
    );
    check(all.length === 2 && bob?.age === 30, 'two users, Bob is 30');
    check(older.length === 2, 'both users are older than 25');

    code(`// The same with select(), typed by what it selects:
const rows = await session.execute(select(User.c.name, User.c.age).where(User.c.age.gt(30)));
await session.close();   // ends the session's transaction, which only read: rolled back`);
    const rows = (
      await session.execute(select(User.c.name, User.c.age).where(User.c.age.gt(30)))
    ).all();
    await session.close();
    show(
      ['name', 'age'],
      rows.map(([name, age]) => [name, age]),
    );
    check(rows.length === 1 && rows[0]?.[0] === 'Carol', 'only Carol is older than 30');
  },
};
