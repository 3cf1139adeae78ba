/**
 * The hash chain over the original record (docs/architecture.md invariant "raw data is
 * immutable"; docs/rules.md R-RECORD, OIML D 31 integrity protection). Each line's hash covers the
 * previous hash, so changing, removing or reordering any stored line breaks every later
 * link. Pure: WebCrypto only, which browsers, workers and Node 20 all have, so the sync
 * server checks chains with this same code.
 */
import canonicalize from 'canonicalize';
import type { RawLineRecord } from './types.ts';

/** The prevHash of a device's first line: 64 zeros. */
export const genesisHash = '0'.repeat(64);

export type ChainedFields = Omit<RawLineRecord, 'hash'>;

/** RFC 8785 canonical JSON: the same bytes for the same fields, whatever the key order. */
export function canonicalJson(value: unknown): string {
  const s = canonicalize(value);
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
