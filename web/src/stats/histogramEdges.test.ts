import { describe, expect, it } from 'vitest';
import { histogramEdges, MAX_BINS } from './histogramEdges.ts';

describe('histogramEdges', () => {
  it('edges are the decimals lo + k·width rounded once (0.3, not 0.30000000000000004)', () => {
    const { edges, bins } = histogramEdges({ width: 0.1, lo: 0, hi: 1 });
    expect(bins).toBe(10);
    expect(Array.from(edges)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('±2·MPE with 0.1 % bins: 80 bins for MPE 2 %, 200 for 5 %', () => {
    expect(histogramEdges({ width: 0.1, lo: -4, hi: 4 }).bins).toBe(80);
    expect(histogramEdges({ width: 0.1, lo: -10, hi: 10 }).bins).toBe(200);
  });

  it('a range that is not a whole number of widths ends at the first edge beyond hi', () => {
    const { edges, bins } = histogramEdges({ width: 0.3, lo: -1, hi: 1 });
    expect(bins).toBe(7);
    expect(edges[bins]).toBe(1.1);
  });

  it('non-decimal widths fall back to lo + k·width', () => {
    const width = Math.PI / 10;
    const { edges, bins } = histogramEdges({ width, lo: 0, hi: Math.PI });
    expect(bins).toBe(10);
    expect(edges[7]).toBe(7 * width);
  });

  it.each([
    [{ width: 0, lo: 0, hi: 1 }, 'histogram.width'],
    [{ width: -0.1, lo: 0, hi: 1 }, 'histogram.width'],
    [{ width: Number.NaN, lo: 0, hi: 1 }, 'histogram.width'],
    [{ width: 0.1, lo: 1, hi: 0 }, 'histogram.range'],
    [{ width: 0.1, lo: 0, hi: Infinity }, 'histogram.range'],
    [{ width: 1e-7, lo: -10, hi: 10 }, 'histogram.width'],
    [{ width: 1e-5, lo: 1e9, hi: 1e9 + 1 }, 'histogram.width'],
    [{ width: 1e-310, lo: 0, hi: 1e-305 }, 'histogram.width'],
  ])('refuses %j', (spec, field) => {
    expect(() => histogramEdges(spec)).toThrow(expect.objectContaining({ code: 'invalid-argument', field }));
  });

  it(`allows up to ${MAX_BINS} bins`, () => {
    expect(histogramEdges({ width: 1, lo: 0, hi: MAX_BINS }).bins).toBe(MAX_BINS);
  });
});
