import { check, code, say, show } from '../output.js';
import { User } from './models.js';
import type { Section } from './section.js';

const asRows = (users: readonly User[]) => users.map((user) => [user.id, user.name, user.age]);

/** Guide section 6: add, query, update and delete records through a session. */
export const basicOperations: Section = {
  title: '6. Basic operations',
  async run({ Session }) {
    await using session = Session();

    say('\n-- Adding records');
    code(`const newUser = new User({ name: 'Alice', age: 25 });
session.add(newUser);
await session.commit();`);
    const newUser = new User({ name: 'Alice', age: 25 });
    session.add(newUser);
    await session.commit();
    session.addAll([new User({ name: 'Bob', age: 30 }), new User({ name: 'Carol', age: 35 })]);
    await session.commit();

    say('\n-- Querying records');
    code(`const users = await session.query(User).orderBy(User.c.id).all();
for (const user of users) say(String(user));`);
    const users = await session.query(User).orderBy(User.c.id).all();
    for (const user of users) say(String(user));
    show(['id', 'name', 'age'], asRows(users));
    check(users.length === 3 && users[0] === newUser, 'three users; Alice is the object added');

    code(`const user = await session.query(User).filterBy({ name: 'Alice' }).first();`);
    const alice = await session.query(User).filterBy({ name: 'Alice' }).first();
    say(String(alice));
    check(alice === newUser, 'the identity map gives back the same Alice object');

    say('\n-- Updating records');
    code(`user.age = 30;
await session.commit();`);
    if (!alice) throw new Error('Alice is missing');
    alice.age = 30;
    await session.commit();
    await session.refresh(alice);
    check(alice.age === 30, "Alice's age is now 30");

    say('\n-- Deleting records');
    code(`session.delete(user);
await session.commit();`);
    session.delete(alice);
    await session.commit();
    const left = await session.query(User).orderBy(User.c.id).all();
    show(['id', 'name', 'age'], asRows(left));
    check(
      left.map((user) => user.name).join() === 'Bob,Carol',
      'Bob and Carol are left after deleting Alice',
    );
  },
};
