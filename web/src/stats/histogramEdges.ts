/**
 * Bin edges of the error histogram, shared by both engines so they bin identically.
 *
 * Errors are decimals (reported to 0.01 %, GB/T 8170) and so are bin widths (0.1 %). Binary
 * floating point puts lo + 3·width = 0 + 3·0.1 at 0.30000000000000004, so an error of
 * exactly 0.30 % would land in [0.2, 0.3) — numpy.histogram does exactly that. Here, when
 * lo, width and hi are decimals with at most MAX_DECIMALS places, each edge is the decimal
 * lo + k·width computed in integers and rounded once to binary: (L + k·W) / 10^d with L,
 * W exact integers, so the one division is correctly rounded (IEEE 754) to the f64
 * nearest the decimal edge. Other inputs fall back to lo + k·width.
 *
 * Bins are half-open [e_k, e_(k+1)); the number of bins is ⌈(hi − lo)/width⌉, so the last
 * edge is hi when the range is a whole number of widths, else the first edge beyond hi.
 * A width finer than 2⁻⁴⁰ of max(|lo|, |hi|), or than 1e-300, is refused: near the binary
 * resolution of the edges a bin means nothing, and the kernel's one-step bin correction
 * relies on edges being many ulps apart.
 */
import { invalidArgument } from './errors.ts';
import type { HistogramSpec } from './types.ts';

export const MAX_BINS = 100_000;
const MAX_DECIMALS = 9;
const MIN_RELATIVE_WIDTH = 2 ** -40;
const MIN_WIDTH = 1e-300;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export interface HistogramEdges {
  lo: number;
  width: number;
  bins: number;
  /** bins + 1 strictly increasing edges; edges[0] = lo */
  edges: Float64Array;
}

/** The decimal scale 10^d that makes lo, width and hi integers, if d ≤ MAX_DECIMALS. */
function decimalScale(values: readonly number[]): number | undefined {
  for (let d = 0, scale = 1; d <= MAX_DECIMALS; d++, scale *= 10) {
    const exact = values.every((v) => {
      const i = Math.round(v * scale);
      return Math.abs(i) <= MAX_SAFE && i / scale === v;
    });
    if (exact) return scale;
  }
  return undefined;
}

export function histogramEdges(spec: HistogramSpec): HistogramEdges {
  const { width, lo, hi } = spec;
  if (!(Number.isFinite(width) && width > 0)) throw invalidArgument('histogram.width', `must be a finite number > 0, got ${String(width)}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw invalidArgument('histogram.range', `must be finite, got [${String(lo)}, ${String(hi)}]`);
  if (!(lo < hi)) throw invalidArgument('histogram.range', `lo must be below hi, got [${lo}, ${hi}]`);
  if (width < Math.max(MIN_WIDTH, MIN_RELATIVE_WIDTH * Math.max(Math.abs(lo), Math.abs(hi)))) {
    throw invalidArgument('histogram.width', `${width} is too fine for a range reaching ${Math.max(Math.abs(lo), Math.abs(hi))}`);
  }

  const scale = decimalScale([lo, width, hi]);
  let bins: number;
  let edgeAt: (k: number) => number;
  if (scale !== undefined) {
    const L = Math.round(lo * scale);
    const W = Math.round(width * scale);
    const H = Math.round(hi * scale);
    const span = H - L;
    bins = Math.floor(span / W) + (span % W === 0 ? 0 : 1);
    if (Math.abs(L) + (bins + 1) * W > MAX_SAFE) {
      edgeAt = (k) => lo + k * width;
    } else {
      edgeAt = (k) => (L + k * W) / scale;
    }
  } else {
    const q = (hi - lo) / width;
    const r = Math.round(q);
    bins = Math.abs(q - r) <= 1e-9 * r ? r : Math.ceil(q);
    edgeAt = (k) => lo + k * width;
  }
  if (!(bins >= 1 && bins <= MAX_BINS)) {
    throw invalidArgument('histogram.width', `gives ${bins} bins over [${lo}, ${hi}); at most ${MAX_BINS} are allowed`);
  }
  const edges = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) edges[k] = edgeAt(k);
  for (let k = 0; k < bins; k++) {
    if (!((edges[k] as number) < (edges[k + 1] as number))) {
      throw invalidArgument('histogram.width', `${width} is too small to separate bin edges near ${edges[k]}`);
    }
  }
  return { lo: edges[0] as number, width, bins, edges };
}
