import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.ts';
import type { FailedItem } from './certificateModel.ts';
import { certificateEn, certificateZh } from './messages.ts';
import { failedItemText } from './noticeText.ts';

/** A reason as records signed by older builds carry it (e.g. the former `scope` item): still worded. */
const stored = (r: { item: string; code: string; detail?: string }): FailedItem['reason'] => r as FailedItem['reason'];

const item = (reason: FailedItem['reason'], errorsPct: number[] = [], mpePct: number | null = null, meanPct: number | null = null): FailedItem => ({
  reason,
  errorsPct,
  mpePct,
  meanPct,
});

afterEach(() => setLocale('zh-CN'));

describe('failedItemText: each reason of a stored verdict as a sentence', () => {
  const cases: [FailedItem, string, string][] = [
    [
      item({ item: 'indication-error', code: 'point-failed', point: 'Q1' }, [6.5, 6.7], 5),
      'Q1 示值误差超出最大允许误差：E = +6.50 %、+6.70 %，MPE = ±5 %',
      'Indication error at Q1 outside the MPE: E = +6.50 %, +6.70 %, MPE = ±5 %',
    ],
    [
      item({ item: 'indication-error', code: 'irregular-runs', point: 'Q2' }, [2.5, -0.4], 2),
      'Q2 试验次序不符合复检规则，需人工复核：E = +2.50 %、-0.40 %，MPE = ±2 %',
      'Runs at Q2 do not follow the repeat rule, to be reviewed: E = +2.50 %, -0.40 %, MPE = ±2 %',
    ],
    // two-of-three-mean: three runs decided together, with their mean
    [
      item({ item: 'indication-error', code: 'point-failed', point: 'Q2' }, [2.5, 1.9, 2.2], 2, 2.2),
      'Q2 示值误差超出最大允许误差：E = +2.50 %、+1.90 %、+2.20 %（平均值 +2.20 %），MPE = ±2 %',
      'Indication error at Q2 outside the MPE: E = +2.50 %, +1.90 %, +2.20 % (mean +2.20 %), MPE = ±2 %',
    ],
    [item({ item: 'indication-error', code: 'no-valid-run', point: 'Q3' }), 'Q3 没有有效的示值误差试验', 'No valid indication-error run at Q3'],
    [item({ item: 'external-examination', code: 'checklist-item-failed', detail: 'seals' }), '外观检查不合格：封印 (seals)', 'External examination failed: seals'],
    [item({ item: 'function', code: 'checklist-item-failed', detail: 'display-test' }), '功能检查不合格：display-test', 'Function check failed: display-test'],
    [item({ item: 'function', code: 'item-missing' }), '未做功能检查', 'Function check not recorded'],
    [item({ item: 'tightness', code: 'leak' }), '密封性试验：有渗漏', 'Tightness: leak'],
    [item({ item: 'tightness', code: 'damage' }), '密封性试验：有损坏', 'Tightness: damage'],
    [item({ item: 'tightness', code: 'item-missing', detail: 'test-invalid: pressure-too-low' }), '密封性试验无效（pressure-too-low），需重做', 'Tightness test invalid (pressure-too-low): to be repeated'],
    [item(stored({ item: 'scope', code: 'out-of-scope', detail: 'DN50' })), '超出试点范围：DN50', 'Outside the pilot scope: DN50'],
    // a code this build has no words for is printed with its code, never dropped
    [
      item({ item: 'indication-error', code: 'mean-outside-mpe', point: 'Q1' }, [2.1, 1.9, 2.3], 2),
      'Q1 示值误差不合格（mean-outside-mpe）：E = +2.10 %、+1.90 %、+2.30 %，MPE = ±2 %',
      'Indication error at Q1 failed (mean-outside-mpe): E = +2.10 %, +1.90 %, +2.30 %, MPE = ±2 %',
    ],
    [item({ item: 'tightness', code: 'new-code', detail: 'x' }), '密封性试验不合格（new-code）x', 'Tightness failed (new-code) x'],
  ];

  it.each(cases)('%# in Chinese and English', (f, zh, en) => {
    setLocale('zh-CN');
    expect(failedItemText(f)).toBe(zh);
    setLocale('en');
    expect(failedItemText(f)).toBe(en);
  });

  it('every notice and reason text has both languages', () => {
    const keys = Object.keys(certificateZh).filter((k) => k.startsWith('notice.') || k.startsWith('reason.') || k.startsWith('checklist.') || k.startsWith('item.'));
    expect(keys.length).toBeGreaterThan(30);
    for (const k of keys) expect(certificateEn[k as keyof typeof certificateEn]).toMatch(/\S/);
  });
});
