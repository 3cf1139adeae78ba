import { describe, expect, it } from 'vitest';
import { until, WaitTimeoutError, within } from './bounded.ts';

describe('bounded waits', () => {
  it('resolve with the value when the event comes in time', async () => {
    await expect(within('the answer', 1000, Promise.resolve(42))).resolves.toBe(42);
    await expect(until<string>('the echo', 1000, (resolve) => setTimeout(() => resolve('echo'), 1))).resolves.toBe('echo');
  });

  it('say what did not happen, and within what bound, when it does not come', async () => {
    const never = new Promise<never>(() => undefined);
    const err = await within('device-lost after the cable was pulled', 5, never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toBe('device-lost after the cable was pulled did not happen within 5 ms');
  });

  it('pass a rejection through unchanged', async () => {
    await expect(until('x', 1000, (_, reject) => reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
