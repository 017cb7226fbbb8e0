#!/usr/bin/env node
// Runs `npm test` on a machine kept busy, as a 2-core CI runner shared with other work is, to
// prove that no test depends on the machine's speed.
//
//   node scripts/test-under-load.mjs [runs]      (default 3; --busy N for N busy processes, default 2)
//
// 1. starts N CPU-bound busy processes (one per core of the 2-core machine the suite must pass
//    on). Each one stops by itself when this script's IPC channel closes (so a `kill -9` of this
//    script cannot leave them behind) and after --max-minutes (default 180) whatever happens;
// 2. runs `npm test` `runs` times, one after the other, each run's output in a log file;
// 3. prints each run's result and duration, and exits non-zero if any run failed.
// The busy processes are killed when the runs end, and on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function usage(message) {
  console.error(`test-under-load: ${message}`);
  console.error('usage: node scripts/test-under-load.mjs [runs] [--busy N] [--max-minutes M]');
  process.exit(2);
}

function positiveInteger(text, what) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) usage(`${what} must be a whole number, not '${text}'`);
  return value;
}

function parse(argv) {
  const options = { runs: 3, busy: 2, maxMinutes: 180 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--busy') options.busy = positiveInteger(argv[++i], '--busy');
    else if (arg === '--max-minutes')
      options.maxMinutes = positiveInteger(argv[++i], '--max-minutes');
    else if (/^\d+$/.test(arg)) options.runs = positiveInteger(arg, 'runs');
    else usage(`unknown argument '${arg}'`);
  }
  if (options.runs < 1) usage('runs must be at least 1');
  return options;
}

// The busy process: spins in 50 ms slices so that it can notice, between slices, that its
// parent has gone (the IPC channel closed) or that its time is up.
const busyLoop = `
  const deadline = Date.now() + Number(process.argv[1]) * 60_000;
  process.on('disconnect', () => process.exit(0));
  const spin = () => {
    if (Date.now() > deadline) process.exit(0);
    const until = Date.now() + 50;
    while (Date.now() < until) {}
    setImmediate(spin);
  };
  spin();
`;

/** The busy processes, and the test run going on (a process group of its own), if any. */
const busy = new Set();
let testRun = null;

function startBusy(count, maxMinutes) {
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['-e', busyLoop, String(maxMinutes)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    busy.add(child);
    child.on('exit', () => busy.delete(child));
  }
}

/** Ends every process this script started: the busy ones, and the test run's whole group. */
function stopAll() {
  for (const child of busy) child.kill('SIGTERM');
  if (testRun?.pid) {
    try {
      // Detached, so -pid is its process group: npm, turbo, vitest and its workers go too.
      process.kill(-testRun.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

function runTests(log) {
  return new Promise((resolve) => {
    const started = Date.now();
    const out = createWriteStream(log);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['test'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    testRun = child;
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (code, signal) => {
      testRun = null;
      out.end();
      resolve({ passed: code === 0, code: code ?? signal, ms: Date.now() - started });
    });
  });
}

const minutes = (ms) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\ntest-under-load: ${signal}, stopping the test run and the busy processes`);
    stopAll();
    process.exit(130);
  });
}
process.on('exit', stopAll);

const options = parse(process.argv.slice(2));
const logs = mkdtempSync(join(tmpdir(), 'athanor-test-under-load-'));
console.log(
  `test-under-load: ${options.runs} run(s) of npm test beside ${options.busy} busy process(es); logs in ${logs}`,
);
startBusy(options.busy, options.maxMinutes);

const results = [];
for (let run = 1; run <= options.runs; run++) {
  const log = join(logs, `run-${run}.log`);
  console.log(`run ${run}/${options.runs}: npm test (log: ${log})`);
  const result = await runTests(log);
  results.push(result);
  console.log(
    `run ${run}/${options.runs}: ${result.passed ? 'PASSED' : `FAILED (exit ${result.code})`} in ${minutes(result.ms)}`,
  );
  if (!result.passed) {
    const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-60).join('\n');
    console.log(`--- the last 60 lines of ${log} ---\n${tail}\n---`);
  }
}
stopAll();

const failed = results.filter((result) => !result.passed).length;
console.log(
  `test-under-load: ${results.length - failed} of ${results.length} run(s) passed under load` +
    ` (${results.map((result) => minutes(result.ms)).join(', ')})`,
);
process.exit(failed === 0 ? 0 : 1);
