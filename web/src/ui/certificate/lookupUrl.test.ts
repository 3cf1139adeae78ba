import { describe, expect, it } from 'vitest';
import { lookupBaseOf, lookupUrl } from './lookupUrl.ts';

describe('lookupUrl', () => {
  it('is <base>/lookup/<serial>', () => {
    expect(lookupUrl('LXS15-2026-000123', 'https://erjian.example.cn')).toBe('https://erjian.example.cn/lookup/LXS15-2026-000123');
  });

  it('keeps a serial one path segment, whatever it contains', () => {
    expect(lookupUrl('A/B#1 ?x', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/lookup/A%2FB%231%20%3Fx');
    expect(lookupUrl('表-01', 'http://h')).toBe('http://h/lookup/%E8%A1%A8-01');
  });

  it('does not double a trailing slash of the base', () => {
    expect(lookupUrl('S1', 'http://h/')).toBe('http://h/lookup/S1');
  });

  it('takes the pulled public base URL, and the page origin before the first pull', () => {
    expect(lookupUrl('S1', lookupBaseOf('https://lookup.taian.example.cn', 'http://127.0.0.1:8080'))).toBe('https://lookup.taian.example.cn/lookup/S1');
    expect(lookupUrl('S1', lookupBaseOf(null, 'http://127.0.0.1:8080'))).toBe('http://127.0.0.1:8080/lookup/S1');
    expect(lookupBaseOf('javascript:alert(1)', 'http://h')).toBe('http://h');
  });
});
