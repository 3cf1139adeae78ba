/**
 * WMB/1 body syntax (docs/bench-protocols.md WMB/1, "Body"): `VERB` then space-separated
 * `key=value`; values have no spaces; text values are percent-encoded (UTF-8) where they
 * would contain a space, `=` or `*`; numbers use `.` as decimal point.
 */

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Percent-encodes what may not appear raw in a value: space, `=`, `*`, `%` itself (so the
 * encoding is reversible), controls and every non-ASCII byte.
 */
export function encodeValue(text: string): string {
  let out = '';
  for (const b of utf8.encode(text)) {
    if (b <= 0x20 || b >= 0x7f || b === 0x3d || b === 0x2a || b === 0x25) {
      out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    } else {
      out += String.fromCharCode(b);
    }
  }
  return out;
}

/** The inverse of `encodeValue`; null when the escapes or the UTF-8 are malformed. */
export function decodeValue(raw: string): string | null {
  if (!raw.includes('%')) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  try {
    return utf8Strict.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;

export function parseNumber(raw: string): number | null {
  return NUMBER.test(raw) ? Number(raw) : null;
}

export function parseInteger(raw: string): number | null {
  return INTEGER.test(raw) ? Number(raw) : null;
}

/** Numbers on the wire: plain decimal, never exponent notation. */
export function formatNumber(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

export type BodyParse = { ok: true; verb: string; fields: Map<string, string> } | { ok: false; detail: string };

/** Splits a body into its verb and raw (still encoded) values. */
export function parseBody(body: string): BodyParse {
  const tokens = body.split(' ');
  const verb = tokens[0] ?? '';
  if (verb === '' || !/^[A-Z?]+$/.test(verb)) return { ok: false, detail: `bad verb ${JSON.stringify(verb)}` };
  const fields = new Map<string, string>();
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === '') continue; // tolerate doubled spaces: no value can be empty-keyed
    const eq = t.indexOf('=');
    if (eq <= 0) return { ok: false, detail: `field without key=value: ${JSON.stringify(t)}` };
    const key = t.slice(0, eq);
    if (fields.has(key)) return { ok: false, detail: `key ${key} given twice` };
    fields.set(key, t.slice(eq + 1));
  }
  return { ok: true, verb, fields };
}

/** `VERB key=value …` with values percent-encoded; numbers must be formatted by the caller. */
export function formatBody(verb: string, fields: ReadonlyArray<readonly [string, string]>): string {
  let body = verb;
  for (const [k, v] of fields) body += ` ${k}=${encodeValue(v)}`;
  return body;
}
