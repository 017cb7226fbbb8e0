import { pgliteDialect } from '@athanor/pglite';
import { describeAutogenerate } from './autogenerate-suite.js';

describeAutogenerate({ name: 'pglite', dialect: pgliteDialect, url: 'pglite://' });
