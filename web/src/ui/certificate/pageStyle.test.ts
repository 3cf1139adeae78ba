import { describe, expect, it } from 'vitest';
import { cssString, pageCounterContent } from './pageStyle.ts';

describe('the printed page footer', () => {
  it('turns {page} and {pages} into the page counters', () => {
    expect(pageCounterContent('证书编号 B-01 · 第 {page} 页 / 共 {pages} 页')).toBe('"证书编号 B-01 · 第 " counter(page) " 页 / 共 " counter(pages) " 页"');
  });

  it('escapes a batch id that would end the CSS string', () => {
    expect(cssString('B"1\\x')).toBe('"B\\22 1\\5c x"');
  });
});
