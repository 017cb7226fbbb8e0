import { postsPerUser, usersWithTheirPosts } from '../../dataset.js';

/** A post as the drivers return it. */
export type RawPost = { id: number; user_id: number; title: string };

/** A user as the drivers return it, with its posts put on it by hand. */
export type RawUser = {
  id: number;
  name: string;
  email: string;
  age: number | null;
  created_at: unknown;
  posts: RawPost[];
};

/**
 * The hand-written half of W4, after the users' query: each user gets an empty `posts` array,
 * found again by id; returns the ids for the posts' query.
 */
export function preparePosts(users: RawUser[]): { ids: number[]; byId: Map<number, RawPost[]> } {
  const ids = new Array<number>(users.length);
  const byId = new Map<number, RawPost[]>();
  for (let i = 0; i < users.length; i++) {
    const user = users[i] as RawUser;
    user.posts = [];
    ids[i] = user.id;
    byId.set(user.id, user.posts);
  }
  return { ids, byId };
}

/**
 * W4's one-statement load: each user's `posts` column holds its posts as JSON (text on SQLite
 * and MariaDB; PostgreSQL's driver has parsed it already), made into objects in place.
 */
export function parsePostsJson(users: RawUser[]): RawUser[] {
  for (const user of users) {
    const posts = user.posts as unknown;
    if (typeof posts === 'string') user.posts = JSON.parse(posts) as RawPost[];
  }
  return users;
}

/** Puts each post on its user. */
export function stitchPosts(byId: Map<number, RawPost[]>, posts: readonly RawPost[]): void {
  for (const post of posts) byId.get(post.user_id)?.push(post);
}

/** The users holding `postsPerUser` posts: what `run()` reports (all of them). */
export function completeUsers(users: readonly RawUser[]): number {
  let complete = 0;
  for (const user of users) if (user.posts.length === postsPerUser) complete++;
  return complete;
}

/** W4's untimed check of a load (made by `verify()`) against the posts in the table. */
export function checkRawUsers(users: readonly RawUser[], postsInTable: number): number {
  return usersWithTheirPosts(users, postsInTable, {
    id: (user) => user.id,
    posts: (user) => user.posts,
    owner: (post) => post.user_id,
  });
}
