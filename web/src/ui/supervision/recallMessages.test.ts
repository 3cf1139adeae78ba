/**
 * The recall screens' texts: a zh-CN sentence has no English word in it (ids and the
 * platform's name aside), both languages fill the same placeholders, and every reason code
 * the recall API answers with has its own sentence (docs/recalls.md "API").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recallEn, recallErrorText, recallZh, type RecallKey } from './recallMessages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('recall texts', () => {
  it('says nothing in English in a Chinese sentence', () => {
    for (const [key, text] of Object.entries(recallZh)) {
      const words = text.replace(/\{\w+\}/g, '').match(/[A-Za-z]{2,}/g) ?? [];
      expect(words.filter((w) => w !== 'NQI'), key).toEqual([]);
    }
  });

  it('fills the same placeholders in both languages', () => {
    for (const key of Object.keys(recallZh) as RecallKey[]) expect(placeholders(recallEn[key]), key).toEqual(placeholders(recallZh[key]));
  });

  it('has a sentence for every reason code the recall API answers with', () => {
    const server = ['recallStore.ts', 'recallRoutes.ts'].map((f) => readFileSync(new URL(`../../../../sync-server/src/supervision/${f}`, import.meta.url), 'utf8')).join('\n');
    const codes = [...server.matchAll(/new HttpError\(\d+, '([a-z-]+)'/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(4);
    for (const code of new Set([...codes, 'forbidden', 'csrf', 'not-signed-in', 'schema-invalid', 'not-found', 'network'])) {
      expect(recallErrorText(code), code).not.toContain(code);
    }
    expect(recallErrorText('something-new')).toContain('something-new');
  });
});
