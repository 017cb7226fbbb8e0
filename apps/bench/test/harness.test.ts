import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../src/cli-options.js';
import { makePosts, postsPerUser, usersWithTheirPosts } from '../src/dataset.js';
import type { BenchReport } from '../src/results.js';
import { median } from '../src/stats.js';
import { workloadIds } from '../src/workloads.js';

const main = join(import.meta.dirname, '..', 'dist', 'main.js');
const out = mkdtempSync(join(tmpdir(), 'athanor-bench-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the command line', () => {
  it('runs everything by default, seven runs, on SQLite', () => {
    const options = parseOptions([]);
    expect(options.workloads).toEqual(workloadIds);
    expect(options.contenders.map((c) => c.name)).toEqual([
      'raw',
      'raw-2q',
      'athanor-core',
      'athanor-orm',
      'drizzle',
      'kysely',
      'knex',
      'typeorm',
      'mikro-orm',
    ]);
    expect(options.runs).toBe(7);
    expect(options.database).toBe('sqlite');
    expect(options.out).toBe('latest');
  });

  it('filters workloads and contenders, keeping their order', () => {
    const options = parseOptions(['--workload', 'W2,W1', '--contender', 'knex,athanor-orm,raw']);
    expect(options.workloads).toEqual(['W1', 'W2']);
    expect(options.contenders.map((c) => c.name)).toEqual(['raw', 'athanor-orm', 'knex']);
    expect(parseOptions(['--db', 'postgres']).out).toBe('latest-postgres');
  });

  it('refuses what it does not know', () => {
    expect(() => parseOptions(['--workload', 'W8'])).toThrow(UsageError);
    expect(() => parseOptions(['--db', 'oracle'])).toThrow(/unknown database 'oracle'/);
    expect(() => parseOptions(['--runs', '0'])).toThrow(/positive integer/);
    expect(() => parseOptions(['--frobnicate'])).toThrow(UsageError);
  });
});

describe('the harness', () => {
  it('takes the median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it("checks W4's users and posts", () => {
    const posts = makePosts(3);
    expect(posts).toHaveLength(3 * postsPerUser);
    expect(posts.slice(0, 4).map((post) => post.userId)).toEqual([1, 2, 3, 1]);
    const load = (owners: (post: (typeof posts)[number]) => number) =>
      [1, 2, 3].map((id) => ({ id, posts: posts.filter((post) => owners(post) === id) }));
    const read = {
      id: (user: { id: number }) => user.id,
      posts: (user: { posts: typeof posts }) => user.posts,
      owner: (post: (typeof posts)[number]) => post.userId,
    };
    expect(
      usersWithTheirPosts(
        load((post) => post.userId),
        posts.length,
        read,
      ),
    ).toBe(3);
    // A user short of posts is not counted; posts missing from the load, or in the wrong place,
    // or a table that does not hold what the workload says, are errors.
    const short = load((post) => post.userId);
    short[0]?.posts.pop();
    expect(() => usersWithTheirPosts(short, posts.length, read)).toThrow(/29 posts loaded/);
    expect(() =>
      usersWithTheirPosts(
        load((post) => (post.id % 3) + 1),
        posts.length,
        read,
      ),
    ).toThrow(/holds a post of user/);
    expect(() =>
      usersWithTheirPosts(
        load((post) => post.userId),
        29,
        read,
      ),
    ).toThrow(/29 posts in the table/);
  });

  // Every contender's every workload is run by workloads.test.ts; here a few go through the
  // whole pipeline (child processes, summary, files), W4's raw-2q among them.
  it('measures contenders in child processes and writes Markdown, JSON and SVG', () => {
    const base = join(out, 'run');
    const result = spawnSync(
      process.execPath,
      [
        main,
        ...['--size', '0.002', '--runs', '2', '--warmup', '0', '--timed', '1', '--out', base],
        ...['--contender', 'raw,raw-2q,athanor-orm,kysely'],
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } },
    );
    expect(result.stderr).not.toMatch(/failed|Error/);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as BenchReport;
    expect(new Set(report.rows.map((row) => row.workload))).toEqual(new Set(workloadIds));
    expect(new Set(report.rows.map((row) => row.contender))).toEqual(
      new Set(['raw', 'raw-2q', 'athanor-orm', 'kysely']),
    );
    // raw-2q does W4 alone; every ratio and target is to raw.
    expect(report.rows.filter((row) => row.contender === 'raw-2q').map((r) => r.workload)).toEqual([
      'W4',
    ]);
    const ormW4 = report.rows.find(
      (row) => row.workload === 'W4' && row.contender === 'athanor-orm',
    );
    expect(ormW4?.target).toBe(2);
    for (const row of report.rows) {
      expect(row.samples).toBe(2);
      expect(row.medianMs).toBeGreaterThan(0);
      expect(row.peakRssMiB).toBeGreaterThan(10);
      expect(row.ratio).toBeGreaterThan(0);
    }
    const markdown = readFileSync(`${base}.md`, 'utf8');
    expect(markdown).toMatch(/\| W1 insert rows in one transaction +\| +20 \| raw +\| +2 \|/);
    expect(markdown).toMatch(/\| athanor-orm +\|.*\| ≤ 2 (✓|✗ \+\d+%) +\|/);
    expect(result.stdout).toContain(markdown.trim());
    const svg = readFileSync(`${base}.svg`, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>');
    expect(svg).toContain('athanor-orm');
  });
});
