import { describe, expect, it } from 'vitest';
import { lookupUrl } from '../ui/certificate/lookupUrl.ts';
import { meterPagePath, publicMeterApiPath, serialFromPath, withLocale } from './address.ts';

describe('lookup addresses', () => {
  it('reads back every serial a label prints, as one segment, in the app\'s spelling', () => {
    for (const serial of ['24A00109', 'LXS15-2026-000123', 'A/B#1 ?X', '表-01']) {
      expect(serialFromPath(new URL(lookupUrl(serial, 'https://lookup.example.cn')).pathname), serial).toBe(serial);
    }
    expect(serialFromPath('/lookup/24a00109')).toBe('24A00109');
    expect(serialFromPath(`/lookup/${encodeURIComponent('２４Ａ００１０９')}`)).toBe('24A00109');
    expect(serialFromPath('/lookup/24A00109/')).toBe('24A00109');
  });

  it('is the search page without a serial, and takes a malformed escape as written', () => {
    expect(serialFromPath('/lookup')).toBeNull();
    expect(serialFromPath('/lookup/')).toBeNull();
    expect(serialFromPath('/lookup/%20')).toBeNull();
    expect(serialFromPath('/lookup/AB%E0CD')).toBe('AB%E0CD');
  });

  it('keeps the language in the page address and encodes the serial for the API', () => {
    expect(meterPagePath('A/B', 'en')).toBe('/lookup/A%2FB?lang=en');
    expect(meterPagePath('24A00109', 'zh-CN')).toBe('/lookup/24A00109');
    expect(withLocale('http://h/lookup/X?lang=en', 'zh-CN')).toBe('/lookup/X');
    expect(withLocale('http://h/lookup/X', 'en')).toBe('/lookup/X?lang=en');
    expect(publicMeterApiPath('A/B#1')).toBe('/api/public/meters/A%2FB%231');
  });
});
