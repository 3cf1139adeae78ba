/**
 * Step lines: what the app itself decided while it ran a PLC bench (docs/bench-config.md
 * "Step lines"). A WMB/1 bench states its runs on the wire (`RUN`, `RE`, `MV`, `RD`); a PLC
 * and a balance only answer polls, so the app writes into the original record, on a
 * connection of its own and in the WMB/1 line syntax (`BODY*HH`, percent-encoded values),
 * which connection is which with the configuration they are read with (SETUP), which
 * meter is on which position (MOUNT), where a run begins and ends (BEGIN, END, VOID), when
 * its start and end values were taken (TAKE), when its flow was steady (FLOW), and each
 * reading the operator typed (READ).
 * Step lines carry no measured value the app computed: every number of a run is read
 * back from the raw frames and lines around them (orchestrated/replay.ts). They are
 * recorded `out` and never sent anywhere.
 */
import type { TestPoint } from '../../domain/index.ts';
import { verifyChecksum, withChecksum } from '../wmb1/checksum.ts';
import { decodeValue, formatBody, parseBody } from '../wmb1/fields.ts';
import { asciiBytes } from '../types.ts';

export type StepLine =
  /** the connections of this setup and the configuration (canonical JSON) their exchanges are read with */
  | { verb: 'SETUP'; bench: string; plc: string; balance: string | null; config: string }
  /** the operator mounted `meter` on `pos`; an empty serial clears the position */
  | { verb: 'MOUNT'; pos: number; meter: string }
  | { verb: 'BEGIN'; id: string; point: TestPoint; lph: number; volL: number }
  /** the start or end values of run `id` are those last read before this line */
  | { verb: 'TAKE'; id: string; at: 'start' | 'end' }
  /** the flow is stable in its band (`on`) / the valves are about to close (`off`): the run's flow and temperature are the values read between */
  | { verb: 'FLOW'; id: string; at: 'on' | 'off' }
  /** one reading as the operator typed it (`typed`, never edited), who typed it; a correction gives its reason */
  | { verb: 'READ'; id: string; at: 'start' | 'end'; pos: number; typed: string; by: string; fix: string | null }
  | { verb: 'END'; id: string }
  /** the run made no run (bench fault, flow out of band, stopped): nothing of it is evaluated */
  | { verb: 'VOID'; id: string; reason: string };

const POINTS = new Set(['Q1', 'Q2', 'Q3']);

const num = (v: number) => String(Number(v.toFixed(6)));

/** The line as recorded (no terminator). */
export function encodeStep(s: StepLine): string {
  let fields: Array<[string, string]>;
  switch (s.verb) {
    case 'SETUP':
      fields = [['bench', s.bench], ['plc', s.plc], ['bal', s.balance ?? '-'], ['cfg', s.config]];
      break;
    case 'MOUNT':
      fields = [['pos', String(s.pos)], ['meter', s.meter]];
      break;
    case 'BEGIN':
      fields = [['id', s.id], ['point', s.point], ['lph', num(s.lph)], ['vol', num(s.volL)]];
      break;
    case 'TAKE':
    case 'FLOW':
      fields = [['id', s.id], ['at', s.at]];
      break;
    case 'READ':
      fields = [['id', s.id], ['at', s.at], ['pos', String(s.pos)], ['v', s.typed], ['by', s.by], ...(s.fix === null ? [] : [['fix', s.fix] as [string, string]])];
      break;
    case 'END':
      fields = [['id', s.id]];
      break;
    case 'VOID':
      fields = [['id', s.id], ['reason', s.reason]];
      break;
  }
  return withChecksum(formatBody(s.verb, fields));
}

/** A recorded line read back as a step line, or null (not a step line, or damaged). */
export function decodeStep(text: string): StepLine | null {
  const bytes = asciiBytes(text.replace(/\r?\n$/, ''));
  const check = verifyChecksum(bytes);
  if (!check.ok) return null;
  const body = parseBody(text.slice(0, check.bodyEnd));
  if (!body.ok) return null;
  const get = (k: string): string | null => {
    const raw = body.fields.get(k);
    return raw === undefined ? null : decodeValue(raw);
  };
  const int = (k: string): number | null => {
    const v = get(k);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  const real = (k: string): number | null => {
    const v = get(k);
    return v !== null && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
  };
  const id = get('id');
  switch (body.verb) {
    case 'SETUP': {
      const bench = get('bench');
      const plc = get('plc');
      const bal = get('bal');
      const config = get('cfg');
      return bench && plc && bal && config ? { verb: 'SETUP', bench, plc, balance: bal === '-' ? null : bal, config } : null;
    }
    case 'MOUNT': {
      const pos = int('pos');
      const meter = get('meter');
      return pos !== null && meter !== null ? { verb: 'MOUNT', pos, meter } : null;
    }
    case 'BEGIN': {
      const point = get('point');
      const lph = real('lph');
      const volL = real('vol');
      return id && point && POINTS.has(point) && lph !== null && volL !== null ? { verb: 'BEGIN', id, point: point as TestPoint, lph, volL } : null;
    }
    case 'TAKE': {
      const at = get('at');
      return id && (at === 'start' || at === 'end') ? { verb: 'TAKE', id, at } : null;
    }
    case 'FLOW': {
      const at = get('at');
      return id && (at === 'on' || at === 'off') ? { verb: 'FLOW', id, at } : null;
    }
    case 'READ': {
      const at = get('at');
      const pos = int('pos');
      const typed = get('v');
      const by = get('by');
      return id && (at === 'start' || at === 'end') && pos !== null && typed !== null && by ? { verb: 'READ', id, at, pos, typed, by, fix: get('fix') } : null;
    }
    case 'END':
      return id ? { verb: 'END', id } : null;
    case 'VOID': {
      const reason = get('reason');
      return id && reason !== null ? { verb: 'VOID', id, reason } : null;
    }
    default:
      return null;
  }
}

/**
 * A typed reading as a number of litres, or null when it is not one: digits with at most
 * one decimal point (a comma is taken as the point, as people type it). What is recorded
 * is always the text as typed; this is how it is read.
 */
export function readingValue(typed: string): number | null {
  const t = typed.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}
