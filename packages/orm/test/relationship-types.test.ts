import { Column, Integer, String, Table } from '@athanor/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  declarativeBase,
  joinedload,
  type Query,
  raiseload,
  type Session,
  select,
  selectinload,
} from '../src/index.js';

// These checks run in the compiler (pnpm typecheck): relationship fields keep the types they are
// declared with, relationship() and backPopulates are checked against those fields, and loader
// options follow the relationships from model to model. The functions holding the checks are
// never called.
const Base = declarativeBase();

class User extends Base.model('rtype_users', {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(50), { nullable: false }),
}) {
  declare posts: Post[];
  declare profile: Profile | null;
  declare memberships: Membership[];
  declare groups: Group[];
  static {
    this.relationship('memberships', () => Membership, { backPopulates: 'user' });
    this.associationProxy('groups', 'memberships', 'group', {
      creator: (group) => Membership.create({ group, role: 'member' }),
    });
  }
}

class Post extends Base.model('rtype_posts', {
  id: new Column(Integer, { primaryKey: true }),
  title: new Column(String(100), { nullable: false }),
  userId: new Column(Integer, { foreignKey: 'rtype_users.id' }),
}) {
  declare user: User | null;
  declare comments: Comment[];
  declare tags: Tag[];
  static {
    this.relationship('user', () => User, { backPopulates: 'posts' });
    this.relationship('comments', () => Comment, {
      backPopulates: 'post',
      orderBy: () => Comment.c.id,
    });
    this.relationship('tags', () => Tag, { secondary: () => postTags, backPopulates: 'posts' });
  }
}

class Comment extends Base.model('rtype_comments', {
  id: new Column(Integer, { primaryKey: true }),
  body: new Column(String(100), { nullable: false }),
  postId: new Column(Integer, { foreignKey: 'rtype_posts.id', nullable: false }),
}) {
  // The foreign key is NOT NULL, so the field may be declared without null.
  declare post: Post;
  static {
    this.relationship('post', () => Post, { backPopulates: 'comments' });
  }
}

class Profile extends Base.model('rtype_profiles', {
  id: new Column(Integer, { primaryKey: true }),
  bio: new Column(String(100)),
  userId: new Column(Integer, { foreignKey: 'rtype_users.id' }),
}) {
  declare user: User | null;
  static {
    this.relationship('user', () => User, { backPopulates: 'profile' });
  }
}

class Tag extends Base.model('rtype_tags', {
  id: new Column(Integer, { primaryKey: true }),
  label: new Column(String(30), { nullable: false }),
}) {
  declare posts: Post[];
  static {
    this.relationship('posts', () => Post, { secondary: () => postTags, backPopulates: 'tags' });
  }
}

class Group extends Base.model('rtype_groups', {
  id: new Column(Integer, { primaryKey: true }),
  code: new Column(String(20), { nullable: false }),
}) {}

class Membership extends Base.model('rtype_memberships', {
  userId: new Column(Integer, { primaryKey: true, foreignKey: 'rtype_users.id' }),
  groupId: new Column(Integer, { primaryKey: true, foreignKey: 'rtype_groups.id' }),
  role: new Column(String(20), { nullable: false }),
}) {
  declare user: User | null;
  declare group: Group | null;
  static {
    this.relationship('user', () => User, { backPopulates: 'memberships' });
    this.relationship('group', () => Group);
  }
}

const postTags = new Table('rtype_post_tags', Base.metadata, {
  postId: new Column(Integer, { primaryKey: true, foreignKey: 'rtype_posts.id' }),
  tagId: new Column(Integer, { primaryKey: true, foreignKey: 'rtype_tags.id' }),
});

// The guide's way: mapped once both classes exist.
User.relationship('posts', () => Post, { orderBy: Post.c.id, backPopulates: 'user' });
User.relationship('profile', () => Profile, { uselist: false, backPopulates: 'user' });

