import { check, code, say, show } from '../output.js';
import { User } from './models.js';
import type { Section } from './section.js';

/** Guide section 4: the User model, and what it maps to. */
export const definingModels: Section = {
  title: '4. Defining models',
  async run() {
    code(`class User extends Base.model('users', {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(50)),
  age: new Column(Integer),
}) {
  override toString() { return \`<User(name='\${this.name}', age=\${this.age})>\`; }
}`);
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
