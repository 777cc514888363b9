import { describe, expect, it } from 'vitest';
import { createEventBus } from './events.js';

describe('createEventBus', () => {
  it('should deliver a payload to every listener of its type only', () => {
    const bus = createEventBus<{ a: { n: number }; b: { s: string } }>();
    const seen: number[] = [];
    bus.on('a', (p) => void seen.push(p.n));
    bus.on('b', () => void seen.push(-1));
    bus.emit('a', { n: 7 });
    expect(seen).toEqual([7]);
  });

  it('should keep delivering when a listener throws, and report the error', () => {
    const errors: unknown[] = [];
    const bus = createEventBus<{ a: { n: number } }>((e) => errors.push(e));
    const seen: number[] = [];
    bus.on('a', () => {
      throw new Error('boom');
    });
    bus.on('a', (p) => void seen.push(p.n));
    bus.emit('a', { n: 1 });
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(1);
  });

  it('should stop delivering after unsubscribe', () => {
    const bus = createEventBus<{ a: { n: number } }>();
    const seen: number[] = [];
    const off = bus.on('a', (p) => void seen.push(p.n));
    off();
    bus.emit('a', { n: 1 });
    expect(seen).toEqual([]);
  });
});
