/** The tables every contender creates, with the same columns. */
export const usersTable = 'bench_users';
/** Joined to users in W6 (only compiled, never filled). */
export const postsTable = 'bench_posts';
/** W7's rows: written once by the harness, read by every child. */
export const streamTable = 'bench_stream';

/** A user row as the workloads write it (ids are the database's unless given). */
export type UserRow = {
  readonly id?: number;
  readonly name: string;
  readonly email: string;
  readonly age: number;
  readonly createdAt: Date;
};

const epoch = Date.UTC(2024, 0, 1);

/** `count` users, the same on every run; with ids 1..count when `withIds`. */
export function makeUsers(count: number, withIds = false): UserRow[] {
  const rows = new Array<UserRow>(count);
  for (let i = 0; i < count; i++) {
    const row = {
      name: `user ${i}`,
      email: `user${i}@example.com`,
      age: 18 + (i % 60),
      createdAt: new Date(epoch + i * 1000),
    };
    rows[i] = withIds ? { id: i + 1, ...row } : row;
  }
  return rows;
}

/**
 * The value W5 writes into `age`: different on every run, so each run really changes every row
 * (an ORM skips a write of an unchanged value). Out of the seeded range 18..77.
 */
export function nextMarker(previous: number): number {
  return previous < 1000 ? 1000 : previous + 1;
}

/** W6's predicate values, varied so no two statements are equal objects. */
export function w6Values(i: number): { minAge: number; namePattern: string; title: string } {
  return { minAge: i % 50, namePattern: `user ${i % 10}%`, title: `post ${i}` };
}
