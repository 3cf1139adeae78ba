/**
 * Visual readings from a file (`npm run bench-check -- --readings FILE`): the file's
 * checks, and what the reader types into a reading request — run id before point, a
 * correction with its reason after the first entry, a missing reading reported.
 */
import { describe, expect, it } from 'vitest';
import type { ReadingRequest } from '../../web/src/bench/orchestrated/types.ts';
import { fileReader, parseReadings, type ReadingFailure } from './benchReadings.ts';

const line = (o: object) => JSON.stringify(o);

/** A request that keeps what is entered; `settled` resolves at done() or at a failure. */
function request(runId: string, at: 'start' | 'end', positions: number[]) {
  const entered: Array<{ pos: number; typed: string; reason: string | null }> = [];
  let finish: (how: string) => void = () => undefined;
  const settled = new Promise<string>((r) => (finish = r));
  const req: ReadingRequest = {
    runId,
    point: 'Q2',
    at,
    positions: positions.map((pos) => ({ pos, serial: `M-${pos}` })),
    volL: 2,
    startReadings: new Map(),
    enter: (pos, typed, correction) => {
      entered.push({ pos, typed, reason: correction?.reason ?? null });
      return Promise.resolve();
    },
    done: () => finish('done'),
    signal: new AbortController().signal,
  };
  return { req, entered, settled, fail: (f: ReadingFailure) => finish(`${f.code} ${f.pos}`) };
}

describe('parseReadings', () => {
  it('takes JSON Lines, blank lines skipped, the text kept as typed', () => {
    const r = parseReadings(`${line({ run: 'Q2', at: 'start', pos: 1, value: '0012,5' })}\n\n${line({ run: 'Q2', at: 'end', pos: 1, value: '14.5' })}\n`);
    expect(r.map((x) => [x.line, x.value])).toEqual([
      [1, '0012,5'],
      [3, '14.5'],
    ]);
  });

  it('names every bad line and field', () => {
    const text = ['{', line({ run: 'Q2', at: 'middle', pos: 0, value: '1' }), line({ run: 'Q2', at: 'end', pos: 1, value: '2', by: 'x' })].join('\n');
    expect(() => parseReadings(text)).toThrow(/line 1: not valid JSON; line 2: at: .*; line 2: pos: .*; line 3: .*by/);
  });

  it('refuses a second reading of the same run, phase and position without a reason', () => {
    const text = [line({ run: 'Q2', at: 'end', pos: 1, value: '2' }), line({ run: 'Q2', at: 'end', pos: 1, value: '3' })].join('\n');
    expect(() => parseReadings(text)).toThrow('line 2: a second reading of run Q2 at end, position 1 is a correction: give its "reason"');
  });
});

describe('fileReader', () => {
  const readings = parseReadings(
    [
      line({ run: 'Q2', at: 'start', pos: 1, value: '10.0' }),
      line({ run: 'Q2', at: 'start', pos: 2, value: '20.0' }),
      line({ run: 'S-Q2-4', at: 'start', pos: 2, value: '21.0' }),
      line({ run: 'S-Q2-4', at: 'start', pos: 2, value: '21.5', reason: 'misread the last digit' }),
    ].join('\n'),
  );

  it('enters each position by point, a run id first, corrections with their reason, then done', async () => {
    const seen: number[] = [];
    const r = request('S-Q2-4', 'start', [1, 2]);
    fileReader(readings, (x) => seen.push(x.line), r.fail)(r.req);
    expect(await r.settled).toBe('done');
    expect(r.entered).toEqual([
      { pos: 1, typed: '10.0', reason: null },
      { pos: 2, typed: '21.0', reason: null },
      { pos: 2, typed: '21.5', reason: 'misread the last digit' },
    ]);
    expect(seen).toEqual([1, 3, 4]);
  });

  it('reports a position the file has no reading for, and does not say done', async () => {
    const r = request('S-Q2-5', 'end', [1]);
    fileReader(readings, () => undefined, r.fail)(r.req);
    expect(await r.settled).toBe('reading-missing 1');
    expect(r.entered).toEqual([]);
  });
});
