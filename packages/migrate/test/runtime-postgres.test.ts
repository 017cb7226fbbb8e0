import { runtimeSuite } from './support/runtime-suite.js';

runtimeSuite('postgresql');
