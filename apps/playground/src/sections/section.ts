import type { Engine } from '@athanor/core';
import type { SessionFactory } from '@athanor/orm';

/** What every section of the walkthrough gets: the engine and the session factory. */
export interface Walkthrough {
  readonly engine: Engine;
  readonly Session: SessionFactory;
}

/** One section of the guide, run against a database. */
export interface Section {
  /** The guide's section number and title, e.g. `'6. Basic operations'`. */
  readonly title: string;
  run(walkthrough: Walkthrough): Promise<void>;
}
