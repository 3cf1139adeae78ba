import { describe, expect, it } from 'vitest';
import { formatDate, localeFromSearch, lookupEn, lookupZh, text } from './messages.ts';

describe('lookup messages', () => {
  it('is Chinese unless the URL asks for English', () => {
    expect(localeFromSearch('')).toBe('zh-CN');
    expect(localeFromSearch('?lang=fr')).toBe('zh-CN');
    expect(localeFromSearch('?lang=en')).toBe('en');
  });

  it('writes no Latin word in a Chinese sentence but the switch to English', () => {
    for (const [key, sentence] of Object.entries(lookupZh)) {
      if (key === 'lang.switch') continue;
      expect(sentence.replace(/\{\w+\}/g, ''), key).not.toMatch(/[A-Za-z]{2,}/);
    }
    for (const [key, sentence] of Object.entries(lookupEn)) {
      if (key === 'lang.switch' || key.startsWith('verdict.')) continue;
      expect(sentence, key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('fills values and writes dates as each language does', () => {
    expect(text('zh-CN', 'rateLimited.bodySeconds', { seconds: 42 })).toBe('请在 42 秒后再试。');
    expect(formatDate('zh-CN', '2032-03-01')).toBe('2032年3月1日');
    expect(formatDate('en', '2032-03-01')).toBe('2032-03-01');
  });
});
