/**
 * MT-SICS replies, the subset of docs/bench-protocols.md MT-SICS, parsed by splitting on white space
 * (never by column: indicators pad values differently).
 *   S / SI → `S S <value> <unit>` stable, `S D <value> <unit>` dynamic (SI only),
 *            `S I` busy, `S +` overload, `S -` underload
 *   Z → `Z A` done, `Z I` busy, `Z +` / `Z -` out of range
 *   T → `T S <value> <unit>` tare stored, `T I`, `T +`, `T -`
 *   @ → `I4 A "<serial number>"` (reset answers with the serial number)
 *   ES / ET / EL → syntax / transmission / logical error
 */
import { latin1 } from '../types.ts';

export type MtSicsReply =
  | { kind: 'weight'; stable: boolean; value: number; unit: string }
  | { kind: 'busy'; command: 'S' | 'Z' | 'T' }
  | { kind: 'overload'; command: 'S' | 'Z' | 'T' }
  | { kind: 'underload'; command: 'S' | 'Z' | 'T' }
  | { kind: 'zeroed' }
  | { kind: 'tared'; value: number; unit: string }
  | { kind: 'serial'; sn: string }
  | { kind: 'error'; error: 'syntax' | 'transmission' | 'logical' }
  | { kind: 'unknown'; text: string };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function weight(tokens: string[], stable: boolean): MtSicsReply | null {
  // `S S -  12.30 kg` splits the sign from the number on some indicators.
  let rest = tokens.slice(2);
  if ((rest[0] === '-' || rest[0] === '+') && rest.length === 3) rest = [rest[0] + rest[1], rest[2] as string];
  const [v, unit] = rest;
  if (rest.length !== 2 || v === undefined || unit === undefined || !NUMBER.test(v)) return null;
  return { kind: 'weight', stable, value: Number(v), unit };
}

const ERRORS = { ES: 'syntax', ET: 'transmission', EL: 'logical' } as const;

/** One reply line (no terminator). Never throws; anything else is `unknown`. */
export function parseMtSics(line: Uint8Array | string): MtSicsReply {
  const text = typeof line === 'string' ? line : latin1(line);
  const tokens = text.trim().split(/\s+/);
  const [cmd, status] = tokens;
  const unknown: MtSicsReply = { kind: 'unknown', text };
  if (cmd === undefined) return unknown;
  if (tokens.length === 1 && (cmd === 'ES' || cmd === 'ET' || cmd === 'EL')) return { kind: 'error', error: ERRORS[cmd] };
  if (cmd === 'S' || cmd === 'Z' || cmd === 'T') {
    if (tokens.length === 2) {
      if (status === 'I') return { kind: 'busy', command: cmd };
      if (status === '+') return { kind: 'overload', command: cmd };
      if (status === '-') return { kind: 'underload', command: cmd };
      if (status === 'A' && cmd === 'Z') return { kind: 'zeroed' };
      return unknown;
    }
    if (cmd === 'S' && (status === 'S' || status === 'D')) return weight(tokens, status === 'S') ?? unknown;
    if (cmd === 'T' && status === 'S') {
      const w = weight(tokens, true);
      return w !== null && w.kind === 'weight' ? { kind: 'tared', value: w.value, unit: w.unit } : unknown;
    }
    return unknown;
  }
  if (cmd === 'I4' && status === 'A') {
    const m = /"([^"]*)"/.exec(text);
    return m !== null ? { kind: 'serial', sn: m[1] ?? '' } : unknown;
  }
  return unknown;
}

/** The commands of the subset; each line ends CR LF (docs/bench-protocols.md MT-SICS). */
export type MtSicsCommand = 'S' | 'SI' | 'Z' | 'T' | '@';

export function encodeMtSics(cmd: MtSicsCommand): string {
  return `${cmd}\r\n`;
}

/** A weight in kg, whichever of the two units the indicator is set to (kg or g). */
export function kgOf(w: { value: number; unit: string }): number {
  return w.unit === 'g' ? w.value / 1000 : w.value;
}
