import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankCandidates, selectSample } from './randomSelection.ts';

/**
 * A test vector anyone can check by hand (docs/rules.md R-SAMPLING):
 *   for id in 24A00101 … 24A00105: printf '%s' "$id" | openssl dgst -sha256 -hmac '泰安2026-12-01'
 * sorted ascending by the hex digest.
 */
const seed = '泰安2026-12-01';
const candidates = ['24A00101', '24A00102', '24A00103', '24A00104', '24A00105'];
const vector = [
  { rank: 1, id: '24A00102', hmac: '0ea25a4d36c9cf6f8e37c840f0798b6d349f1221160218d951aa9e620d2f4031' },
  { rank: 2, id: '24A00105', hmac: '0fcf9ca3bae6fba116b44b071e66a1117a85c8ed0017d6c21c695ffa47bc122a' },
  { rank: 3, id: '24A00103', hmac: '219d6b46a5313756b6109124ea62e4dd29c8aa43b3929354e3ba17a01834591d' },
  { rank: 4, id: '24A00101', hmac: '91fd1d35f2f3693b6b516d56aa727611ba09c3ce8070b2567de9f1502d0b037a' },
  { rank: 5, id: '24A00104', hmac: 'fad8f9c2c13f2583d82fa8fd536ad6003927e133ae52502fdc29d44493a8a585' },
];

describe('双随机 selection: HMAC-SHA256(seed, id) ascending, first n', () => {
  it('matches the hand-checkable vector (openssl), whatever order the candidates come in', async () => {
    expect(await rankCandidates(seed, candidates)).toEqual(vector);
    expect(await rankCandidates(seed, [...candidates].reverse())).toEqual(vector);
    expect(await selectSample(seed, candidates, 2)).toEqual(vector.slice(0, 2));
  });

  it('the same seed gives the same sample; another seed another one', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `M${String(i).padStart(5, '0')}`);
    const a = await selectSample('seed-A', ids, 13);
    expect(await selectSample('seed-A', [...ids].reverse(), 13)).toEqual(a);
    expect((await selectSample('seed-B', ids, 13)).map((c) => c.id)).not.toEqual(a.map((c) => c.id));
  });

  it('takes every candidate when n exceeds them, each once, ranks 1…k', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 40 }), async (ids, n) => {
        const s = await selectSample('s', ids, n);
        expect(s.length).toBe(Math.min(n, ids.length));
        expect(s.map((c) => c.rank)).toEqual(s.map((_, i) => i + 1));
        expect(new Set(s.map((c) => c.id)).size).toBe(s.length);
        for (let i = 1; i < s.length; i++) expect(s[i - 1]!.hmac < s[i]!.hmac).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an empty seed, a duplicated or empty candidate, and n < 1', async () => {
    await expect(rankCandidates('', candidates)).rejects.toThrow(/seed/);
    await expect(rankCandidates(seed, ['A', 'B', 'A'])).rejects.toThrow(/listed twice/);
    await expect(rankCandidates(seed, ['A', ''])).rejects.toThrow(/empty/);
    await expect(selectSample(seed, candidates, 0)).rejects.toThrow(/n: must be a whole number/);
  });
});
