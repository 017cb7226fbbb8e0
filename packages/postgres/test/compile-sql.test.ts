import { runCompileCases } from '@athanor/testing';
import { postgresDialect } from '../src/index.js';

// The SQL PostgreSQL is written, stated per statement in @athanor/testing's compile cases.
runCompileCases({ dialect: postgresDialect, expect: 'postgresql' });
