/**
 * An import's refused lines are worded from their codes in the reader's language: a zh-CN
 * reader never sees the server's English detail (docs/sampling.md "Results").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.ts';
import { refusedLinesText } from './samplingMessages.ts';

afterEach(() => setLocale('zh-CN'));

describe('refusedLinesText', () => {
  const details = [
    { line: 4, code: 'not-json', error: 'not valid JSON: Unexpected token' },
    { line: 5, code: 'invalid-field', field: 'run.point', error: 'run.point: Invalid option' },
    { line: 7, code: 'meter-differs', serial: 'A0001', firstLine: 2, error: 'meter A0001: …' },
    { line: 9, code: 'made-up', error: 'x' },
    'garbage',
  ];

  it('words each known code in Chinese, naming the line, field and meter', () => {
    setLocale('zh-CN');
    const text = refusedLinesText(details);
    expect(text).toEqual([
      '第 4 行：不是有效的 JSON。',
      '第 5 行：字段 run.point 缺少或取值无效。',
      '第 7 行：水表 A0001 的参数与第 2 行不同（同一只表只能有一组 dn、q3、r、准确度等级、检定分度值）。',
    ]);
  });

  it('in English on the English switch', () => {
    setLocale('en');
    expect(refusedLinesText(details)[0]).toBe('Line 4: not valid JSON.');
  });

  it('reads nothing from details that are not a list', () => {
    expect(refusedLinesText(null)).toEqual([]);
    expect(refusedLinesText({ line: 1 })).toEqual([]);
  });
});
