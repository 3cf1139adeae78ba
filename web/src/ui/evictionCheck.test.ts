import { describe, expect, it } from 'vitest';
import { checkEviction, deviceMarkerKey } from './evictionCheck.ts';

function memory(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('eviction check', () => {
  it('first start on this browser: nothing lost, the device is remembered', () => {
    const s = memory();
    expect(checkEviction('dev-A', s)).toEqual({ lostDeviceId: null });
    expect(s.m.get(deviceMarkerKey)).toBe('dev-A');
  });

  it('the same device again: nothing lost', () => {
    expect(checkEviction('dev-A', memory({ [deviceMarkerKey]: 'dev-A' }))).toEqual({ lostDeviceId: null });
  });

  it('a new device where this browser had another: the old one\'s database is gone', () => {
    const s = memory({ [deviceMarkerKey]: 'dev-A' });
    expect(checkEviction('dev-B', s)).toEqual({ lostDeviceId: 'dev-A' });
    // Reported once: the next start compares with the new device.
    expect(checkEviction('dev-B', s)).toEqual({ lostDeviceId: null });
  });

  it('blocked storage is not an error', () => {
    const blocked = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => undefined,
    };
    expect(checkEviction('dev-A', blocked)).toEqual({ lostDeviceId: null });
  });
});
