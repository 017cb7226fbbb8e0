import { check, code, say } from '../output.js';
import { User } from './models.js';
import type { Section } from './section.js';

/** Guide section 10: what happens when you forget to commit. */
export const commonPitfalls: Section = {
  title: '10. Common pitfalls',
  async run({ Session }) {
    code(`{
  await using forgetful = Session();
  forgetful.add(new User({ name: 'Frank', age: 50 }));
}  // closed without commit(): Frank is never saved`);
    {
      await using forgetful = Session();
      forgetful.add(new User({ name: 'Frank', age: 50 }));
      await forgetful.flush();
    }
    await using session = Session();
    const frank = await session.query(User).filterBy({ name: 'Frank' }).first();
    say(`Frank in a new session: ${frank ?? 'not found'}`);
    check(frank === null, 'a session closed without commit() saved nothing');
  },
};
