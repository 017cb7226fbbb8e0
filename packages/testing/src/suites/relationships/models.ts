import { and, Bool, Column, ForeignKey, Integer, Table, Varchar } from '@athanor/core';
import type { DeclarativeBase, LazyStrategy } from '@athanor/orm';

// The models of the relationship tests, in one place: each factory declares a small set of
// models on the caller's base, over tables named `${prefix}…`, with the options the tests vary
// (cascade, loader, ordering) as parameters. The conformance suites (@athanor/testing) and the
// ORM's own tests (packages/orm/test) both use them, each on a base of their own.
//
// The instance types (User, Post, …) do not depend on the options, so they are exported once,
// below each factory. A test file declares the classes with
// `const { User, Post } = defineBlogModels(Base, prefix)` and types its variables with the
// types imported from here.
//
// The factories and types are @internal (left out of the declaration files): a declaration
// file cannot name classes declared inside a function, and nothing outside the tests uses them.

/** Options of {@link defineBlogModels}. */
export interface BlogOptions {
  /** The cascade of `User.posts`; by default SQLAlchemy's `save-update, merge`. */
  readonly postsCascade?: string;
  /** How `User.posts` loads when a query does not say. */
  readonly postsLazy?: LazyStrategy;
  /** How `Post.user` loads when a query does not say. */
  readonly userLazy?: LazyStrategy;
}

/**
 * Users with posts (one-to-many, ordered by id), a profile each (one-to-one), and comments on
 * posts (a NOT NULL key, default cascade: deleting a post with comments is refused).
 * @internal
 */
export function defineBlogModels(base: DeclarativeBase, prefix: string, options: BlogOptions = {}) {
  const users = `${prefix}users`;
  const posts = `${prefix}posts`;

  class User extends base.model(users, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
  }) {
    declare posts: Post[];
    declare profile: Profile | null;
  }

  class Post extends base.model(posts, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(Varchar(100), { nullable: false }),
    userId: new Column(Integer, { name: 'user_id', foreignKey: `${users}.id` }),
  }) {
    declare user: User | null;
    declare comments: Comment[];
  }

  class Comment extends base.model(`${prefix}comments`, {
    id: new Column(Integer, { primaryKey: true }),
    body: new Column(Varchar(100), { nullable: false }),
    postId: new Column(Integer, { name: 'post_id', foreignKey: `${posts}.id`, nullable: false }),
  }) {
    declare post: Post | null;
  }

  class Profile extends base.model(`${prefix}profiles`, {
    id: new Column(Integer, { primaryKey: true }),
    bio: new Column(Varchar(100)),
    userId: new Column(Integer, { name: 'user_id', foreignKey: `${users}.id` }),
  }) {
    declare user: User | null;
  }

  // The guide's `User.posts = relationship('Post', order_by=Post.id, back_populates='user')`.
  User.relationship('posts', () => Post, {
    backPopulates: 'user',
    orderBy: () => Post.c.id,
    ...(options.postsCascade === undefined ? {} : { cascade: options.postsCascade }),
    ...(options.postsLazy === undefined ? {} : { lazy: options.postsLazy }),
  });
  Post.relationship('user', () => User, {
    backPopulates: 'posts',
    ...(options.userLazy === undefined ? {} : { lazy: options.userLazy }),
  });
  User.relationship('profile', () => Profile, { uselist: false, backPopulates: 'user' });
  Profile.relationship('user', () => User, { backPopulates: 'profile' });
  Post.relationship('comments', () => Comment, {
    backPopulates: 'post',
    orderBy: () => Comment.c.id,
  });
  Comment.relationship('post', () => Post, { backPopulates: 'comments' });

  return { User, Post, Comment, Profile };
}
/** @internal */
export type BlogModels = ReturnType<typeof defineBlogModels>;
/** @internal */
export type User = InstanceType<BlogModels['User']>;
/** @internal */
export type Post = InstanceType<BlogModels['Post']>;
/** @internal */
export type Comment = InstanceType<BlogModels['Comment']>;
/** @internal */
export type Profile = InstanceType<BlogModels['Profile']>;

