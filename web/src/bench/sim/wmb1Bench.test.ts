import { describe, expect, it } from 'vitest';
import { LineFramer } from '../framing/lineFramer.ts';
import { asciiBytes, type Clock } from '../types.ts';
import { decodeMessage, encodeCommand } from '../wmb1/codec.ts';
import { seedOf } from './prng.ts';
import { Wmb1BenchSim } from './wmb1Bench.ts';

/** A clock that moves only when told to: the simulator's timers run in order. */
function manualClock(): Clock & { runAll(): void } {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    runAll() {
      while (timers.size > 0) {
        const [id, t] = [...timers].sort((a, b) => a[1].at - b[1].at)[0]!;
        timers.delete(id);
        now = t.at;
        t.fn();
      }
    },
  };
}

/** The MV reading of each position for one Q3 run of three mounted meters. */
function oneRun(setup: (sim: Wmb1BenchSim) => void): number[] {
  const clock = manualClock();
  const sim = new Wmb1BenchSim({ clock, seed: 162, positions: 3, timeScale: 0.001 });
  setup(sim);
  const mv: number[] = [];
  const framer = new LineFramer();
  sim.setOutput((bytes) =>
    framer.push(bytes, (line) => {
      const d = decodeMessage(line);
      if (d.ok && d.value.verb === 'MV') mv.push(d.value.viL);
    }),
  );
  for (let pos = 1; pos <= 3; pos++) sim.receive(asciiBytes(encodeCommand({ verb: 'LOAD', pos, meter: `M${pos}` })));
  sim.receive(asciiBytes(encodeCommand({ verb: 'RUN', id: 'r1', point: 'Q3', lph: 2500, volL: 100 })));
  clock.runAll();
  return mv;
}

describe('the demo bench’s meters', () => {
  it('are drawn from the seed it is given: another session gives other errors, the same session the same', () => {
    const plain = oneRun(() => undefined);
    const a = oneRun((sim) => sim.newMeters(seedOf('session-a')));
    const again = oneRun((sim) => sim.newMeters(seedOf('session-a')));
    const b = oneRun((sim) => sim.newMeters(seedOf('session-b')));
    expect(plain).toHaveLength(3);
    expect(a).toEqual(again);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(plain);
  });

  it('seedOf: the same text the same seed, a 32-bit unsigned integer', () => {
    expect(seedOf('x')).toBe(seedOf('x'));
    expect(seedOf('x')).not.toBe(seedOf('y'));
    expect(Number.isInteger(seedOf('abc')) && seedOf('abc') >= 0 && seedOf('abc') < 2 ** 32).toBe(true);
  });
});
