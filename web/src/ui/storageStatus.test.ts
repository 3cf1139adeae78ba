import { describe, expect, it } from 'vitest';
import { formatBytes } from './storageStatus.ts';

describe('formatBytes', () => {
  it('reads as people expect', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
  });
});
