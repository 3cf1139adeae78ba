/**
 * Every line of the bench's event log is worded by its code in both languages (issue 10
 * item 6): in Chinese no English word reaches the operator — bench names, serials, run ids
 * and units are data — and the English switch words the same facts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.ts';
import { logText, type BenchLog } from './benchLog.ts';

/** One of each code, with its facts (the type makes a new code fail here until it is added). */
const samples: { [C in BenchLog['code']]: Extract<BenchLog, { code: C }> } = {
  identified: { code: 'identified', sn: 'SIM-0001', vendor: 'Demo Bench Works', model: 'WMB-SIM', positions: 10 },
  'session-resumed': { code: 'session-resumed', meters: 3 },
  'tightness-valid': { code: 'tightness-valid', requiredKpa: 1600, heldS: 60, decayKpa: 12.34, leakHint: true },
  'tightness-invalid': { code: 'tightness-invalid', reasons: ['pressure-below-required', 'hold-too-short'] },
  'tightness-no-answer': { code: 'tightness-no-answer', willRepeat: true },
  'run-invalid': { code: 'run-invalid', point: 'Q2', reasons: ['flow-out-of-band', 'volume-too-small'], willRepeat: true },
  'run-incomplete': { code: 'run-incomplete', point: 'Q1', positions: [1, 4], willRepeat: false },
  'run-aborted': { code: 'run-aborted', point: 'Q3', reason: 'flow-unstable', willRepeat: true },
  'run-interrupted': { code: 'run-interrupted', point: 'Q2', cause: 'timeout', willRepeat: true },
  'connection-lost': { code: 'connection-lost' },
  reconnected: { code: 'reconnected' },
  'verdicts-stored': { code: 'verdicts-stored', count: 10 },
  paused: { code: 'paused' },
  'run-without-lines': { code: 'run-without-lines', point: 'Q3', runId: 'S1-Q3-1' },
  'runs-not-stored': { code: 'runs-not-stored', point: 'Q3', runId: 'S1-Q3-1' },
  'journal-not-stored': { code: 'journal-not-stored' },
  error: { code: 'error', error: { code: 'timeout', message: 'the bench did not answer RUN within 3000 ms' } },
};

const DATA = /SIM-0001|Demo Bench Works|WMB-SIM|S1-Q3-1|Q[123]|kPa/g;

afterAll(() => setLocale('zh-CN'));

describe('logText', () => {
  it.each(Object.values(samples).map((l) => [l.code, l] as const))('%s: Chinese with its facts, no English word', (_code, l) => {
    setLocale('zh-CN');
    const zh = logText(l);
    expect(zh.length).toBeGreaterThan(0);
    expect(zh.replace(DATA, '').match(/[A-Za-z]{2,}/g)).toBeNull();
    setLocale('en');
    const en = logText(l);
    expect(en).not.toBe(zh);
    expect(en).toMatch(/[A-Za-z]{3,}/);
  });

  it('names the facts: position lists, counts, points and the repeat', () => {
    setLocale('zh-CN');
    expect(logText(samples['run-incomplete'])).toBe('Q1：表位 1、4 没有读数');
    expect(logText(samples['run-interrupted'])).toBe('Q2：本次检定中断（检定台没有应答），重新检定');
    expect(logText(samples.identified)).toBe('已识别检定台 SIM-0001（Demo Bench Works WMB-SIM），10 个表位');
    setLocale('en');
    expect(logText(samples['run-invalid'])).toBe('Q2: run invalid (flow out of band, volume too small), repeating');
  });

  it('an ABORT reason the catalogue does not know is the bench’s own text', () => {
    setLocale('zh-CN');
    expect(logText({ code: 'run-aborted', point: 'Q3', reason: 'valve-fault', willRepeat: false })).toBe('Q3：检定台中止了本次检定（valve-fault）');
  });
});
