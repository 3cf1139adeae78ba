/**
 * The configuration being edited on #/settings/bench: plain JSON, so that a configuration
 * that does not validate yet can still be shown and corrected. The form's main fields
 * change it in place of the text a person would otherwise type; what validates is decided
 * by parseBenchConfig alone (web/src/bench/config/benchConfig.ts).
 */
import { parseBenchConfig, type BenchConfig } from '../../bench/config/benchConfig.ts';
import { BenchConfigError, type RegisterMapIssue } from '../../bench/errors.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Draft = { [k: string]: Json };

export type Checked = { ok: true; config: BenchConfig } | { ok: false; issues: readonly RegisterMapIssue[] };

export function checkDraft(draft: unknown): Checked {
  try {
    return { ok: true, config: parseBenchConfig(draft) };
  } catch (err) {
    if (err instanceof BenchConfigError) return { ok: false, issues: err.issues };
    throw err;
  }
}

export function copyDraft(value: unknown): Draft {
  const copy = JSON.parse(JSON.stringify(value ?? {})) as Json;
  return copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? copy : {};
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `setup` object, if it is one. */
export function setupOf(draft: Draft): { [k: string]: Json } | null {
  const s = draft['setup'];
  return isObject(s) ? s : null;
}

export function isPlcDraft(draft: Draft): boolean {
  return setupOf(draft)?.['kind'] === 'plc';
}

/** A top-level text or number field; an empty optional text field is removed. */
export function withField(draft: Draft, key: 'name' | 'id' | 'vendor' | 'model' | 'uRelPct', raw: string): Draft {
  const next = copyDraft(draft);
  if (key === 'uRelPct') {
    const n = Number(raw.replace(',', '.'));
    next[key] = raw.trim() === '' || !Number.isFinite(n) ? raw : n;
  } else if ((key === 'vendor' || key === 'model') && raw.trim() === '') {
    delete next[key];
  } else {
    next[key] = raw;
  }
  return next;
}

export function withReading(draft: Draft, reading: 'pulse' | 'visual'): Draft {
  const next = copyDraft(draft);
  const s = setupOf(next);
  if (s) s['reading'] = reading;
  return next;
}

/** A reference of another kind starts from a template the person then completes in the JSON. */
export function withReference(draft: Draft, kind: 'balance' | 'master-meter' | 'tank'): Draft {
  const next = copyDraft(draft);
  const s = setupOf(next);
  if (!s) return next;
  const current = s['reference'];
  if (isObject(current) && current['kind'] === kind) return next;
  s['reference'] =
    kind === 'balance'
      ? { kind, link: { baudRate: 9600, dataBits: 8, stopBits: 1, parity: 'none' } }
      : kind === 'master-meter'
        ? { kind, pulses: { table: 'input', address: 200, type: 'u32', wordOrder: 'high-first' }, pulsesPerL: 100 }
        : { kind, volumeL: { table: 'input', address: 200, type: 'f32', wordOrder: 'high-first', unit: 'L' } };
  return next;
}

/**
 * The number of positions: cut from the end, or continued from the last one — the next
 * position number, its counter at the next free address of the same kind (the person
 * checks the addresses against the manual; the validation catches overlaps).
 */
export function withPositionCount(draft: Draft, count: number): Draft {
  const next = copyDraft(draft);
  const s = setupOf(next);
  const positions = s?.['positions'];
  if (!s || !Array.isArray(positions) || !Number.isInteger(count) || count < 1 || count > 40) return next;
  while (positions.length > count) positions.pop();
  while (positions.length < count) {
    const last = positions[positions.length - 1];
    if (!isObject(last)) break;
    const copy = copyDraft(last);
    if (typeof copy['position'] === 'number') copy['position'] = copy['position'] + 1;
    const counter = copy['counter'];
    if (isObject(counter) && typeof counter['address'] === 'number') counter['address'] = counter['address'] + (counter['type'] === 'u16' ? 1 : 2);
    positions.push(copy);
  }
  return next;
}

export function positionCount(draft: Draft): number {
  const p = setupOf(draft)?.['positions'];
  return Array.isArray(p) ? p.length : 0;
}

export function setupText(draft: Draft): string {
  return JSON.stringify(draft['setup'] ?? {}, null, 2);
}

/** The text area's `setup`: the JSON's syntax error (English, for the (root) issue) or the new draft. */
export function withSetupText(draft: Draft, text: string): { draft: Draft } | { syntax: string } {
  try {
    const setup = JSON.parse(text) as Json;
    const next = copyDraft(draft);
    next['setup'] = setup;
    return { draft: next };
  } catch (e) {
    return { syntax: e instanceof Error ? e.message : String(e) };
  }
}
