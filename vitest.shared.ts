/**
 * The time limits every package's vitest.config.ts uses (package-check's writes the same numbers
 * out, its config being type-checked inside the package). Vitest's defaults (5 s a test, 10 s a
 * hook) are measurements of the machine, not of the code: on two busy cores a walkthrough
 * spawned as a child process, a 2,500-row fixture or a PGlite start-up takes longer, and the
 * run failed on whichever limit it hit first. Every test's work is bounded, so these limits are
 * only there to end a run that hangs (a lost connection, a lock never released), and are sized
 * far above anything an honest slow machine needs.
 */
export const hangLimits = {
  testTimeout: 600_000,
  hookTimeout: 600_000,
  teardownTimeout: 60_000,
} as const;
