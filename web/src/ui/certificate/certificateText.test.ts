import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.ts';
import { repeatRuleText } from './certificateText.ts';

const profile = { id: 'jjg162-2019', version: '2019.2' };

afterEach(() => setLocale('zh-CN'));

describe('repeatRuleText (docs/rules.md R-REPEAT)', () => {
  it.each([
    [{ rule: 'rerun-decides' as const, maxReruns: 1 }, '失败流量点复检一次，以复检结果为准', 'A failed flow point is re-run once; the re-run decides'],
    [{ rule: 'rerun-decides' as const, maxReruns: 2 }, '失败流量点最多复检 2 次，以最后一次复检结果为准', 'A failed flow point is re-run up to 2 times; the last re-run decides'],
    [{ rule: 'rerun-decides' as const, maxReruns: 0 }, '失败流量点不复检', 'A failed flow point is not re-run'],
    [
      { rule: 'two-of-three-mean' as const },
      '失败流量点重复两次，三次中至少两次及平均值在最大允许误差内',
      'A failed flow point is repeated twice; at least 2 of the 3 results and their mean must be within the MPE',
    ],
    [null, '规程参数配置 jjg162-2019 · 2019.2 不在本软件中，无法读出', 'profile jjg162-2019 · 2019.2 is not in this software: its rule cannot be read'],
  ])('%j', (rule, zh, en) => {
    expect(repeatRuleText({ profile, rule })).toBe(zh);
    setLocale('en');
    expect(repeatRuleText({ profile, rule })).toBe(en);
  });
});
