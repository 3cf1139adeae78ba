import { describe, expect, it } from 'vitest';
import { announcementsEn, announcementsZh, penaltyText, text } from './messages.ts';
import { formatDate } from './view.ts';

describe('announcement messages', () => {
  it('writes no Latin word in a Chinese sentence but the switch and DN sizes', () => {
    for (const [key, sentence] of Object.entries(announcementsZh)) {
      if (key === 'lang.switch') continue;
      expect(sentence.replace(/\{\w+\}/g, '').replace(/DN/g, ''), key).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('names every penalty type of the ladder in both languages; an unknown type is shown as it comes', () => {
    for (const type of ['non-conforming-sampling', 'rectification-passed', 'rectification-failed', 'authorisation-revoked', 'new-authorisation']) {
      expect(penaltyText('zh-CN', type)).toMatch(/[\u4e00-\u9fff]/);
      expect(penaltyText('en', type)).not.toBe(type);
    }
    expect(penaltyText('zh-CN', 'something-new')).toBe('something-new');
    expect(Object.keys(announcementsEn).sort()).toEqual(Object.keys(announcementsZh).sort());
  });

  it('fills values and writes dates as each language does', () => {
    expect(text('zh-CN', 'asOf', { date: formatDate('zh-CN', '2026-11-30') })).toBe('状态日期：2026年11月30日（泰安时间）');
    expect(text('en', 'validity', { from: '2026-10-30', until: '2029-10-29' })).toBe('2026-10-30 to 2029-10-29');
  });
});