/** Options of {@link defineTreeModels}. */
export interface TreeOptions {
  /** The cascade of `Node.children`. */
  readonly cascade?: string;
  /** How `Node.children` loads when a query does not say. */
  readonly lazy?: LazyStrategy;
}

/** A self-referential tree (an adjacency list): `Node.children` and `Node.parent`. @internal */
export function defineTreeModels(base: DeclarativeBase, prefix: string, options: TreeOptions = {}) {
  const nodes = `${prefix}nodes`;
  class Node extends base.model(nodes, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
    parentId: new Column(Integer, { name: 'parent_id', foreignKey: `${nodes}.id` }),
  }) {
    declare parent: Node | null;
    declare children: Node[];
  }
  Node.relationship('children', () => Node, {
    backPopulates: 'parent',
    orderBy: () => Node.c.id,
    ...(options.cascade === undefined ? {} : { cascade: options.cascade }),
    ...(options.lazy === undefined ? {} : { lazy: options.lazy }),
  });
  // The many-to-one side of an adjacency list: the referred key (id) is on the remote side.
  Node.relationship('parent', () => Node, {
    backPopulates: 'children',
    remoteSide: () => [Node.c.id],
  });
  return { Node };
}
/** @internal */
export type Node = InstanceType<ReturnType<typeof defineTreeModels>['Node']>;

/** Options of {@link defineMembershipModels}. */
export interface MembershipOptions {
  /** The column `Member.memberships` is ordered by. */
  readonly orderBy: 'role' | 'groupId';
}

/**
 * An association model with an extra column (Membership: member, group, role), and an
 * association proxy `Member.groups` over it. Memberships go with their member
 * (`all, delete-orphan`).
 * @internal
 */
export function defineMembershipModels(
  base: DeclarativeBase,
  prefix: string,
  options: MembershipOptions,
) {
  const members = `${prefix}members`;
  const groups = `${prefix}groups`;
  class Member extends base.model(members, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
  }) {
    declare memberships: Membership[];
    declare groups: Group[];
  }

  class Group extends base.model(groups, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
  }) {}

  class Membership extends base.model(`${prefix}memberships`, {
    memberId: new Column(Integer, {
      name: 'member_id',
      primaryKey: true,
      foreignKey: `${members}.id`,
    }),
    groupId: new Column(Integer, {
      name: 'group_id',
      primaryKey: true,
      foreignKey: `${groups}.id`,
    }),
    role: new Column(Varchar(20), { nullable: false }),
  }) {
    declare member: Member | null;
    declare group: Group | null;
  }

  Member.relationship('memberships', () => Membership, {
    backPopulates: 'member',
    cascade: 'all, delete-orphan',
    orderBy: () => Membership.c[options.orderBy],
  });
  Member.associationProxy('groups', 'memberships', 'group', {
    creator: (group) => Membership.create({ group, role: 'member' }),
  });
  Membership.relationship('member', () => Member, { backPopulates: 'memberships' });
  Membership.relationship('group', () => Group);
  return { Member, Group, Membership };
}
type Memberships = ReturnType<typeof defineMembershipModels>;
/** @internal */
export type Member = InstanceType<Memberships['Member']>;
/** @internal */
export type Group = InstanceType<Memberships['Group']>;
/** @internal */
export type Membership = InstanceType<Memberships['Membership']>;

/** Options of {@link defineOrderModels}. */
export interface OrderOptions {
  /**
   * Whether a line's key may be NULL: where it may, an orphan left behind would show as a row
   * with a NULL key; where it may not, the database refuses one.
   */
  readonly nullableKey: boolean;
}

/** Orders whose lines go with them: `Order.lines` has cascade `all, delete-orphan`. @internal */
export function defineOrderModels(base: DeclarativeBase, prefix: string, options: OrderOptions) {
  const orders = `${prefix}orders`;
  class Order extends base.model(orders, {
    id: new Column(Integer, { primaryKey: true }),
    ref: new Column(Varchar(20), { nullable: false }),
  }) {
    declare lines: Line[];
  }

  class Line extends base.model(`${prefix}lines`, {
    id: new Column(Integer, { primaryKey: true }),
    product: new Column(Varchar(30), { nullable: false }),
    orderId: new Column(Integer, {
      name: 'order_id',
      foreignKey: `${orders}.id`,
      nullable: options.nullableKey,
    }),
  }) {
    declare order: Order | null;
  }

  Order.relationship('lines', () => Line, {
    backPopulates: 'order',
    cascade: 'all, delete-orphan',
    orderBy: () => Line.c.id,
  });
  Line.relationship('order', () => Order, { backPopulates: 'lines' });
  return { Order, Line };
}
type Orders = ReturnType<typeof defineOrderModels>;
/** @internal */
export type Order = InstanceType<Orders['Order']>;
/** @internal */
export type Line = InstanceType<Orders['Line']>;

