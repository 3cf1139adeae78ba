import { describe, expect, it } from 'vitest';
import type { Clock } from '../types.ts';
import { RtuFramer, t35Ms } from './rtuFramer.ts';

/** A clock the test moves by hand. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
  };
}

describe('RtuFramer', () => {
  it('t3.5 is 3.5 character times of 11 bits, fixed at 1.75 ms above 19200 baud', () => {
    expect(t35Ms(9600)).toBeCloseTo(4.0104, 3);
    expect(t35Ms(115200)).toBe(1.75);
  });

  it('joins bursts closer than the silence and splits at a silence', () => {
    const clock = manualClock();
    const frames: number[][] = [];
    const f = new RtuFramer({ baudRate: 9600, minSilenceMs: 0 }, clock, (fr) => frames.push([...fr]));
    f.push(Uint8Array.of(1, 2), clock.now());
    clock.advance(2);
    f.push(Uint8Array.of(3), clock.now());
    expect(frames).toEqual([]);
    clock.advance(5);
    expect(frames).toEqual([[1, 2, 3]]);
    f.push(Uint8Array.of(4), clock.now());
    clock.advance(10);
    expect(frames).toEqual([[1, 2, 3], [4]]);
  });

  it('a late chunk closes the previous frame even before the timer fires', () => {
    const clock = manualClock();
    const frames: number[][] = [];
    const f = new RtuFramer({ baudRate: 9600, minSilenceMs: 0 }, clock, (fr) => frames.push([...fr]));
    f.push(Uint8Array.of(1), 0);
    f.push(Uint8Array.of(2), 100);
    expect(frames).toEqual([[1]]);
  });
});
