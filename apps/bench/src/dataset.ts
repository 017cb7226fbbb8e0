/** The tables every contender creates, with the same columns. */
export const usersTable = 'bench_users';
/** Users' posts: W4 loads them with their users; W6 joins them (only compiled). */
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

/** W4: how many posts each user has. */
export const postsPerUser = 10;

/**
 * W4: at most this many keys in one `IN (...)`, as the ORM's `selectinload` chunks them: one
 * query at the default size, and within every database's parameter limit at any size.
 */
export const keysPerQuery = 5000;

/** A post row as W4 writes it (ids given, so they are the same on every database). */
export type PostRow = {
  readonly id: number;
  readonly userId: number;
  readonly title: string;
};

/**
 * W4's posts: `postsPerUser` for each of the users 1..`userCount`, ids 1..n, the same on every
 * run. They are dealt round-robin, so a user's posts are scattered over the table (as posts
 * written over time are) and loading them has to group them.
 */
export function makePosts(userCount: number): PostRow[] {
  const rows = new Array<PostRow>(userCount * postsPerUser);
  for (let i = 0; i < rows.length; i++) {
    rows[i] = { id: i + 1, userId: (i % userCount) + 1, title: `post ${i}` };
  }
  return rows;
}

/**
 * W4's check of a load (untimed, in `verify()`): the table has `postsPerUser` posts per user, the loaded
 * posts add up to them, and each sits under the user it belongs to. Throws when they do not;
 * otherwise returns the users holding exactly `postsPerUser` posts, which must be all of them.
 */
export function usersWithTheirPosts<U, P>(
  users: readonly U[],
  postsInTable: number,
  read: {
    readonly id: (user: U) => number;
    readonly posts: (user: U) => readonly P[];
    readonly owner: (post: P) => number;
  },
): number {
  if (postsInTable !== users.length * postsPerUser) {
    throw new Error(
      `W4: ${postsInTable} posts in the table for ${users.length} users, expected ${postsPerUser} each`,
    );
  }
  let complete = 0;
  let loaded = 0;
  for (const user of users) {
    const posts = read.posts(user);
    loaded += posts.length;
    const id = read.id(user);
    const stray = posts.find((post) => read.owner(post) !== id);
    if (stray !== undefined) {
      throw new Error(`W4: user ${id} holds a post of user ${read.owner(stray)}`);
    }
    if (posts.length === postsPerUser) complete++;
  }
  if (loaded !== postsInTable) {
    throw new Error(`W4: ${loaded} posts loaded, ${postsInTable} in the table`);
  }
  return complete;
}

/** W6's predicate values, varied so no two statements are equal objects. */
export function w6Values(i: number): { minAge: number; namePattern: string; title: string } {
  return { minAge: i % 50, namePattern: `user ${i % 10}%`, title: `post ${i}` };
}
