import { inspect } from '@athanor/core';
import { check, code, withoutEcho } from '../output.js';
import { Base, Post, User } from './models.js';
import type { Section } from './section.js';

/** Guide section 5: createAll makes the tables of every model, and skips those that exist. */
export const workingWithTables: Section = {
  title: '5. Working with tables',
  async run({ engine }) {
    code('await Base.metadata.createAll(engine);');
    await Base.metadata.createAll(engine);
    code('await Base.metadata.createAll(engine);  // again: the tables exist, nothing to do');
    await Base.metadata.createAll(engine);
    const made = await withoutEcho(async () => {
      const inspector = inspect(engine);
      const users = await inspector.hasTable(User.table.name);
      const posts = await inspector.hasTable(Post.table.name);
      return users && posts;
    });
    check(made, `createAll made the tables ${User.table.name} and ${Post.table.name}`);
  },
};
