import { check, code, say, show } from '../output.js';
import { Post, User } from './models.js';
import type { Section } from './section.js';

/**
 * Guide section 4: the User model, and what it maps to. The guide brings in Post and the
 * relationship in section 7; they are defined here, as in models.ts, because createAll (5)
 * makes the table of every model defined, and deleting a user (6) already looks for its posts.
 */
export const definingModels: Section = {
  title: '4. Defining models',
  async run() {
    code(`import { Column, Integer, Varchar } from '@athanor/core';

// The guide's tables are users and posts; the playground's names say whose they are, so that
// it never touches a table of yours.
class User extends Base.model('${User.table.name}', {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(Varchar(50)),
  age: new Column(Integer),
}) {
  declare posts: Post[];   // the relationship of section 7, below
  override toString() { return \`<User(name='\${this.name}', age=\${this.age})>\`; }
}

// Section 7's Post, defined now so that createAll (section 5) makes its table too:
class Post extends Base.model('${Post.table.name}', {
  id: new Column(Integer, { primaryKey: true }),
  title: new Column(Varchar(100)),
  userId: new Column(Integer, { name: 'user_id', foreignKey: '${User.table.name}.id' }),
}) {
  declare user: User | null;
  static {
    this.relationship('user', () => User, { backPopulates: 'posts' });
  }
}
User.relationship('posts', () => Post, { orderBy: Post.c.id, backPopulates: 'user' });`);
    show(
      ['attribute', 'column', 'type', 'primary key', 'nullable'],
      User.table.columns.map((column) => [
        column.key,
        column.name,
        String(column.type),
        column.primaryKey,
        column.nullable,
      ]),
    );
    const alice = new User({ name: 'Alice', age: 25 });
    say(`new User({ name: 'Alice', age: 25 }).toString() → ${alice}`);
    check(String(alice) === "<User(name='Alice', age=25)>", "the model's own toString()");
  },
};
