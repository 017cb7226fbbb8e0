import { code } from '../output.js';
import type { Section } from './section.js';

/**
 * Guide section 3: the engine, the declarative base and the session factory. main.ts made the
 * engine (with the URL given) and the session factory; this shows how.
 */
export const concepts: Section = {
  title: '3. Concepts: engine, declarative base, session',
  async run({ engine }) {
    code(`import { createEngine } from '@athanor/core';
const engine = createEngine(${JSON.stringify(engine.url.renderAsString({ hidePassword: true }))}, { echo: true });

import { declarativeBase, sessionmaker } from '@athanor/orm';
const Base = declarativeBase();

const Session = sessionmaker({ bind: engine });
await using session = Session();   // closed when the block ends`);
  },
};
