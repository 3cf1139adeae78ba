/**
 * The hash chain over the original record (docs/architecture.md invariant "raw data is
 * immutable"; docs/rules.md R-RECORD, OIML D 31 integrity protection). Each line's hash covers the
 * previous hash, so changing, removing or reordering any stored line breaks every later
 * link. Pure: WebCrypto only, which browsers, workers and Node 20 all have, so the sync
 * server checks chains with this same code.
 */
import type { RawLineRecord } from './types.ts';

/** The prevHash of a device's first line: 64 zeros. */
export const genesisHash = '0'.repeat(64);

export type ChainedFields = Omit<RawLineRecord, 'hash'>;

/** ES2024 String.prototype.isWellFormed (Chromium 111+, Node 20): false for a lone surrogate. */
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

function serialise(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      if (!wellFormed(value)) throw new TypeError('a lone surrogate cannot be canonicalised (RFC 8785 §3.2.2.2)');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be canonicalised as JSON`);
      // ECMAScript number serialisation is RFC 8785's (§3.2.2.3); -0 is written 0.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (serialise(value[i]) ?? 'null');
        return out + ']';
      }
      const withJson = value as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return serialise(withJson.toJSON());
      const obj = value as Record<string, unknown>;
      // Keys in UTF-16 code-unit order (RFC 8785 §3.2.3): the default sort of JavaScript strings.
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = serialise(obj[k]);
        if (v === undefined) continue; // undefined, functions and symbols are left out, as JSON.stringify does
        out += (first ? '' : ',') + serialise(k) + ':' + v;
        first = false;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

/**
 * RFC 8785 canonical JSON: the same bytes for the same fields, whatever the key order.
 * Written here rather than taken from the `canonicalize` package because every line, record
 * and checkpoint is hashed with it on the PC and again on the sync server, where it was the
 * largest cost of ingest (test/bench/sync.bench.ts); `chain.test.ts` checks it byte for byte
 * against `canonicalize` on generated values.
 */
export function canonicalJson(value: unknown): string {
  const s = serialise(value);
  if (s === undefined) throw new TypeError('value cannot be canonicalised as JSON');
  return s;
}

const encoder = new TextEncoder();

export function toHex(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let out = '';
  for (const b of view) out += b.toString(16).padStart(2, '0');
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** hash = SHA-256(canonical JSON of every field but the hash itself, prevHash included). */
export function lineHash(fields: ChainedFields): Promise<string> {
  return sha256Hex(canonicalJson(fields));
}

export interface ChainBreak {
  seq: number;
  reason: 'gap' | 'prev-hash-mismatch' | 'hash-mismatch';
  expected: string;
  found: string;
}

/**
 * Checks lines of one device in seq order, starting from `prev` (the chain head before
 * the first given line). Returns the first broken link, or null if the chain holds.
 */
export async function checkChain(
  lines: Iterable<RawLineRecord>,
  prev: { seq: number; hash: string } = { seq: 0, hash: genesisHash },
): Promise<ChainBreak | null> {
  let head = prev;
  for (const line of lines) {
    if (line.seq !== head.seq + 1) return { seq: line.seq, reason: 'gap', expected: String(head.seq + 1), found: String(line.seq) };
    if (line.prevHash !== head.hash) return { seq: line.seq, reason: 'prev-hash-mismatch', expected: head.hash, found: line.prevHash };
    const { hash, ...fields } = line;
    const recomputed = await lineHash(fields);
    if (recomputed !== hash) return { seq: line.seq, reason: 'hash-mismatch', expected: recomputed, found: hash };
    head = { seq: line.seq, hash };
  }
  return null;
}
