import { inspect } from '@athanor/core';
import { check, code } from '../output.js';
import { Base, User } from './models.js';
import type { Section } from './section.js';

/** Guide section 5: createAll makes the tables of every model, and skips those that exist. */
export const workingWithTables: Section = {
  title: '5. Working with tables',
  async run({ engine }) {
    code('await Base.metadata.createAll(engine);');
    await Base.metadata.createAll(engine);
    code('await Base.metadata.createAll(engine);  // again: the table exists, nothing to do');
    await Base.metadata.createAll(engine);
    check(await inspect(engine).hasTable(User.table.name), 'createAll made the users table');
  },
};