describe('relationship types', () => {
  it('keeps the declared field types, through queries too', () => {
    const _check = (user: User, post: Post, comment: Comment, tag: Tag) => {
      expectTypeOf(user.posts).toEqualTypeOf<Post[]>();
      expectTypeOf(post.user).toEqualTypeOf<User | null>();
      expectTypeOf(comment.post).toEqualTypeOf<Post>();
      expectTypeOf(user.profile).toEqualTypeOf<Profile | null>();
      expectTypeOf(tag.posts).toEqualTypeOf<Post[]>();
      expectTypeOf(user.groups).toEqualTypeOf<Group[]>();
      expectTypeOf(post.userId).toEqualTypeOf<number | null>();
      expectTypeOf(Post.create({ title: 'x', user, comments: [] })).toEqualTypeOf<Post>();
    };
    const _queried = async (session: Session) => {
      const users = (await session.scalars(select(User))).all();
      expectTypeOf(users[0]!.posts).toEqualTypeOf<Post[]>();
      const post = await session.get(Post, 1);
      expectTypeOf(post!.user).toEqualTypeOf<User | null>();
    };
  });

  it('does not compile assigning the wrong model', () => {
    const _wrong = (user: User, post: Post, comment: Comment, tag: Tag) => {
      post.user = user;
      post.user = null;
      user.posts.push(post);
      comment.post = post;
      post.tags = [tag];
      // @ts-expect-error: a Comment is not a User
      post.user = comment;
      // @ts-expect-error: a Tag is not a Post
      user.posts.push(tag);
      // @ts-expect-error: Comments where Posts go
      user.posts = [comment];
      // @ts-expect-error: a collection where a single object goes
      post.user = [user];
      // @ts-expect-error: the field is declared without null
      comment.post = null;
      // @ts-expect-error: create() checks relationships as well
      Post.create({ user: comment });
    };
  });

  it('checks relationship() against the field: its key, its target model', () => {
    const _wrong = () => {
      User.relationship('posts', () => Post, { backPopulates: 'user' });
      Comment.relationship('post', () => Post);
      // @ts-expect-error: not a field of User
      User.relationship('nope', () => Post);
      // @ts-expect-error: a column, not a field holding models
      User.relationship('name', () => Post);
      // @ts-expect-error: User.posts holds Posts, not Comments
      User.relationship('posts', () => Comment);
      // @ts-expect-error: Post.user holds a User, not a Post
      Post.relationship('user', () => Post);
    };
  });

  it("checks backPopulates against the target's relationships", () => {
    const _wrong = () => {
      Post.relationship('user', () => User, { backPopulates: 'posts' });
      // @ts-expect-error: Post has no relationship 'owner'
      User.relationship('posts', () => Post, { backPopulates: 'owner' });
      // @ts-expect-error: 'title' is a column of Post, not a relationship
      User.relationship('posts', () => Post, { backPopulates: 'title' });
    };
  });

  it('types session.load() by the relationship', () => {
    const _run = async (session: Session, user: User, users: User[], post: Post) => {
      expectTypeOf(session.load(user, 'posts')).toEqualTypeOf<Promise<Post[]>>();
      expectTypeOf(session.load(post, 'user')).toEqualTypeOf<Promise<User | null>>();
      expectTypeOf(session.load(user, 'profile')).toEqualTypeOf<Promise<Profile | null>>();
      await session.load(users, 'posts');
      await session.load([post], 'comments');
      // @ts-expect-error: User has no relationship 'nope'
      await session.load(user, 'nope');
      // @ts-expect-error: a column is not a relationship
      await session.load(user, 'name');
    };
  });

  it('chains loader options along the relationships', () => {
    const _run = async (session: Session) => {
      const users = await session.scalars(
        select(User).options(selectinload(User.rel('posts')).selectinload(Post.rel('comments'))),
      );
      expectTypeOf(users.all()).toEqualTypeOf<User[]>();
      select(User).options(joinedload(User.rel('posts')).joinedload(Post.rel('tags')));
      select(User).options(
        selectinload(User.rel('posts')).joinedload(Post.rel('comments')),
        raiseload(User.rel('profile')),
      );
      select(Comment).options(selectinload(Comment.rel('post')).selectinload(Post.rel('user')));
      expectTypeOf(session.query(User).options(selectinload(User.rel('posts')))).toEqualTypeOf<
        Query<User>
      >();
      // @ts-expect-error: after User.posts the path goes on from Post, which has no 'posts'
      selectinload(User.rel('posts')).selectinload(User.rel('posts'));
      // @ts-expect-error: the same for joinedload
      joinedload(User.rel('posts')).joinedload(User.rel('profile'));
      // @ts-expect-error: User has no relationship 'nope'
      User.rel('nope');
      // @ts-expect-error: a column is not a relationship
      User.rel('name');
    };
  });

  it('types relationship-aware conditions', () => {
    const _run = (user: User, comment: Comment) => {
      select(User).join(User.rel('posts')).where(Post.c.title.like('%SQL%'));
      select(User).where(User.rel('posts').any(Post.c.title.like('%SQL%')));
      select(Post).where(Post.rel('user').has(User.c.name.eq('Alice')));
      select(Post).where(Post.rel('user').eq(user));
      // @ts-expect-error: Post.user compares with a User, not a Comment
      Post.rel('user').eq(comment);
    };
  });

  it('checks association proxies', () => {
    const _run = (user: User, group: Group) => {
      user.groups.push(group);
      // @ts-expect-error: 'nope' is not a relationship of User
      User.associationProxy('groups', 'nope', 'group');
      // @ts-expect-error: Membership has no attribute 'nope'
      User.associationProxy('groups', 'memberships', 'nope');
      // @ts-expect-error: the creator must make a Membership
      User.associationProxy('groups', 'memberships', 'group', { creator: (value) => value });
    };
  });
});
