import { select, selectinload } from '@athanor/orm';
import { check, code, say, show } from '../output.js';
import { Post, User } from './models.js';
import type { Section } from './section.js';

/** Guide section 7: the one-to-many User.posts / Post.user, with backPopulates and orderBy. */
export const relationships: Section = {
  title: '7. Relationships',
  async run({ Session }) {
    say(
      `Post, and User.posts / Post.user back-populating each other, are defined in section 4\n` +
        `(the table ${Post.table.name}, its user_id referencing ${User.table.name}.id).`,
    );
    {
      await using session = Session();
      code(`const bob = await session.query(User).filterBy({ name: 'Bob' }).one();
await session.load(bob, 'posts');         // reading is synchronous: load first
bob.posts.push(new Post({ title: 'Hello' }), new Post({ title: 'Again' }));
const carol = await session.query(User).filterBy({ name: 'Carol' }).one();   // flushes Bob's posts first
await session.load(carol, 'posts');
new Post({ title: 'Recipes' }).user = carol;   // back-populates carol.posts
await session.commit();`);
      const bob = await session.query(User).filterBy({ name: 'Bob' }).one();
      await session.load(bob, 'posts');
      bob.posts.push(new Post({ title: 'Hello' }), new Post({ title: 'Again' }));
      const pushedSetsUser = bob.posts[0]?.user === bob;
      const carol = await session.query(User).filterBy({ name: 'Carol' }).one();
      await session.load(carol, 'posts');
      const recipes = new Post({ title: 'Recipes' });
      recipes.user = carol;
      const settingUserAddsPost = carol.posts.includes(recipes);
      await session.commit();
      // Checked after the commit, so that the checks' lines follow all of the SQL of the code.
      check(pushedSetsUser, "pushing a post onto bob.posts set the post's user");
      check(settingUserAddsPost, "setting a post's user put it in the user's posts");
    }

    let users: User[] = [];
    let pointBack = false;
    code(`{
  await using session = Session();
  const users = (
    await session.scalars(select(User).options(selectinload(User.rel('posts'))).orderBy(User.c.id))
  ).all();
}  // the session closes: its transaction, which only read, is rolled back`);
    {
      await using session = Session();
      users = (
        await session.scalars(
          select(User)
            .options(selectinload(User.rel('posts')))
            .orderBy(User.c.id),
        )
      ).all();
      // Read while the session is open: a closed session's objects load nothing more.
      pointBack = users.every((user) => user.posts.every((post) => post.user === user));
    }
    show(
      ['user', 'posts (ordered by Post.id)'],
      users.map((user) => [user.name, user.posts.map((post) => post.title).join(', ')]),
    );
    check(
      users.map((user) => user.posts.map((post) => post.title).join()).join('|') ===
        'Hello,Again|Recipes',
      "Bob's posts in id order, Carol's one post",
    );
    check(pointBack, 'each post points back to its user without another query');
  },
};
