import { evolutionSuite } from './support/evolution-suite.js';

evolutionSuite('pglite');
