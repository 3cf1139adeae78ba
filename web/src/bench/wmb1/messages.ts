/**
 * The WMB/1 vocabulary (docs/bench-protocols.md WMB/1): the commands the app sends and the
 * replies and events the bench sends, each with its required keys. A missing required
 * key makes the line invalid (reported, not acted on); unknown keys are ignored.
 */
import type { TestPoint } from '../../domain/index.ts';
import { decodeValue, parseInteger, parseNumber } from './fields.ts';

export type BenchMethod = 'weighing' | 'master' | 'volumetric';
export type BenchState = 'idle' | 'press' | 'run' | 'drain' | 'fault';
export type ReferenceUnit = 'kg' | 'L' | 'pulse';

/** Bench → app. Field names carry their unit. */
export type Wmb1Message =
  | { verb: 'ID'; vendor: string; model: string; sn: string; fw: string; positions: number; method: BenchMethod; uRelPct: number }
  | { verb: 'ACK'; cmd: string }
  | { verb: 'NAK'; cmd: string; code: number; msg: string }
  | { verb: 'PT'; tS: number; kpa: number }
  | {
      verb: 'PTEND';
      kpa0: number;
      kpa1: number;
      holdS: number;
      /** optional `pg`: the gauge the trace was read with (identity, class, range); null if not sent */
      gaugeId: string | null;
      /** optional `pg_u`: the gauge reading's expanded uncertainty (k = 2), kPa; null if not sent */
      gaugeUKpa: number | null;
    }
  | { verb: 'STAT'; state: BenchState; id: string | null }
  | { verb: 'RS'; id: string; point: TestPoint; t0Ms: number }
  | { verb: 'FS'; id: string; tMs: number; lph: number; waterC: number; kpa: number }
  | {
      verb: 'RE';
      id: string;
      durS: number;
      lph: number;
      waterC: number;
      airC: number;
      airHPa: number;
      airRhPct: number;
      ref: number;
      unit: ReferenceUnit;
      /** pulses per litre; required only for unit=pulse */
      k: number | null;
    }
  | { verb: 'MV'; id: string; pos: number; viL: number }
  | { verb: 'RD'; id: string; n: number }
  | { verb: 'ABORT'; id: string; reason: string }
  | { verb: 'FLT'; code: number; msg: string };

/** App → bench. */
export type Wmb1Command =
  | { verb: 'HELLO' }
  | { verb: 'LOAD'; pos: number; meter: string }
  | { verb: 'PRESS'; kpa: number; holdS: number }
  | { verb: 'RUN'; id: string; point: TestPoint; lph: number; volL: number }
  | { verb: 'STOP' }
  | { verb: 'STAT?' };

export type FieldFaultCode = 'missing-key' | 'bad-value' | 'unknown-verb';

export interface FieldFault {
  code: FieldFaultCode;
  detail: string;
}

/**
 * Reads typed values out of a line's fields; the first problem is kept and the builder's
 * result is thrown away, so builders stay straight-line code.
 */
class FieldReader {
  fault: FieldFault | null = null;
  constructor(private readonly fields: ReadonlyMap<string, string>) {}

  private raw(key: string): string | null {
    const v = this.fields.get(key);
    if (v === undefined) {
      this.fault ??= { code: 'missing-key', detail: `missing key ${key}` };
      return null;
    }
    return v;
  }

  private bad(key: string, what: string): void {
    this.fault ??= { code: 'bad-value', detail: `${key}: ${what}` };
  }

  text(key: string): string {
    const v = this.raw(key);
    if (v === null) return '';
    const d = decodeValue(v);
    if (d === null) this.bad(key, 'malformed percent-encoding');
    return d ?? '';
  }

  num(key: string): number {
    const v = this.raw(key);
    if (v === null) return 0;
    const n = parseNumber(v);
    if (n === null) this.bad(key, `not a number: ${JSON.stringify(v)}`);
    return n ?? 0;
  }

  int(key: string, min: number): number {
    const v = this.raw(key);
    if (v === null) return 0;
    const n = parseInteger(v);
    if (n === null || n < min) this.bad(key, `not an integer ≥ ${min}: ${JSON.stringify(v)}`);
    return n ?? 0;
  }

  oneOf<T extends string>(key: string, options: readonly T[]): T {
    const v = this.raw(key);
    const first = options[0] as T;
    if (v === null) return first;
    if (!(options as readonly string[]).includes(v)) {
      this.bad(key, `expected one of ${options.join('|')}, got ${JSON.stringify(v)}`);
      return first;
    }
    return v as T;
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }
}

