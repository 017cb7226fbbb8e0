export { type ConformanceOptions, conformanceTest, errorFrom, Harness } from './harness.js';
export { runConformanceSuite } from './run-conformance-suite.js';
