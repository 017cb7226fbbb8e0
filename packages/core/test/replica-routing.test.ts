import { describe, expect, it } from 'vitest';
import { ReplicaCooldown } from '../src/engine/replicas/replica-cooldown.js';
import {
  ArgumentError,
  Column,
  createEngine,
  type EngineOptions,
  Integer,
  insert,
  MetaData,
  routesToReplica,
  select,
  Table,
  text,
  union,
  update,
} from '../src/index.js';

const users = new Table('users', new MetaData(), {
  id: new Column(Integer, { primaryKey: true }),
  age: new Column(Integer),
});

describe('which statements an engine with replicas sends to one', () => {
  it('sends plain selects and unions of them', () => {
    expect(routesToReplica(select(users.c.id).node, undefined)).toBe(true);
    const both = union(select(users.c.id), select(users.c.age));
    expect(routesToReplica(both.node, undefined)).toBe(true);
    const withRead = select(users.c.id).cte('ids');
    expect(routesToReplica(select(withRead.c.id).node, undefined)).toBe(true);
  });

  it('keeps locking selects, writes and raw SQL on the primary', () => {
    expect(routesToReplica(select(users.c.id).forUpdate().node, undefined)).toBe(false);
    expect(routesToReplica(insert(users).values({ id: 1 }).node, undefined)).toBe(false);
    expect(routesToReplica(update(users).values({ age: 1 }).node, undefined)).toBe(false);
    expect(routesToReplica(text('SELECT 1').node, undefined)).toBe(false);
    expect(routesToReplica(text('SELECT 1').node, { readOnly: true })).toBe(true);
  });

  it('keeps on the primary a select whose WITH writes', () => {
    const plain = select(users.c.id).node;
    const writing = {
      ...plain,
      ctes: [
        {
          kind: 'cte' as const,
          element: insert(users).values({ id: 1 }).node,
          name: 'added',
          recursive: false,
          columnNames: [],
        },
      ],
    };
    expect(routesToReplica(writing, undefined)).toBe(false);
  });

  it('keeps any statement on the primary with usePrimary', () => {
    expect(routesToReplica(select(users.c.id).node, { usePrimary: true })).toBe(false);
    expect(routesToReplica(text('SELECT 1').node, { readOnly: true, usePrimary: true })).toBe(
      false,
    );
  });
});

describe('the replicas options', () => {
  const errorFor = (options: unknown, url = 'postgresql://db/app') => {
    try {
      createEngine(url, options as EngineOptions);
    } catch (error) {
      expect(ArgumentError.isInstance(error)).toBe(true);
      expect((error as ArgumentError).code).toBe('bad-engine-option');
      return (error as Error).message;
    }
    throw new Error(`createEngine accepted ${JSON.stringify(options)}`);
  };

  it('makes one engine per replica, none without', () => {
    const engine = createEngine('postgresql://db/app', {
      replicas: ['postgresql://replica-1/app', 'postgres://replica-2/app'],
    });
    expect(engine.replicas.map((replica) => replica.url.host)).toEqual(['replica-1', 'replica-2']);
    expect(createEngine('postgresql://db/app').replicas).toEqual([]);
  });

  it('refuses replicas that are not a list of URLs, and an unknown selection', () => {
    expect(errorFor({ replicas: 'postgresql://replica/app' })).toBe(
      `Engine option 'replicas' must be an array of replica URLs, got "postgresql://replica/app".`,
    );
    expect(errorFor({ replicas: [''] })).toMatch(/'replicas' must be an array of replica URLs/);
    expect(errorFor({ replicaSelection: 'first' })).toBe(
      `Engine option 'replicaSelection' must be 'round-robin' or 'random', got "first".`,
    );
    expect(errorFor({ replicaCooldown: -1 })).toBe(
      `Engine option 'replicaCooldown' must be a number of milliseconds >= 0, got -1.`,
    );
    expect(errorFor({ replicaCooldown: '5s' })).toMatch(/'replicaCooldown' must be a number/);
    expect(createEngine('postgresql://db/app', { replicaCooldown: 0 }).replicas).toEqual([]);
  });

  it('refuses a replica URL that cannot be read or is of another backend', () => {
    expect(() => createEngine('postgresql://db/app', { replicas: ['not a url'] })).toThrow(
      ArgumentError,
    );
    expect(errorFor({ replicas: ['sqlite:///copy.db'] })).toBe(
      'Replica sqlite:///copy.db is a sqlite database, but the primary postgresql://db/app is ' +
        'postgresql: a replica must be a copy of the primary, on the same backend.',
    );
  });
});

