import { describe, expect, test } from 'vitest';
import {
  downgradeDestination,
  downgradeSteps,
  headsAfter,
  type MigrationStep,
  type Revision,
  RevisionMap,
  resolveRevision,
  upgradeDestination,
  upgradeSteps,
} from '../src/index.js';

function rev(
  id: string,
  down: string | string[] | null,
  extra: { dependsOn?: string[]; branchLabels?: string[] } = {},
): Revision {
  const downRevisions = down === null ? [] : typeof down === 'string' ? [down] : down;
  return {
    id,
    downRevisions,
    dependsOn: extra.dependsOn ?? [],
    branchLabels: extra.branchLabels ?? [],
    message: `msg ${id}`,
    createDate: undefined,
    path: `${id}.ts`,
    upgrade: async () => undefined,
    downgrade: async () => undefined,
  };
}

const ids = (steps: MigrationStep[]) => steps.map((step) => step.revision.id);

//        a1 ─ b1 ─ b2 ─┐
//          └─ c1 ──────┴─ m1 ─ d1
const branchy = () =>
  new RevisionMap([
    rev('a1aaaa', null),
    rev('b1bbbb', 'a1aaaa'),
    rev('b2bbbb', 'b1bbbb', { branchLabels: ['billing'] }),
    rev('c1cccc', 'a1aaaa'),
    rev('m1mmmm', ['b2bbbb', 'c1cccc']),
    rev('d1dddd', 'm1mmmm'),
  ]);

