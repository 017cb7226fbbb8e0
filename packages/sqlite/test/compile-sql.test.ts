import { runCompileCases } from '@athanor/testing';
import { sqliteDialect } from '../src/index.js';

// The SQL SQLite is written, stated per statement in @athanor/testing's compile cases.
runCompileCases({ dialect: sqliteDialect, expect: 'sqlite' });
