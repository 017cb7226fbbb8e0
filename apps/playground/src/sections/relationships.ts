import { select, selectinload } from '@athanor/orm';
import { check, code, show } from '../output.js';
import { Post, User } from './models.js';
import type { Section } from './section.js';

/** Guide section 7: the one-to-many User.posts / Post.user, with backPopulates and orderBy. */
export const relationships: Section = {
  title: '7. Relationships',
  async run({ Session }) {
    code(`class Post extends Base.model('posts', {
  id: new Column(Integer, { primaryKey: true }),
  title: new Column(String(100)),
  userId: new Column(Integer, { name: 'user_id', foreignKey: 'users.id' }),
}) {
  declare user: User | null;
  static {
    this.relationship('user', () => User, { backPopulates: 'posts' });
  }
}
// with \`declare posts: Post[]\` in User:
User.relationship('posts', () => Post, { orderBy: Post.c.id, backPopulates: 'user' });`);
    {
      await using session = Session();
      code(`const bob = await session.query(User).filterBy({ name: 'Bob' }).one();
await session.load(bob, 'posts');         // reading is synchronous: load first
bob.posts.push(new Post({ title: 'Hello' }), new Post({ title: 'Again' }));
const carol = ...; new Post({ title: 'Recipes' }).user = carol;   // back-populates carol.posts
await session.commit();`);
      const bob = await session.query(User).filterBy({ name: 'Bob' }).one();
      await session.load(bob, 'posts');
      bob.posts.push(new Post({ title: 'Hello' }), new Post({ title: 'Again' }));
      check(bob.posts[0]?.user === bob, "pushing a post onto bob.posts sets the post's user");
      const carol = await session.query(User).filterBy({ name: 'Carol' }).one();
      await session.load(carol, 'posts');
      const recipes = new Post({ title: 'Recipes' });
      recipes.user = carol;
      check(carol.posts.includes(recipes), "setting a post's user puts it in the user's posts");
      await session.commit();
    }

    await using session = Session();
    code(`const users = (
  await session.scalars(select(User).options(selectinload(User.rel('posts'))).orderBy(User.c.id))
).all();`);
    const users = (
      await session.scalars(
        select(User)
          .options(selectinload(User.rel('posts')))
          .orderBy(User.c.id),
      )
    ).all();
    show(
      ['user', 'posts (ordered by Post.id)'],
      users.map((user) => [user.name, user.posts.map((post) => post.title).join(', ')]),
    );
    check(
      users.map((user) => user.posts.map((post) => post.title).join()).join('|') ===
        'Hello,Again|Recipes',
      "Bob's posts in id order, Carol's one post",
    );
    check(
      users.every((user) => user.posts.every((post) => post.user === user)),
      'each post points back to its user without another query',
    );
  },
};
