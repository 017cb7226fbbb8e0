import { sqliteDialect } from '@athanor/sqlite';
import { describeAutogenerate } from './autogenerate-suite.js';

describeAutogenerate({ name: 'sqlite', dialect: sqliteDialect, url: 'sqlite://' });
