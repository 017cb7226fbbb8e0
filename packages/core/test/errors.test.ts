import { describe, expect, it } from 'vitest';
import {
  AthanorError,
  DatabaseError,
  DBAPIError,
  IntegrityError,
  InvalidRequestError,
  NoResultFound,
  OperationalError,
  StatementError,
} from '../src/index.js';

describe('errors', () => {
  it('form one hierarchy with SQLAlchemy names', () => {
    const error = new IntegrityError('(driver) unique', { statement: 'INSERT', params: [1] });
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toBeInstanceOf(DBAPIError);
    expect(error).toBeInstanceOf(StatementError);
    expect(error).toBeInstanceOf(AthanorError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('IntegrityError');
    expect(new NoResultFound('x')).toBeInstanceOf(InvalidRequestError);
  });

  it('append the statement and its parameters to the message', () => {
    const error = new OperationalError('(pg) boom', {
      statement: 'SELECT $1',
      params: ['a'.repeat(150), 2n, null, new Uint8Array(3)],
    });
    expect(error.detail).toBe('(pg) boom');
    expect(error.message).toBe(
      `(pg) boom\n[SQL: SELECT $1]\n[parameters: ("${'a'.repeat(100)}...", 2n, null, <3 bytes>)]`,
    );
  });

  it('format an invalid Date parameter without throwing', () => {
    const error = new OperationalError('x', {
      statement: 'SELECT ?',
      params: [new Date(Number.NaN)],
    });
    expect(error.message).toContain('[parameters: (Invalid Date)]');
  });

  it('keep the driver error as cause and expose its code', () => {
    const cause = Object.assign(new Error('duplicate key'), { code: '23505' });
    const error = new IntegrityError('(pg 23505) duplicate key', { cause });
    expect(error.cause).toBe(cause);
    expect(error.driverCode).toBe('23505');
  });

  it('isInstance recognises errors from another copy of core by their marker', () => {
    // Another copy of @athanor/core defines other classes but the same Symbol.for markers.
    const foreign = new Error('from the other copy');
    Object.defineProperty(foreign, Symbol.for('athanor.error.IntegrityError'), { value: true });
    Object.defineProperty(foreign, Symbol.for('athanor.error.DBAPIError'), { value: true });
    expect(foreign instanceof IntegrityError).toBe(false);
    expect(IntegrityError.isInstance(foreign)).toBe(true);
    expect(DBAPIError.isInstance(foreign)).toBe(true);
    expect(OperationalError.isInstance(foreign)).toBe(false);
    expect(IntegrityError.isInstance(new IntegrityError('x'))).toBe(true);
    expect(AthanorError.isInstance(new IntegrityError('x'))).toBe(true);
    expect(IntegrityError.isInstance(null)).toBe(false);
  });
});
