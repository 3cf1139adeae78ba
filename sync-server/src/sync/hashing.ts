/**
 * The raw-line hash and the signed-bytes hash of records.md, computed synchronously with
 * node:crypto over the PC's own canonical JSON (web/src/store/chain.ts `canonicalJson`):
 * the same definition as the PC's `lineHash` / `bytesHash` — SHA-256, lower-case hex, of the
 * RFC 8785 bytes — without WebCrypto's per-call cost (about 50 µs a digest in Node against
 * 8 µs here), which dominates a push of thousands of lines. `test/sync/hashing.test.ts` holds
 * both to the same answers.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type ChainedFields } from '../../../web/src/store/chain.ts';

export function lineHashSync(fields: ChainedFields): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

export function bytesHashSync(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