describe('the cool-down of a replica that cannot be reached', () => {
  // A clock the test moves by hand: nothing here depends on how fast the machine is.
  const setUp = (cooldownMs: number) => {
    let now = 1000;
    const logged: string[] = [];
    const cooldown = new ReplicaCooldown(
      cooldownMs,
      (level, message) => logged.push(`${level}: ${message}`),
      () => now,
    );
    const replica = createEngine('postgresql://replica-1/app');
    const advance = (ms: number) => {
      now += ms;
    };
    return { cooldown, replica, logged, advance };
  };

  it('sets a replica aside until its cool-down is over, warning once', () => {
    const { cooldown, replica, logged, advance } = setUp(5000);
    expect(cooldown.mayTry(replica)).toBe(true);
    cooldown.failed(replica, new Error('connect ECONNREFUSED\nmore'));
    expect(cooldown.mayTry(replica)).toBe(false);
    expect(cooldown.attempt(replica)).toBeUndefined();
    advance(4999);
    expect(cooldown.mayTry(replica)).toBe(false);
    advance(1);
    expect(cooldown.mayTry(replica)).toBe(true);
    // Tried again and still down: set aside again, without a second warning.
    expect(cooldown.attempt(replica)).toBeDefined();
    cooldown.failed(replica, new Error('connect ECONNREFUSED'));
    expect(cooldown.mayTry(replica)).toBe(false);
    advance(5000);
    const ticket = cooldown.attempt(replica) as number;
    cooldown.answered(replica, ticket);
    expect(cooldown.mayTry(replica)).toBe(true);
    // Answering when it was never set aside logs nothing.
    cooldown.answered(replica, cooldown.attempt(replica) as number);
    expect(logged).toEqual([
      'warning: Replica postgresql://replica-1/app skipped, it cannot be reached: connect ' +
        'ECONNREFUSED. Reads go to the other replicas or the primary; it is tried again after 5000 ms.',
      'warning: Replica postgresql://replica-1/app answers again; reads go to it again.',
    ]);
  });

  it('lets one read probe it after the cool-down while the others keep skipping it', () => {
    const { cooldown, replica, advance } = setUp(5000);
    cooldown.failed(replica, new Error('down'));
    advance(5000);
    const probe = cooldown.attempt(replica);
    expect(probe).toBeDefined();
    // Many reads at once while the probe waits for its connect: none of them tries the replica.
    for (let read = 0; read < 100; read++) expect(cooldown.attempt(replica)).toBeUndefined();
    cooldown.failed(replica, new Error('still down'));
    expect(cooldown.attempt(replica)).toBeUndefined();
  });

  it('keeps it set aside when a read that began before the failure succeeds', () => {
    const { cooldown, replica, logged } = setUp(5000);
    // A read begins on a half-working replica, another read's connect is then refused.
    const early = cooldown.attempt(replica) as number;
    cooldown.failed(replica, new Error('too many connections'));
    cooldown.answered(replica, early);
    expect(cooldown.mayTry(replica)).toBe(false);
    expect(logged).toHaveLength(1);
  });

  it('tries it again at once with a cool-down of 0', () => {
    const { cooldown, replica, logged } = setUp(0);
    cooldown.failed(replica, new Error('down'));
    expect(cooldown.mayTry(replica)).toBe(true);
    cooldown.failed(replica, new Error('down'));
    expect(logged).toHaveLength(1);
  });
});