/** Options of {@link defineWriterModels}. */
export interface WriterOptions {
  /** Whether `Writer.favorite` is written by a second UPDATE (to break a cycle between rows). */
  readonly postUpdate: boolean;
}

/**
 * Two tables with keys to each other: a writer's notes (`Note.writerId`) and the writer's
 * favourite note (`Writer.favoriteNoteId`). Each relationship names the key it follows.
 * @internal
 */
export function defineWriterModels(base: DeclarativeBase, prefix: string, options: WriterOptions) {
  const writers = `${prefix}writers`;
  const notes = `${prefix}notes`;
  class Writer extends base.model(writers, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
    favoriteNoteId: new Column(Integer, { name: 'favorite_note_id', foreignKey: `${notes}.id` }),
  }) {
    declare notes: Note[];
    declare favorite: Note | null;
  }

  class Note extends base.model(notes, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(Varchar(50), { nullable: false }),
    writerId: new Column(Integer, { name: 'writer_id', foreignKey: `${writers}.id` }),
  }) {
    declare writer: Writer | null;
  }

  Writer.relationship('notes', () => Note, {
    backPopulates: 'writer',
    foreignKeys: () => [Note.c.writerId],
    orderBy: () => Note.c.id,
  });
  Writer.relationship('favorite', () => Note, {
    foreignKeys: () => [Writer.c.favoriteNoteId],
    postUpdate: options.postUpdate,
  });
  Note.relationship('writer', () => Writer, {
    backPopulates: 'notes',
    foreignKeys: () => [Note.c.writerId],
  });
  return { Writer, Note };
}
type Writers = ReturnType<typeof defineWriterModels>;
/** @internal */
export type Writer = InstanceType<Writers['Writer']>;
/** @internal */
export type Note = InstanceType<Writers['Note']>;

/** Articles and tags, many-to-many through an association table, loaded both ways. @internal */
export function defineTagModels(base: DeclarativeBase, prefix: string) {
  const articles = `${prefix}articles`;
  const tags = `${prefix}tags`;
  class Article extends base.model(articles, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(Varchar(100), { nullable: false }),
  }) {
    declare tags: Tag[];
  }

  class Tag extends base.model(tags, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(30), { nullable: false }),
  }) {
    declare articles: Article[];
  }

  const articleTags = new Table(`${prefix}article_tags`, base.metadata, {
    articleId: new Column(Integer, {
      name: 'article_id',
      primaryKey: true,
      foreignKey: `${articles}.id`,
    }),
    tagId: new Column(Integer, { name: 'tag_id', primaryKey: true, foreignKey: `${tags}.id` }),
  });

  Article.relationship('tags', () => Tag, {
    secondary: () => articleTags,
    backPopulates: 'articles',
    orderBy: () => Tag.c.name,
  });
  Tag.relationship('articles', () => Article, {
    secondary: () => articleTags,
    backPopulates: 'tags',
    orderBy: () => Article.c.id,
  });
  return { Article, Tag, articleTags };
}
type Tags = ReturnType<typeof defineTagModels>;
/** @internal */
export type Article = InstanceType<Tags['Article']>;
/** @internal */
export type Tag = InstanceType<Tags['Tag']>;

