/**
 * A bench clock that runs `speed` times faster than its base clock: the demo bench and
 * the tests run whole verifications in seconds, the simulator and the app's waits on the
 * same clock, so every bench second stays a bench second on both sides.
 */
import { systemClock, type Clock } from '../types.ts';

export function scaledClock(speed: number, base: Clock = systemClock): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  if (speed === 1) return base;
  const start = base.now();
  return {
    now: () => start + (base.now() - start) * speed,
    setTimeout: (fn, ms) => base.setTimeout(fn, Math.max(0, ms) / speed),
    clearTimeout: (handle) => base.clearTimeout(handle),
  };
}