const POINTS = ['Q1', 'Q2', 'Q3'] as const;
const METHODS = ['weighing', 'master', 'volumetric'] as const;
const STATES = ['idle', 'press', 'run', 'drain', 'fault'] as const;
const UNITS = ['kg', 'L', 'pulse'] as const;

type Builder<T> = (f: FieldReader) => T;

const MESSAGE_BUILDERS: Record<Wmb1Message['verb'], Builder<Wmb1Message>> = {
  ID: (f) => ({
    verb: 'ID',
    vendor: f.text('vendor'),
    model: f.text('model'),
    sn: f.text('sn'),
    fw: f.text('fw'),
    positions: f.int('positions', 1),
    method: f.oneOf('method', METHODS),
    uRelPct: f.num('u_rel'),
  }),
  ACK: (f) => ({ verb: 'ACK', cmd: f.text('cmd') }),
  NAK: (f) => ({ verb: 'NAK', cmd: f.text('cmd'), code: f.int('code', 0), msg: f.text('msg') }),
  PT: (f) => ({ verb: 'PT', tS: f.num('t'), kpa: f.num('kpa') }),
  // pg and pg_u came after WMB/1 version 1 was fixed: optional, so older benches still speak it.
  PTEND: (f) => ({
    verb: 'PTEND',
    kpa0: f.num('kpa0'),
    kpa1: f.num('kpa1'),
    holdS: f.num('hold'),
    gaugeId: f.has('pg') ? f.text('pg') : null,
    gaugeUKpa: f.has('pg_u') ? f.num('pg_u') : null,
  }),
  STAT: (f) => {
    const state = f.oneOf('state', STATES);
    const id = f.text('id');
    return { verb: 'STAT', state, id: id === '-' ? null : id };
  },
  RS: (f) => ({ verb: 'RS', id: f.text('id'), point: f.oneOf('point', POINTS), t0Ms: f.num('t0') }),
  FS: (f) => ({ verb: 'FS', id: f.text('id'), tMs: f.num('t'), lph: f.num('lph'), waterC: f.num('tw'), kpa: f.num('kpa') }),
  RE: (f) => {
    const unit = f.oneOf('unit', UNITS);
    return {
      verb: 'RE',
      id: f.text('id'),
      durS: f.num('dur'),
      lph: f.num('lph'),
      waterC: f.num('tw'),
      airC: f.num('ta'),
      airHPa: f.num('pa'),
      airRhPct: f.num('rh'),
      ref: f.num('ref'),
      unit,
      // k is required only for pulses (docs/bench-protocols.md WMB/1, RE).
      k: unit === 'pulse' || f.has('k') ? f.num('k') : null,
    };
  },
  MV: (f) => ({ verb: 'MV', id: f.text('id'), pos: f.int('pos', 1), viL: f.num('vi') }),
  RD: (f) => ({ verb: 'RD', id: f.text('id'), n: f.int('n', 0) }),
  ABORT: (f) => ({ verb: 'ABORT', id: f.text('id'), reason: f.text('reason') }),
  FLT: (f) => ({ verb: 'FLT', code: f.int('code', 0), msg: f.text('msg') }),
};

const COMMAND_BUILDERS: Record<Wmb1Command['verb'], Builder<Wmb1Command>> = {
  HELLO: () => ({ verb: 'HELLO' }),
  LOAD: (f) => ({ verb: 'LOAD', pos: f.int('pos', 1), meter: f.text('meter') }),
  PRESS: (f) => ({ verb: 'PRESS', kpa: f.num('kpa'), holdS: f.num('hold') }),
  RUN: (f) => ({ verb: 'RUN', id: f.text('id'), point: f.oneOf('point', POINTS), lph: f.num('lph'), volL: f.num('vol') }),
  STOP: () => ({ verb: 'STOP' }),
  'STAT?': () => ({ verb: 'STAT?' }),
};

export type Built<T> = { ok: true; value: T } | { ok: false; fault: FieldFault };

function build<T>(builders: Record<string, Builder<T>>, verb: string, fields: ReadonlyMap<string, string>): Built<T> {
  const builder = Object.hasOwn(builders, verb) ? builders[verb] : undefined;
  if (builder === undefined) return { ok: false, fault: { code: 'unknown-verb', detail: `unknown verb ${verb}` } };
  const reader = new FieldReader(fields);
  const value = builder(reader);
  return reader.fault === null ? { ok: true, value } : { ok: false, fault: reader.fault };
}

export function buildMessage(verb: string, fields: ReadonlyMap<string, string>): Built<Wmb1Message> {
  return build(MESSAGE_BUILDERS, verb, fields);
}

export function buildCommand(verb: string, fields: ReadonlyMap<string, string>): Built<Wmb1Command> {
  return build(COMMAND_BUILDERS, verb, fields);
}
