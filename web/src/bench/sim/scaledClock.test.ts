import { describe, expect, it } from 'vitest';
import type { Clock } from '../types.ts';
import { scaledClock } from './scaledClock.ts';

/** A base clock that moves only when told to. */
function fakeClock(start: number): Clock & { advance(ms: number): void; waits: number[] } {
  let now = start;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const waits: number[] = [];
  let next = 1;
  return {
    waits,
    now: () => now,
    setTimeout: (fn, ms) => {
      waits.push(ms);
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) break;
        timers.delete(id);
        t.fn();
      }
    },
  };
}

describe('scaledClock', () => {
  it('starts at the base time and runs `speed` times faster', () => {
    const base = fakeClock(1_000_000);
    const clock = scaledClock(50, base);
    expect(clock.now()).toBe(1_000_000);
    base.advance(10);
    expect(clock.now()).toBe(1_000_500);
  });

  it('waits ms / speed on the base clock, and can be cancelled', () => {
    const base = fakeClock(0);
    const clock = scaledClock(200, base);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('a'), 1000);
    const h = clock.setTimeout(() => fired.push('b'), 2000);
    clock.clearTimeout(h);
    expect(base.waits).toEqual([5, 10]);
    base.advance(4);
    expect(fired).toEqual([]);
    base.advance(1);
    expect(fired).toEqual(['a']);
    base.advance(100);
    expect(fired).toEqual(['a']);
  });

  it('speed 1 is the base clock itself; a speed that is not positive is refused', () => {
    const base = fakeClock(0);
    expect(scaledClock(1, base)).toBe(base);
    expect(() => scaledClock(0, base)).toThrow(RangeError);
    expect(() => scaledClock(Number.NaN, base)).toThrow(RangeError);
  });
});
