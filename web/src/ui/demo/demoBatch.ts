/**
 * A simulated batch of meter errors for the statistics demo (no bench, no database):
 * errors per flow point drawn from normal distributions shaped like a real production
 * line — tight at Q3, wider at Q1 — with a seeded PRNG so a demo is reproducible.
 * Generated in slices that yield to the event loop, so the page never freezes, even
 * for a million meters.
 */
import type { TestPoint } from '../../domain/index.ts';

export interface DemoBatch {
  q3: Float64Array;
  q2: Float64Array;
  q1: Float64Array;
}

/** mean and SD of the error (%) per point: a slight over-read at Q1 is typical of wear-in. */
const shape: Record<TestPoint, { mean: number; sd: number }> = {
  Q3: { mean: 0.15, sd: 0.45 },
  Q2: { mean: -0.1, sd: 0.6 },
  Q1: { mean: 0.6, sd: 1.2 },
};

/** mulberry32: small, fast, good enough for demo data (not for sampling orders). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fillNormal(out: Float64Array, from: number, to: number, mean: number, sd: number, rnd: () => number): void {
  for (let i = from; i < to; i += 2) {
    // Box–Muller: two normals per pair of uniforms; 1 − u keeps log away from 0.
    const r = Math.sqrt(-2 * Math.log(1 - rnd()));
    const th = 2 * Math.PI * rnd();
    out[i] = mean + sd * r * Math.cos(th);
    if (i + 1 < to) out[i + 1] = mean + sd * r * Math.sin(th);
  }
}

export async function generateDemoBatch(n: number, seed = 20190101, onProgress?: (done: number) => void): Promise<DemoBatch> {
  const batch: DemoBatch = { q3: new Float64Array(n), q2: new Float64Array(n), q1: new Float64Array(n) };
  const rnd = mulberry32(seed);
  const slice = 50_000;
  for (let from = 0; from < n; from += slice) {
    const to = Math.min(n, from + slice);
    fillNormal(batch.q3, from, to, shape.Q3.mean, shape.Q3.sd, rnd);
    fillNormal(batch.q2, from, to, shape.Q2.mean, shape.Q2.sd, rnd);
    fillNormal(batch.q1, from, to, shape.Q1.mean, shape.Q1.sd, rnd);
    onProgress?.(to);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return batch;
}
