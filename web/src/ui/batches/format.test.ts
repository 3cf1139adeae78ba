import { describe, expect, it } from 'vitest';
import { instantText, timeOfDay } from '../meter/meterText.ts';
import { date, dateTime, percent, signedPct } from './format.ts';

describe('batches screen formats', () => {
  it("times and dates are shown in Tai'an, whatever the PC's zone (docs/rules.md R-DATE)", () => {
    // 01:30 on 1 March in Tai'an is still 28 February in UTC and in most other zones.
    const night = '2027-02-28T17:30:05.250Z';
    expect(dateTime(night)).toBe('2027-03-01 01:30');
    expect(date(night)).toBe('2027-03-01');
    expect(instantText(night)).toBe('2027-03-01 01:30:05');
    expect(timeOfDay(night)).toBe('01:30:05.250');
    expect(dateTime(null)).toBe('—');
  });
  it('errors with their sign written out, rounded half-even as reported', () => {
    expect(signedPct(0.125)).toBe('+0.12');
    expect(signedPct(0.135)).toBe('+0.14');
    expect(signedPct(-0.4)).toBe('−0.40');
    expect(signedPct(0.001)).toBe('0.00');
    expect(signedPct(Number.NaN)).toBe('—');
  });
  it('pass rates in percent with two decimals, — before any verification', () => {
    expect(percent(9895 / 10000)).toBe('98.95 %');
    expect(percent(1)).toBe('100.00 %');
    expect(percent(null)).toBe('—');
  });
});