/** Albums whose tracks the database deletes (ON DELETE CASCADE, `passiveDeletes`). @internal */
export function defineAlbumModels(base: DeclarativeBase, prefix: string) {
  const albums = `${prefix}albums`;
  class Album extends base.model(albums, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(Varchar(50), { nullable: false }),
  }) {
    declare tracks: Track[];
  }

  class Track extends base.model(`${prefix}tracks`, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(Varchar(50), { nullable: false }),
    albumId: new Column(Integer, {
      name: 'album_id',
      nullable: false,
      foreignKey: new ForeignKey(`${albums}.id`, { onDelete: 'CASCADE' }),
    }),
  }) {
    declare album: Album | null;
  }

  Album.relationship('tracks', () => Track, {
    backPopulates: 'album',
    cascade: 'all, delete-orphan',
    passiveDeletes: true,
  });
  Track.relationship('album', () => Album, { backPopulates: 'tracks' });
  return { Album, Track };
}
type Albums = ReturnType<typeof defineAlbumModels>;
/** @internal */
export type Album = InstanceType<Albums['Album']>;
/** @internal */
export type Track = InstanceType<Albums['Track']>;

/**
 * Teams and players, with a cascade along the many-to-one (`Player.team`, cascade `all`) and a
 * read-only collection (`Team.roster`, viewonly).
 * @internal
 */
export function defineTeamModels(base: DeclarativeBase, prefix: string) {
  const teams = `${prefix}teams`;
  class Team extends base.model(teams, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
  }) {
    declare players: Player[];
    declare roster: Player[];
  }

  class Player extends base.model(`${prefix}players`, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(50), { nullable: false }),
    teamId: new Column(Integer, { name: 'team_id', foreignKey: `${teams}.id` }),
  }) {
    declare team: Team | null;
  }

  Player.relationship('team', () => Team, { backPopulates: 'players', cascade: 'all' });
  Team.relationship('players', () => Player, {
    backPopulates: 'team',
    orderBy: () => Player.c.id,
  });
  Team.relationship('roster', () => Player, { viewonly: true, orderBy: () => Player.c.id });
  return { Team, Player };
}
type Teams = ReturnType<typeof defineTeamModels>;
/** @internal */
export type Team = InstanceType<Teams['Team']>;
/** @internal */
export type Player = InstanceType<Teams['Player']>;

/**
 * Relationship options beyond the kinds: `Parent.kids` with a backref (`Kid.parent`), the
 * active kids by a custom primaryjoin (viewonly), and clubs through an association table.
 * @internal
 */
export function defineFamilyModels(base: DeclarativeBase, prefix: string) {
  const parents = `${prefix}parents`;
  class Parent extends base.model(parents, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(30), { nullable: false }),
  }) {
    declare kids: Kid[];
    declare activeKids: Kid[];
    declare clubs: Club[];
  }

  class Kid extends base.model(`${prefix}kids`, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(30), { nullable: false }),
    active: new Column(Bool, { nullable: false, default: true }),
    parentId: new Column(Integer, { name: 'parent_id', foreignKey: `${parents}.id` }),
  }) {
    /** Made by the backref of Parent.kids; declared here for its type. */
    declare parent: Parent | null;
  }

  class Club extends base.model(`${prefix}clubs`, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(Varchar(30), { nullable: false }),
  }) {}

  const parentClubs = new Table(`${prefix}parent_clubs`, base.metadata, {
    parentId: new Column(Integer, {
      name: 'parent_id',
      primaryKey: true,
      foreignKey: `${parents}.id`,
    }),
    clubId: new Column(Integer, {
      name: 'club_id',
      primaryKey: true,
      foreignKey: `${Club.table.name}.id`,
    }),
  });

  Parent.relationship('kids', () => Kid, { backref: 'parent', orderBy: () => Kid.c.id });
  // A custom condition: only the active kids. Read only, as it cannot say what a new member
  // of the collection would need to be.
  Parent.relationship('activeKids', () => Kid, {
    primaryjoin: () => and(Parent.c.id.eq(Kid.c.parentId), Kid.c.active.eq(true)),
    viewonly: true,
    orderBy: () => Kid.c.id,
  });
  Parent.relationship('clubs', () => Club, { secondary: () => parentClubs });
  return { Parent, Kid, Club };
}
/** @internal */
export type FamilyModels = ReturnType<typeof defineFamilyModels>;
/** @internal */
export type Parent = InstanceType<FamilyModels['Parent']>;
/** @internal */
export type Kid = InstanceType<FamilyModels['Kid']>;
/** @internal */
export type Club = InstanceType<FamilyModels['Club']>;
