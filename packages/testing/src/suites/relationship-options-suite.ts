import {
  ArgumentError,
  and,
  Boolean as BooleanType,
  Column,
  Integer,
  String,
  Table,
} from '@athanor/core';
import { declarativeBase, select, selectinload } from '@athanor/orm';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { useOrmDatabase } from '../orm-database.js';

/** Relationship options beyond the kinds: backref, primaryjoin, viewonly, contains(). */
export function relationshipOptionsSuite(h: Harness): void {
  describe('ORM: relationship options', () => {
    const Base = declarativeBase();
    const parentsName = h.table('relopt_parents');

    class Parent extends Base.model(parentsName, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(30), { nullable: false }),
    }) {
      declare kids: Kid[];
      declare activeKids: Kid[];
      declare clubs: Club[];
    }

    class Kid extends Base.model(h.table('relopt_kids'), {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(30), { nullable: false }),
      active: new Column(BooleanType, { nullable: false, default: true }),
      parentId: new Column(Integer, { name: 'parent_id', foreignKey: `${parentsName}.id` }),
    }) {
      /** Made by the backref of Parent.kids; declared here for its type. */
      declare parent: Parent | null;
    }

    class Club extends Base.model(h.table('relopt_clubs'), {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(30), { nullable: false }),
    }) {}

    const memberships = new Table(h.table('relopt_parent_clubs'), Base.metadata, {
      parentId: new Column(Integer, {
        name: 'parent_id',
        primaryKey: true,
        foreignKey: `${parentsName}.id`,
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
    Parent.relationship('clubs', () => Club, { secondary: () => memberships });

    const db = useOrmDatabase(h, Base.metadata, {
      session: { expireOnCommit: false },
    });
    const statements = db.statements;

    async function seed(): Promise<void> {
      await using session = db.Session();
      const ann = Parent.create({
        name: 'Ann',
        kids: [
          Kid.create({ name: 'Ada' }),
          Kid.create({ name: 'Ben', active: false }),
          Kid.create({ name: 'Cy' }),
        ],
        clubs: [Club.create({ name: 'Chess' })],
      });
      const bo = Parent.create({ name: 'Bo', kids: [Kid.create({ name: 'Dot', active: false })] });
      session.addAll([ann, bo]);
      await session.commit();
    }

    test(
      h,
      'backref makes the mirror relationship on the target, kept in step both ways',
      async () => {
        const parent = new Parent({ name: 'Pat' });
        const kid = new Kid({ name: 'Kim' });
        parent.kids.push(kid);
        expect(kid.parent).toBe(parent);
        const other = new Parent({ name: 'Oli' });
        kid.parent = other;
        expect(parent.kids).toEqual([]);
        expect(other.kids).toEqual([kid]);

        await using session = db.Session();
        session.add(other);
        await session.commit();
        await using reader = db.Session();
        const loaded = (
          await reader.scalars(select(Kid).options(selectinload(Kid.rel('parent'))))
        ).one();
        expect(loaded.parent?.name).toBe('Oli');
      },
    );

    test(
      h,
      'a primaryjoin with criteria loads only the rows it matches; viewonly is read only',
      async () => {
        await seed();
        await using session = db.Session();
        db.clearLog();
        const parents = (
          await session.scalars(
            select(Parent)
              .options(selectinload(Parent.rel('activeKids')), selectinload(Parent.rel('kids')))
              .orderBy(Parent.c.id),
          )
        ).all();
        expect(statements()).toHaveLength(3);
        expect(parents.map((parent) => parent.activeKids.map((kid) => kid.name))).toEqual([
          ['Ada', 'Cy'],
          [],
        ]);
        expect(parents.map((parent) => parent.kids.map((kid) => kid.name))).toEqual([
          ['Ada', 'Ben', 'Cy'],
          ['Dot'],
        ]);
        const ann = parents[0] as Parent;
        expect(() => {
          ann.activeKids = [];
        }).toThrow(/viewonly/);
        // Refused, not ignored: the error carries the code errors.md documents.
        let refused: ArgumentError | undefined;
        try {
          ann.activeKids = [];
        } catch (error) {
          refused = error as ArgumentError;
        }
        expect(refused?.code).toBe('viewonly');
        // The same objects: one per row, whichever relationship loaded them.
        expect(ann.activeKids[0]).toBe(ann.kids[0]);
      },
    );

    test(h, 'a primaryjoin applies its criteria in any() and in joins too', async () => {
      await seed();
      await using session = db.Session();
      const withActive = (
        await session.scalars(select(Parent).where(Parent.rel('activeKids').any()))
      ).all();
      expect(withActive.map((parent) => parent.name)).toEqual(['Ann']);
      const joined = (
        await session.execute(
          select(Parent.c.name, Kid.c.name)
            .selectFrom(Parent)
            .join(Parent.rel('activeKids'))
            .orderBy(Kid.c.id),
        )
      ).all();
      expect(joined.map((row) => [row[0], row[1]])).toEqual([
        ['Ann', 'Ada'],
        ['Ann', 'Cy'],
      ]);
    });

    test(h, 'contains() finds the parents whose collection holds an object', async () => {
      await seed();
      await using session = db.Session();
      const dot = (await session.scalars(select(Kid).where(Kid.c.name.eq('Dot')))).one();
      const chess = (await session.scalars(select(Club))).one();
      const ofDot = (await session.scalars(select(Parent).where(Parent.rel('kids').contains(dot))))
        .all()
        .map((parent) => parent.name);
      expect(ofDot).toEqual(['Bo']);
      const inChess = (
        await session.scalars(select(Parent).where(Parent.rel('clubs').contains(chess)))
      )
        .all()
        .map((parent) => parent.name);
      expect(inChess).toEqual(['Ann']);
      const error = await errorFrom(
        (async () => select(Kid).where(Kid.rel('parent').contains(new Parent({ name: 'x' }))))(),
      );
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toMatch(/single object; compare it with eq\(\)/);
    });
  });
}
