import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.ts';
import { blockText, repeatRuleText } from './certificateText.ts';

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

describe('blockText: a refusal by a decision says its date and 文号 (docs/penalties.md)', () => {
  const decision = { date: '2026-12-03', reference: '泰市监量〔2026〕12号' };

  it('names the blocked model, in Chinese and in English', () => {
    expect(blockText({ code: 'model-blocked', model: 'LXS-15E', decision })).toBe(
      '型号 LXS-15E 已于 2026-12-03 因抽检不合格暂停生产、出厂和销售（文号 泰市监量〔2026〕12号），整改验收前不得出具二检合一证书或标签。',
    );
    setLocale('en');
    expect(blockText({ code: 'model-blocked', model: 'LXS-15E', decision })).toBe(
      'Model LXS-15E was stopped on 2026-12-03 after a non-conforming sampling — no production, shipping or sale (ref. 泰市监量〔2026〕12号). No 二检合一 certificate or label until its rectification is accepted.',
    );
  });

  it('says the rectification deadline, the stopped pilot and the revocation with their decisions', () => {
    expect(blockText({ code: 'enterprise-sales-stopped', decision: { date: '2027-02-10', reference: '泰市监量〔2027〕5号' }, deadline: '2027-05-10' })).toBe(
      '企业已于 2027-02-10 被责令限期整改（文号 泰市监量〔2027〕5号），整改期限至 2027-05-10；整改期间停止销售二检合一水表，不得出具二检合一证书或标签。',
    );
    expect(blockText({ code: 'enterprise-pilot-stopped', decision: { date: '2027-05-12', reference: '泰市监量〔2027〕9号' } })).toBe(
      '企业的二检合一试点已于 2027-05-12 因整改不合格被停止并公示（文号 泰市监量〔2027〕9号），不得出具二检合一证书或标签。',
    );
    expect(blockText({ code: 'enterprise-revoked', decision: { date: '2027-08-01', reference: '泰市监量〔2027〕15号' } })).toBe(
      '企业的二检合一资质已于 2027-08-01 被取消（文号 泰市监量〔2027〕15号），不得出具二检合一证书或标签。',
    );
  });

  it('leaves the date out when the PC holds the standing without its decision; an undated authorisation block keeps its short text', () => {
    expect(blockText({ code: 'enterprise-revoked' })).toBe('企业的二检合一资质已被取消，不得出具二检合一证书或标签。');
    expect(blockText({ code: 'authorisation-revoked', detail: 'TA-1' })).toBe('授权 TA-1 已撤销');
    expect(blockText({ code: 'authorisation-suspended', detail: 'TA-1', decision: { date: '2026-11-20' } })).toBe('授权 TA-1 已暂停（自 2026-11-20 起），暂停期间不得出具二检合一证书或标签。');
    expect(blockText({ code: 'authorisation-suspended', detail: 'TA-1', decision: { date: '2026-11-20', reference: '泰市监量〔2026〕30号' } })).toContain('泰市监量〔2026〕30号');
  });
});
