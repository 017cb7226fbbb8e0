import { createEngine } from '@athanor/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenders } from '../src/contenders/index.js';
import { type DatabaseKind, type DatabaseTarget, defaultTarget } from '../src/database-target.js';
import { measureWorkload } from '../src/measure.js';
import { prepareStreamTable } from '../src/stream-fixture.js';
import { workloadIds } from '../src/workloads.js';

/**
 * A smoke test, not a measurement: each cell runs once, with no warm-up, on a table small
 * enough for every peer library to finish quickly on a slow machine; past 100 rows, so W1's
 * raw INSERTs use both statements.
 */
const size = 150;

/** Whether a server answers; under CI=true a missing server is a failure, never a skip. */
async function reachable(target: DatabaseTarget): Promise<boolean> {
  if (target.kind === 'sqlite') return true;
  const engine = createEngine(target.url);
  try {
    await (await engine.connect()).close();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn(`SKIPPING the ${target.kind} workloads: cannot reach ${target.url}.`);
    return false;
  } finally {
    await engine.dispose();
  }
}

const kinds: readonly DatabaseKind[] = ['sqlite', 'postgres', 'mysql'];

for (const kind of kinds) {
  describe(`every workload of every contender on ${kind}, at ${size} rows`, () => {
    const target = defaultTarget(kind);
    let up = false;
    let streamTarget: DatabaseTarget = target;
    let removeStream: () => void = () => undefined;

    beforeAll(async () => {
      up = await reachable(target);
      if (!up) return;
      const prepared = await prepareStreamTable(target, size);
      streamTarget = prepared.target;
      removeStream = prepared.remove;
    });
    afterAll(() => removeStream());

    for (const workload of workloadIds) {
      for (const contender of contenders) {
        if (!contender.workloads[workload]) continue;
        it(`${workload} ${contender.name} handles every row`, async ({ skip }) => {
          if (!up) skip(`${kind} is not reachable`);
          const context = { target: workload === 'W7' ? streamTarget : target, size };
          const measured = await measureWorkload(contender, workload, context, {
            warmup: 0,
            timed: 1,
          });
          expect(measured.rows).toBe(size);
          expect(measured.verified).toBe(size);
          expect(measured.ms).toHaveLength(1);
          for (const ms of measured.ms) expect(ms).toBeGreaterThan(0);
        });
      }
    }
  });
}
