import { stampSuite } from './support/runtime-stamp-suite.js';
import { runtimeSuite } from './support/runtime-suite.js';

runtimeSuite('sqlite');
stampSuite('sqlite');