describe('RevisionMap', () => {
  test('heads, bases and branch points of a linear history', () => {
    const map = new RevisionMap([rev('c', 'b'), rev('a', null), rev('b', 'a')]);
    expect(map.heads.map((r) => r.id)).toEqual(['c']);
    expect(map.bases.map((r) => r.id)).toEqual(['a']);
    expect(map.ordered.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(map.branchPoints).toEqual([]);
  });

  test('a branch has two heads until a merge joins them', () => {
    const split = new RevisionMap([rev('a', null), rev('b', 'a'), rev('c', 'a')]);
    expect(split.heads.map((r) => r.id)).toEqual(['b', 'c']);
    expect(split.branchPoints.map((r) => r.id)).toEqual(['a']);
    expect(branchy().heads.map((r) => r.id)).toEqual(['d1dddd']);
  });

  test('a downRevision no file has is an error naming both', () => {
    expect(() => new RevisionMap([rev('a', null), rev('b', 'zz')])).toThrow(
      /Revision b \(b\.ts\) has downRevision 'zz', but no revision file has that id/,
    );
  });

  test('duplicate ids and cycles are errors', () => {
    expect(() => new RevisionMap([rev('a', null), rev('a', null)])).toThrow(
      /Two revision files have the id 'a'/,
    );
    expect(() => new RevisionMap([rev('a', null), rev('b', ['a', 'c']), rev('c', 'b')])).toThrow(
      /revisions b, c form a cycle/,
    );
  });
});

describe('target resolution', () => {
  test('full ids, unique prefixes, branch labels and REV@head', () => {
    const map = branchy();
    expect(resolveRevision(map, 'c1cccc').id).toBe('c1cccc');
    expect(resolveRevision(map, 'c1').id).toBe('c1cccc');
    expect(resolveRevision(map, 'billing').id).toBe('b2bbbb');
    expect(resolveRevision(map, 'b1bbbb@head').id).toBe('d1dddd');
  });

  test('an ambiguous prefix lists the candidates', () => {
    expect(() => resolveRevision(branchy(), 'b')).toThrow(
      "Revision prefix 'b' is ambiguous: it starts b1bbbb (msg b1bbbb), b2bbbb (msg b2bbbb)",
    );
  });

  test('an unknown name says how to list revisions', () => {
    expect(() => resolveRevision(branchy(), 'zz')).toThrow(/No revision 'zz'.*athanor history/);
  });

  test('head needs a single head; heads takes all', () => {
    const map = new RevisionMap([rev('a', null), rev('b', 'a'), rev('c', 'a')]);
    expect(() => upgradeDestination(map, 'head', [])).toThrow(
      /Multiple heads are present \(b \(msg b\), c \(msg c\)\)/,
    );
    expect(upgradeDestination(map, 'heads', [])).toEqual(['b', 'c']);
  });

  test('+N and -N count steps from the current head', () => {
    const map = new RevisionMap([rev('a', null), rev('b', 'a'), rev('c', 'b')]);
    expect(upgradeDestination(map, '+1', [])).toEqual(['a']);
    expect(upgradeDestination(map, '+2', ['a'])).toEqual(['c']);
    expect(() => upgradeDestination(map, '+3', ['a'])).toThrow(/goes past the head/);
    expect(downgradeDestination(map, '-1', ['c'])).toBe('b');
    expect(downgradeDestination(map, '-3', ['c'])).toBeNull();
    expect(() => downgradeDestination(map, '-4', ['c'])).toThrow(/goes below base/);
    expect(downgradeDestination(map, 'base', ['c'])).toBeNull();
  });

  test('+N across a branch point is ambiguous', () => {
    expect(() => upgradeDestination(branchy(), '+1', ['a1aaaa'])).toThrow(
      /ambiguous: history branches at a1aaaa/,
    );
  });
});

describe('migration paths', () => {
  test('upgrade runs parents first, each branch before the merge', () => {
    const map = branchy();
    expect(ids(upgradeSteps(map, [], ['d1dddd']))).toEqual([
      'a1aaaa',
      'b1bbbb',
      'c1cccc',
      'b2bbbb',
      'm1mmmm',
      'd1dddd',
    ]);
    expect(ids(upgradeSteps(map, ['b2bbbb'], ['m1mmmm']))).toEqual(['c1cccc', 'm1mmmm']);
    expect(ids(upgradeSteps(map, ['d1dddd'], ['d1dddd']))).toEqual([]);
  });

  test('downgrade undoes children first and leaves other branches alone', () => {
    const map = branchy();
    expect(ids(downgradeSteps(map, ['d1dddd'], 'a1aaaa'))).toEqual([
      'd1dddd',
      'm1mmmm',
      'b2bbbb',
      'c1cccc',
      'b1bbbb',
    ]);
    // Heads b2 and c1: going down to b1 undoes b2 only; c1's branch stays.
    expect(ids(downgradeSteps(map, ['b2bbbb', 'c1cccc'], 'b1bbbb'))).toEqual(['b2bbbb']);
    expect(ids(downgradeSteps(map, ['c1cccc'], null))).toEqual(['c1cccc', 'a1aaaa']);
    expect(() => downgradeSteps(map, ['c1cccc'], 'b1bbbb')).toThrow(/b1bbbb: it is not applied/);
  });

  test('dependsOn runs the dependency first without joining the branches', () => {
    const map = new RevisionMap([
      rev('a', null),
      rev('x', null, { branchLabels: ['other'] }),
      rev('b', 'a', { dependsOn: ['x'] }),
    ]);
    expect(ids(upgradeSteps(map, [], ['b']))).toEqual(['a', 'x', 'b']);
    expect(ids(downgradeSteps(map, ['b', 'x'], null))).toEqual(['b', 'x', 'a']);
    const step = { revision: map.get('b'), direction: 'upgrade' } as const;
    expect(headsAfter(map, ['a', 'x'], step)).toEqual(['x', 'b']);
  });

  test('version heads: a step replaces, a branch adds, a merge joins, undoing splits', () => {
    const map = branchy();
    const up = (id: string): MigrationStep => ({ revision: map.get(id), direction: 'upgrade' });
    const down = (id: string): MigrationStep => ({ revision: map.get(id), direction: 'downgrade' });
    expect(headsAfter(map, [], up('a1aaaa'))).toEqual(['a1aaaa']);
    expect(headsAfter(map, ['a1aaaa'], up('b1bbbb'))).toEqual(['b1bbbb']);
    expect(headsAfter(map, ['b1bbbb'], up('c1cccc'))).toEqual(['b1bbbb', 'c1cccc']);
    expect(headsAfter(map, ['b2bbbb', 'c1cccc'], up('m1mmmm'))).toEqual(['m1mmmm']);
    expect(headsAfter(map, ['m1mmmm'], down('m1mmmm'))).toEqual(['b2bbbb', 'c1cccc']);
    expect(headsAfter(map, ['b1bbbb', 'c1cccc'], down('c1cccc'))).toEqual(['b1bbbb']);
    expect(headsAfter(map, ['a1aaaa'], down('a1aaaa'))).toEqual([]);
  });
});
