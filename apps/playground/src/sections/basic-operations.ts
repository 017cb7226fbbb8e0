import type { SessionFactory } from '@athanor/orm';
import { check, code, say, show, withoutEcho } from '../output.js';
import { User } from './models.js';
import type { Section } from './section.js';

const asRows = (users: readonly User[]) => users.map((user) => [user.id, user.name, user.age]);

/** The users as the database has them, read in a session of its own, without echo. */
function usersInTheDatabase(Session: SessionFactory): Promise<User[]> {
  return withoutEcho(async () => {
    await using session = Session();
    return await session.query(User).orderBy(User.c.id).all();
  });
}

/** Guide section 6: add, query, update and delete records through a session. */
export const basicOperations: Section = {
  title: '6. Basic operations',
  async run({ Session }) {
    await using session = Session();

    say('\n-- Adding records');
    code(`const newUser = new User({ name: 'Alice', age: 25 });
session.add(newUser);
await session.commit();
session.addAll([new User({ name: 'Bob', age: 30 }), new User({ name: 'Carol', age: 35 })]);
await session.commit();`);
    const newUser = new User({ name: 'Alice', age: 25 });
    session.add(newUser);
    await session.commit();
    session.addAll([new User({ name: 'Bob', age: 30 }), new User({ name: 'Carol', age: 35 })]);
    await session.commit();

    say('\n-- Querying records');
    code(`const users = await session.query(User).orderBy(User.c.id).all();
for (const user of users) console.log(String(user));`);
    const users = await session.query(User).orderBy(User.c.id).all();
    for (const user of users) say(String(user));
    show(['id', 'name', 'age'], asRows(users));
    check(users.length === 3 && users[0] === newUser, 'three users; Alice is the object added');

    code(`const user = await session.query(User).filterBy({ name: 'Alice' }).first();`);
    const alice = await session.query(User).filterBy({ name: 'Alice' }).first();
    say(String(alice));
    check(alice === newUser, 'the identity map gives back the same Alice object');
    if (!alice) throw new Error('Alice is missing');

    say('\n-- Updating records');
    code(`user.age = 30;
await session.commit();`);
    alice.age = 30;
    await session.commit();
    const updated = await usersInTheDatabase(Session);
    check(
      updated.find((user) => user.name === 'Alice')?.age === 30,
      "Alice's age is 30 in the database",
    );

    say('\n-- Deleting records');
    code(`session.delete(user);   // her posts (section 7) are looked up, to let go of them
await session.commit();`);
    session.delete(alice);
    await session.commit();
    const left = await usersInTheDatabase(Session);
    check(
      left.map((user) => user.name).join() === 'Bob,Carol',
      'Bob and Carol are left after deleting Alice',
    );
  },
};
