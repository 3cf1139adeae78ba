/**
 * 双随机 selection (docs/rules.md R-SAMPLING; pilot plan "双随机、一公开"): the regulator fixes
 * and publishes a seed BEFORE the candidates are known; anyone can then reproduce the
 * selection with exactly this rule — rank each candidate by
 * HMAC-SHA256(key = the seed as UTF-8, message = the candidate id as UTF-8) written as
 * lower-case hex, ascending, and take the first n. The same rule with a separate seed picks
 * the inspectors. `openssl dgst -sha256 -hmac SEED` on each id checks it by hand.
 *
 * Pure: WebCrypto only (browser, worker, Node alike).
 */
import { InvalidInputError } from './errors.ts';

export interface RankedCandidate {
  /** 1 for the first selected */
  rank: number;
  id: string;
  /** HMAC-SHA256(seed, id), lower-case hex */
  hmac: string;
}

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  let out = '';
  for (const b of new Uint8Array(bytes)) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Every candidate ranked by its HMAC under `seed` (ascending hex); ties cannot change the order of equal ids, which are refused. */
export async function rankCandidates(seed: string, ids: readonly string[]): Promise<RankedCandidate[]> {
  if (seed.length === 0) throw new InvalidInputError('seed', 'the published seed must not be empty');
  const seen = new Set<string>();
  for (const id of ids) {
    if (id.length === 0) throw new InvalidInputError('candidates', 'a candidate id must not be empty');
    if (seen.has(id)) throw new InvalidInputError('candidates', `candidate ${JSON.stringify(id)} is listed twice: each meter (or inspector) once`);
    seen.add(id);
  }
  const key = await crypto.subtle.importKey('raw', encoder.encode(seed), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const macs = await Promise.all(ids.map(async (id) => ({ id, hmac: hex(await crypto.subtle.sign('HMAC', key, encoder.encode(id))) })));
  // Plain code-unit comparison of lower-case hex is the byte order of the MACs.
  macs.sort((a, b) => (a.hmac < b.hmac ? -1 : a.hmac > b.hmac ? 1 : 0));
  return macs.map((m, i) => ({ rank: i + 1, id: m.id, hmac: m.hmac }));
}

/** The first `n` of `rankCandidates` (all of them when there are fewer). */
export async function selectSample(seed: string, ids: readonly string[], n: number): Promise<RankedCandidate[]> {
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidInputError('n', `must be a whole number ≥ 1, got ${n}`);
  return (await rankCandidates(seed, ids)).slice(0, n);
}
