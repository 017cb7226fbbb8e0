import { ArgumentError, Column, Integer, String } from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { declarativeBase, select, selectinload, UnmappedError } from '../../src/index.js';
import { useDatabase } from './database.js';

/**
 * The error a relationship's configuration is refused with: when it is declared, or at its first
 * use (resolving the target, building an option, running a query), whichever comes first.
 */
async function configurationError(...steps: (() => unknown)[]): Promise<Error> {
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      return error as Error;
    }
  }
  throw new Error('Expected the relationship to be refused, but every step accepted it.');
}

// Relationship configurations: refused ones name what is wrong, before any SQL; foreignKeys
// picks between two paths to one table.
describe('relationships: configuration', () => {
  const db = useDatabase(declarativeBase().metadata);

  test('a relationship to an unmapped class is refused, naming it', async () => {
    const Bad = declarativeBase();
    class Plain {
      id = 1;
    }
    class Owner extends Bad.model('rel_bad_owners', {
      id: new Column(Integer, { primaryKey: true }),
    }) {
      declare things: Plain[];
    }
    await using session = db.Session();
    const error = await configurationError(
      () => Owner.relationship('things' as never, () => Plain as never),
      () => Bad.configure(),
      () => Owner.rel('things' as never),
      () => session.scalars(select(Owner).options(selectinload(Owner.rel('things' as never)))),
    );
    expect(error).toBeInstanceOf(UnmappedError);
    expect(error.message).toContain('Plain');
    expect(error.message).toContain('things');
  });

  test('two foreign keys to one table without foreignKeys: an ArgumentError naming both', async () => {
    const Ambiguous = declarativeBase();
    const writers = 'rel_amb_writers';
    class Writer extends Ambiguous.model(writers, {
      id: new Column(Integer, { primaryKey: true }),
    }) {}
    class Piece extends Ambiguous.model('rel_amb_pieces', {
      id: new Column(Integer, { primaryKey: true }),
      authorId: new Column(Integer, { foreignKey: `${writers}.id` }),
      editorId: new Column(Integer, { foreignKey: `${writers}.id` }),
    }) {
      declare author: Writer | null;
    }
    await using session = db.Session();
    const error = await configurationError(
      () => Piece.relationship('author', () => Writer),
      () => Ambiguous.configure(),
      () => Piece.rel('author'),
      () => session.scalars(select(Piece).options(selectinload(Piece.rel('author')))),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toContain('authorId');
    expect(error.message).toContain('editorId');
    expect(error.message).toContain('foreignKeys');
  });

  test('foreignKeys picks the path when there are two', async () => {
    const Fixed = declarativeBase();
    const writers = 'rel_fk_writers';
    class Writer extends Fixed.model(writers, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
    }) {
      declare authored: Piece[];
    }
    class Piece extends Fixed.model('rel_fk_pieces', {
      id: new Column(Integer, { primaryKey: true }),
      authorId: new Column(Integer, { name: 'author_id', foreignKey: `${writers}.id` }),
      editorId: new Column(Integer, { name: 'editor_id', foreignKey: `${writers}.id` }),
    }) {
      declare author: Writer | null;
      declare editor: Writer | null;
      static {
        this.relationship('author', () => Writer, {
          foreignKeys: () => [Piece.c.authorId],
          backPopulates: 'authored',
        });
        this.relationship('editor', () => Writer, { foreignKeys: () => [Piece.c.editorId] });
      }
    }
    Writer.relationship('authored', () => Piece, {
      foreignKeys: () => [Piece.c.authorId],
      backPopulates: 'author',
    });
    await Fixed.metadata.createAll(db.engine);
    try {
      await using session = db.Session({ expireOnCommit: false });
      const ann = new Writer({ name: 'Ann' });
      const ed = new Writer({ name: 'Ed' });
      const piece = new Piece();
      piece.author = ann;
      piece.editor = ed;
      expect(ann.authored).toContain(piece);
      session.add(piece);
      await session.commit();
      const row = (await session.execute(select(Piece.c.authorId, Piece.c.editorId))).one();
      expect([row[0], row[1]]).toEqual([ann.id, ed.id]);
      await session.commit();

      await using reader = db.Session();
      const writersLoaded = (
        await reader.scalars(
          select(Writer)
            .options(selectinload(Writer.rel('authored')))
            .orderBy(Writer.c.name),
        )
      ).all();
      expect(writersLoaded.map((writer) => writer.authored.length)).toEqual([1, 0]);
      await reader.commit();
    } finally {
      await Fixed.metadata.dropAll(db.engine);
    }
  });

  test('backPopulates naming a missing attribute is refused, naming it', async () => {
    const Bad = declarativeBase();
    const owners = 'rel_bp_owners';
    class Owner extends Bad.model(owners, { id: new Column(Integer, { primaryKey: true }) }) {
      declare pets: Pet[];
    }
    class Pet extends Bad.model('rel_bp_pets', {
      id: new Column(Integer, { primaryKey: true }),
      ownerId: new Column(Integer, { foreignKey: `${owners}.id` }),
    }) {
      declare owner: Owner | null;
    }
    await using session = db.Session();
    const error = await configurationError(
      () => {
        Owner.relationship('pets', () => Pet, { backPopulates: 'keeper' as never });
        Pet.relationship('owner', () => Owner, { backPopulates: 'pets' });
      },
      () => Bad.configure(),
      () => Owner.rel('pets'),
      () => Owner.create({ pets: [new Pet()] }),
      () => session.scalars(select(Owner).options(selectinload(Owner.rel('pets')))),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toContain('keeper');
    expect(error.message).toContain('Pet');
  });

  test('backPopulates naming a relationship that does not point back is refused', async () => {
    const Bad = declarativeBase();
    const owners = 'rel_bp2_owners';
    const vets = 'rel_bp2_vets';
    class Owner extends Bad.model(owners, { id: new Column(Integer, { primaryKey: true }) }) {
      declare pets: Pet[];
    }
    class Vet extends Bad.model(vets, { id: new Column(Integer, { primaryKey: true }) }) {}
    class Pet extends Bad.model('rel_bp2_pets', {
      id: new Column(Integer, { primaryKey: true }),
      ownerId: new Column(Integer, { foreignKey: `${owners}.id` }),
      vetId: new Column(Integer, { foreignKey: `${vets}.id` }),
    }) {
      declare owner: Owner | null;
      declare vet: Vet | null;
    }
    await using session = db.Session();
    const error = await configurationError(
      () => {
        // Pet.vet is a relationship to Vet, not to Owner.
        Owner.relationship('pets', () => Pet, { backPopulates: 'vet' as never });
        Pet.relationship('owner', () => Owner);
        Pet.relationship('vet', () => Vet);
      },
      () => Bad.configure(),
      () => Owner.rel('pets'),
      () => Owner.create({ pets: [new Pet()] }),
      () => session.scalars(select(Owner).options(selectinload(Owner.rel('pets')))),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toContain('vet');
    expect(error.message).toContain('Owner');
  });

  test('backref naming a relationship the target already maps (without backPopulates) is an ArgumentError', async () => {
    const Bad = declarativeBase();
    const owners = 'edge_bc_owners';
    class Owner extends Bad.model(owners, { id: new Column(Integer, { primaryKey: true }) }) {
      declare pets: Pet[];
    }
    class Pet extends Bad.model('edge_bc_pets', {
      id: new Column(Integer, { primaryKey: true }),
      ownerId: new Column(Integer, { name: 'owner_id', foreignKey: `${owners}.id` }),
    }) {
      declare owner: Owner | null;
    }
    await using session = db.Session();
    const error = await configurationError(
      () => {
        Pet.relationship('owner', () => Owner, { backref: 'pets' });
        Owner.relationship('pets', () => Pet);
      },
      () => Bad.configure(),
      () => Owner.rel('pets'),
      () => Owner.create({ pets: [new Pet()] }),
      () => session.scalars(select(Owner).options(selectinload(Owner.rel('pets')))),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toContain('pets');
    expect(error.message).toMatch(/backPopulates/);
  });
});
