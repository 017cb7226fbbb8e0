import { ArgumentError, contains, listen, listensFor, removeListener } from '@athanor/core';
import { EventDispatcher, eventsKey, type Listenable } from '@athanor/core/dialect';
import { describe, expect, expectTypeOf, it } from 'vitest';

// A target of our own, with two events, as an engine or a session declares theirs.
type ToyEvents = {
  ping: (label: string, count: number) => void | Promise<void>;
  pong: () => void;
};
const toyEventNames = ['ping', 'pong'] as const;
class Toy implements Listenable<ToyEvents> {
  readonly [eventsKey]: EventDispatcher<ToyEvents>;
  constructor(parent?: Toy) {
    this[eventsKey] = new EventDispatcher<ToyEvents>(toyEventNames, 'a Toy', parent?.[eventsKey]);
  }
  fire(label: string) {
    return this[eventsKey].fire('ping', label, 1);
  }
}

describe('events', () => {
  it('calls listeners in order, awaiting each, with the event arguments', async () => {
    const toy = new Toy();
    const calls: string[] = [];
    listen(toy, 'ping', async (label, count) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      calls.push(`first ${label} ${count}`);
    });
    listen(toy, 'ping', (label) => {
      calls.push(`second ${label}`);
    });
    listen(toy, 'ping', () => void calls.push('prepended'), { prepend: true });
    await toy.fire('a');
    expect(calls).toEqual(['prepended', 'first a 1', 'second a']);
  });

  it('removes a listener, reports whether one is there, and runs a once listener once', async () => {
    const toy = new Toy();
    const calls: string[] = [];
    const kept = listensFor(toy, 'ping', (label) => void calls.push(`kept ${label}`));
    listen(toy, 'ping', (label) => void calls.push(`once ${label}`), { once: true });
    expect(contains(toy, 'ping', kept)).toBe(true);
    await toy.fire('a');
    await toy.fire('b');
    expect(calls).toEqual(['kept a', 'once a', 'kept b']);
    expect(removeListener(toy, 'ping', kept)).toBe(true);
    expect(removeListener(toy, 'ping', kept)).toBe(false);
    expect(contains(toy, 'ping', kept)).toBe(false);
    expect(toy[eventsKey].has('ping')).toBe(false);
  });

  it('runs a once listener once when the event fires twice at the same time', async () => {
    const toy = new Toy();
    let calls = 0;
    listen(toy, 'ping', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    listen(toy, 'ping', () => void calls++, { once: true });
    await Promise.all([toy.fire('a'), toy.fire('b')]);
    expect(calls).toBe(1);
  });

  it('answers has() anew when listeners change, on the target or on a parent', async () => {
    const parent = new Toy();
    const child = new Toy(parent);
    expect(child[eventsKey].has('ping')).toBe(false);
    const fn = () => {};
    listen(parent, 'ping', fn);
    expect(child[eventsKey].has('ping')).toBe(true);
    removeListener(parent, 'ping', fn);
    expect(child[eventsKey].has('ping')).toBe(false);
    listen(child, 'ping', () => {}, { once: true });
    expect(child[eventsKey].has('ping')).toBe(true);
    await child.fire('a');
    expect(child[eventsKey].has('ping')).toBe(false);
  });

  it("runs a parent's listeners first, for every target made from it", async () => {
    const parent = new Toy();
    const child = new Toy(parent);
    const other = new Toy(parent);
    const calls: string[] = [];
    listen(parent, 'ping', (label) => void calls.push(`parent ${label}`));
    listen(child, 'ping', (label) => void calls.push(`child ${label}`));
    expect(child[eventsKey].has('ping')).toBe(true);
    await child.fire('a');
    await other.fire('b');
    expect(calls).toEqual(['parent a', 'child a', 'parent b']);
  });

  it('propagates a listener error and stops there', async () => {
    const toy = new Toy();
    const calls: string[] = [];
    listen(toy, 'ping', () => {
      throw new Error('refused');
    });
    listen(toy, 'ping', () => void calls.push('after'));
    await expect(toy.fire('a')).rejects.toThrow('refused');
    expect(calls).toEqual([]);
  });

  it('refuses an unknown event name, naming the close one and the list', () => {
    const toy = new Toy();
    const attempt = () => listen(toy, 'pimg' as 'ping', () => {});
    expect(attempt).toThrow(ArgumentError);
    expect(attempt).toThrow(
      `a Toy has no event "pimg"; did you mean 'ping'? Its events: ping, pong.`,
    );
    expect(() => listen(toy, '__proto__' as 'ping', () => {})).toThrow(/has no event "__proto__"/);
    expect(() => listen(toy, 'ping', 'not a function' as never)).toThrow(/must be a function/);
    expect(() => listen({} as Toy, 'ping', () => {})).toThrow(/Object has no events/);
  });

  it('refuses a promise from a listener fired where nothing can wait', () => {
    const toy = new Toy();
    listen(toy, 'pong', (async () => {}) as () => void);
    expect(() => toy[eventsKey].fireSync('pong')).toThrow(/must be synchronous/);
  });

  it('types the event names and the listener parameters by the target', () => {
    const toy = new Toy();
    const typeChecks = () => {
      listen(toy, 'ping', (label, count) => {
        expectTypeOf(label).toEqualTypeOf<string>();
        expectTypeOf(count).toEqualTypeOf<number>();
      });
      // @ts-expect-error: Toy has no event 'pung'
      listen(toy, 'pung', () => {});
      // @ts-expect-error: 'pong' listeners take no arguments of type number
      listen(toy, 'pong', (n: number) => n);
    };
    expect(typeChecks).toBeTypeOf('function');
  });
});
