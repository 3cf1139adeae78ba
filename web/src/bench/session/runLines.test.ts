import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeMessage } from '../wmb1/codec.ts';
import { RunLineIndex } from './runLines.ts';

const line = (wire: string) => wire.replace(/\r\n$/, '');
const re = { verb: 'RE', id: 'S1-Q3-1', durS: 14.4, lph: 2400, waterC: 20.1, airC: 21, airHPa: 1012, airRhPct: 50, ref: 9.9812, unit: 'kg', k: null } as const;

function feed(index: RunLineIndex, lines: Array<['in' | 'out', string]>, firstSeq = 100): void {
  lines.forEach(([dir, text], i) => index.note(firstSeq + i, dir, text));
}

describe('RunLineIndex', () => {
  it('spans a run from its RUN command to its RD and keeps RE and MV fields as received', () => {
    const index = new RunLineIndex();
    feed(index, [
      ['out', line(encodeCommand({ verb: 'LOAD', pos: 1, meter: 'M1' }))],
      ['out', line(encodeCommand({ verb: 'RUN', id: 'S1-Q3-1', point: 'Q3', lph: 2400, volL: 10 }))],
      ['in', line(encodeMessage({ verb: 'ACK', cmd: 'RUN' }))],
      ['in', line(encodeMessage({ verb: 'RS', id: 'S1-Q3-1', point: 'Q3', t0Ms: 0 }))],
      ['in', line(encodeMessage(re))],
      ['in', line(encodeMessage({ verb: 'MV', id: 'S1-Q3-1', pos: 1, viL: 10.0123 }))],
      ['in', line(encodeMessage({ verb: 'MV', id: 'S1-Q3-1', pos: 2, viL: 9.9 }))],
      ['in', line(encodeMessage({ verb: 'RD', id: 'S1-Q3-1', n: 2 }))],
      ['in', line(encodeMessage({ verb: 'MV', id: 'S1-Q3-1', pos: 1, viL: 99 }))],
    ]);
    expect(index.range('S1-Q3-1')).toEqual({ fromSeq: 101, toSeq: 107 });
    expect(index.rawFields('S1-Q3-1', 1)).toEqual({ dur: '14.4', lph: '2400.000', tw: '20.10', ta: '21.0', pa: '1012.0', rh: '50', ref: '9.9812', unit: 'kg', pos: '1', vi: '10.0123' });
    expect(index.rawFields('S1-Q3-1', 2)).toMatchObject({ pos: '2', vi: '9.9000' });
  });

  it('has no range before the RD, ignores lines with a bad checksum, and closes on ABORT', () => {
    const index = new RunLineIndex();
    const mv = line(encodeMessage({ verb: 'MV', id: 'R2', pos: 1, viL: 1 }));
    feed(index, [
      ['out', line(encodeCommand({ verb: 'RUN', id: 'R2', point: 'Q1', lph: 26, volL: 2 }))],
      ['in', mv.replace('vi=1.0000', 'vi=7.0000')],
    ]);
    expect(index.range('R2')).toBeNull();
    expect(index.rawFields('R2', 1)).toEqual({});
    index.note(103, 'in', line(encodeMessage({ verb: 'ABORT', id: 'R2', reason: 'flow-unstable' })));
    expect(index.range('R2')).toEqual({ fromSeq: 100, toSeq: 103 });
    index.forget('R2');
    expect(index.range('R2')).toBeNull();
  });
});
