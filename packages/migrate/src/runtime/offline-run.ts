import { ArgumentError, type Dialect } from '@athanor/core';
import { Operations } from '../operations/operations.js';
import { headsAfter, type MigrationStep } from '../script/migration-path.js';
import { resolveRevision, singleHead } from '../script/resolve-target.js';
import type { RevisionMap } from '../script/revision-map.js';
import { OfflineMigrationContext } from './offline-context.js';
import { type Direction, describeStep, planSteps, resolveDestination } from './plan.js';
import type { VersionTable } from './version-table.js';

/** What an offline run needs. */
interface OfflineRun {
  readonly map: RevisionMap;
  readonly versionTable: VersionTable;
  readonly direction: Direction;
  /** `TARGET`, or `FROM:TARGET` to start somewhere other than base (required to downgrade). */
  readonly target: string;
  readonly write: (text: string) => void;
}

/**
 * Writes the SQL of a run without connecting (`--sql`): for each migration `BEGIN;`, its
 * statements with values inline, the version-table change and `COMMIT;`, just as the online run
 * sends them. Starts at base (creating the version table) unless the target says `FROM:`.
 */
export async function runOffline(dialect: Dialect, run: OfflineRun): Promise<MigrationStep[]> {
  const { map, versionTable } = run;
  const colon = run.target.indexOf(':');
  if (colon < 0 && run.direction === 'downgrade') {
    throw new ArgumentError(
      "Offline downgrade needs the revision to start from: 'FROM:TARGET', e.g. downgrade --sql head:base.",
      { code: 'offline-needs-start' },
    );
  }
  const start = colon < 0 ? 'base' : run.target.slice(0, colon);
  const target = colon < 0 ? run.target : run.target.slice(colon + 1);
  let heads = startHeads(map, start);
  const destination = resolveDestination(map, run.direction, target, heads);
  const steps = planSteps(map, heads, destination);
  const context = new OfflineMigrationContext(dialect, run.write);
  const fromBase = heads.length === 0 && run.direction === 'upgrade';
  if (fromBase && steps.length === 0) {
    run.write('BEGIN;\n\n');
    await context.emit(versionTable.create());
    run.write('COMMIT;\n\n');
  }
  for (const [index, step] of steps.entries()) {
    versionTable.check(step.revision.id);
    run.write('BEGIN;\n\n');
    if (fromBase && index === 0) await context.emit(versionTable.create());
    context.comment(describeStep(step));
    await step.revision[step.direction](new Operations(context));
    const after = headsAfter(map, heads, step);
    for (const statement of versionTable.changes(heads, after)) await context.emit(statement);
    heads = after;
    run.write('COMMIT;\n\n');
  }
  return steps;
}

/** The heads an offline run starts from: base, `head(s)`, or named revisions (`a,b`). */
function startHeads(map: RevisionMap, start: string): string[] {
  if (start === 'base' || start === '') return [];
  if (start === 'heads') return map.heads.map((head) => head.id);
  if (start === 'head') return [singleHead(map).id];
  return start.split(',').map((name) => resolveRevision(map, name).id);
}
