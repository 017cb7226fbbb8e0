import { check, code, withoutEcho } from '../output.js';
import { User } from './models.js';
import type { Section } from './section.js';

/** Guide section 10: what happens when you forget to commit. */
export const commonPitfalls: Section = {
  title: '10. Common pitfalls',
  async run({ Session }) {
    code(`{
  await using forgetful = Session();
  forgetful.add(new User({ name: 'Frank', age: 50 }));
  await forgetful.flush();   // even sent to the database, in the session's transaction
}  // closed without commit(): rolled back, Frank is never saved`);
    {
      await using forgetful = Session();
      forgetful.add(new User({ name: 'Frank', age: 50 }));
      await forgetful.flush();
    }
    const frank = await withoutEcho(async () => {
      await using session = Session();
      return await session.query(User).filterBy({ name: 'Frank' }).first();
    });
    check(frank === null, 'a session closed without commit() saved nothing: no Frank in a new one');
  },
};
