import { Column, Integer, Varchar } from '@athanor/core';
import { declarativeBase } from '@athanor/orm';

/**
 * The guide's declarative base (3.2), its User model (4) and the Post model with the one-to-many
 * relationship between them (7). A model extends `Base.model(tableName, columns)`: the columns
 * are typed once, with their SQL types, and the class body holds the model's own methods and
 * its relationship fields. (The guide's tables are `users` and `posts`; the playground prefixes
 * them so that it never touches a table of yours. Section 4 shows this code: keep the two alike.)
 */
export const Base = declarativeBase();

export class User extends Base.model('playground_users', {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(Varchar(50)),
  age: new Column(Integer),
}) {
  declare posts: Post[];

  override toString(): string {
    return `<User(name='${this.name}', age=${this.age})>`;
  }
}

export class Post extends Base.model('playground_posts', {
  id: new Column(Integer, { primaryKey: true }),
  title: new Column(Varchar(100)),
  userId: new Column(Integer, { name: 'user_id', foreignKey: 'playground_users.id' }),
}) {
  declare user: User | null;
  static {
    this.relationship('user', () => User, { backPopulates: 'posts' });
  }
}

// The guide's `User.posts = relationship('Post', order_by=Post.id, back_populates='user')`.
User.relationship('posts', () => Post, { orderBy: Post.c.id, backPopulates: 'user' });
