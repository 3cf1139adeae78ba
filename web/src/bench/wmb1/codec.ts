/**
 * One WMB/1 line ⇄ one typed message (docs/bench-protocols.md WMB/1). Decoding never throws: a
 * line is either a message or a fault with a stable code, which the driver counts.
 */
import { latin1 } from '../types.ts';
import { verifyChecksum, withChecksum } from './checksum.ts';
import { formatBody, formatNumber, parseBody } from './fields.ts';
import { buildCommand, buildMessage, type FieldFaultCode, type Wmb1Command, type Wmb1Message } from './messages.ts';

export type LineFaultCode = 'missing-checksum' | 'bad-checksum' | 'malformed' | FieldFaultCode;

export interface LineFault {
  code: LineFaultCode;
  detail: string;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; fault: LineFault };

function decodeWith<T>(line: Uint8Array, builder: (verb: string, fields: ReadonlyMap<string, string>) => Decoded<T>): Decoded<T> {
  const check = verifyChecksum(line);
  if (!check.ok) return { ok: false, fault: { code: check.code, detail: check.code === 'missing-checksum' ? 'no *HH at the end' : 'checksum does not match' } };
  const body = parseBody(latin1(line.subarray(0, check.bodyEnd)));
  if (!body.ok) return { ok: false, fault: { code: 'malformed', detail: body.detail } };
  const built = builder(body.verb, body.fields);
  return built.ok ? built : { ok: false, fault: built.fault };
}

/** A line from the bench (no terminator). */
export function decodeMessage(line: Uint8Array): Decoded<Wmb1Message> {
  return decodeWith(line, buildMessage);
}

/** A line from the app (the simulator's side). */
export function decodeCommand(line: Uint8Array): Decoded<Wmb1Command> {
  return decodeWith(line, buildCommand);
}

type Fields = Array<readonly [string, string]>;

/** Wire form of a command, checksum and CR LF included. */
export function encodeCommand(cmd: Wmb1Command): string {
  let fields: Fields;
  switch (cmd.verb) {
    case 'HELLO':
    case 'STOP':
    case 'STAT?':
      fields = [];
      break;
    case 'LOAD':
      fields = [['pos', String(cmd.pos)], ['meter', cmd.meter]];
      break;
    case 'PRESS':
      fields = [['kpa', formatNumber(cmd.kpa, 1)], ['hold', formatNumber(cmd.holdS, 0)]];
      break;
    case 'RUN':
      fields = [['id', cmd.id], ['point', cmd.point], ['lph', formatNumber(cmd.lph, 3)], ['vol', formatNumber(cmd.volL, 3)]];
      break;
  }
  return `${withChecksum(formatBody(cmd.verb, fields))}\r\n`;
}

/** Wire form of a bench message (used by the simulators). */
export function encodeMessage(m: Wmb1Message): string {
  return `${withChecksum(formatBody(m.verb, messageFields(m)))}\r\n`;
}

function messageFields(m: Wmb1Message): Fields {
  switch (m.verb) {
    case 'ID':
      return [['vendor', m.vendor], ['model', m.model], ['sn', m.sn], ['fw', m.fw], ['positions', String(m.positions)], ['method', m.method], ['u_rel', formatNumber(m.uRelPct, 3)]];
    case 'ACK':
      return [['cmd', m.cmd]];
    case 'NAK':
      return [['cmd', m.cmd], ['code', String(m.code)], ['msg', m.msg]];
    case 'PT':
      return [['t', formatNumber(m.tS, 0)], ['kpa', formatNumber(m.kpa, 1)]];
    case 'PTEND': {
      const f: Fields = [['kpa0', formatNumber(m.kpa0, 1)], ['kpa1', formatNumber(m.kpa1, 1)], ['hold', formatNumber(m.holdS, 0)]];
      if (m.gaugeId !== null) f.push(['pg', m.gaugeId]);
      if (m.gaugeUKpa !== null) f.push(['pg_u', formatNumber(m.gaugeUKpa, 1)]);
      return f;
    }
    case 'STAT':
      return [['state', m.state], ['id', m.id ?? '-']];
    case 'RS':
      return [['id', m.id], ['point', m.point], ['t0', formatNumber(m.t0Ms, 0)]];
    case 'FS':
      return [['id', m.id], ['t', formatNumber(m.tMs, 0)], ['lph', formatNumber(m.lph, 3)], ['tw', formatNumber(m.waterC, 2)], ['kpa', formatNumber(m.kpa, 1)]];
    case 'RE': {
      const f: Fields = [
        ['id', m.id],
        ['dur', formatNumber(m.durS, 1)],
        ['lph', formatNumber(m.lph, 3)],
        ['tw', formatNumber(m.waterC, 2)],
        ['ta', formatNumber(m.airC, 1)],
        ['pa', formatNumber(m.airHPa, 1)],
        ['rh', formatNumber(m.airRhPct, 0)],
        ['ref', formatNumber(m.ref, m.unit === 'pulse' ? 0 : 4)],
        ['unit', m.unit],
      ];
      if (m.k !== null) f.push(['k', formatNumber(m.k, 3)]);
      return f;
    }
    case 'MV':
      return [['id', m.id], ['pos', String(m.pos)], ['vi', formatNumber(m.viL, 4)]];
    case 'RD':
      return [['id', m.id], ['n', String(m.n)]];
    case 'ABORT':
      return [['id', m.id], ['reason', m.reason]];
    case 'FLT':
      return [['code', String(m.code)], ['msg', m.msg]];
  }
}
