/**
 * The device signature check of a push, with node:crypto (docs/sync.md "What the server
 * trusts"; docs/records.md "Signed objects"): the same answer as `verifyBytes` of
 * web/src/store/signing.ts — ECDSA P-256 / SHA-256, the raw r‖s (IEEE P1363, 64 bytes) in
 * base64url or base64, over the bytes given — at a fraction of WebCrypto's cost on the event
 * loop. Measured on the 2-core machine (2,000 signatures): WebCrypto ≈ 110–240 µs of event
 * loop per signature (algorithm normalisation, key checks, promises), node:crypto's
 * synchronous `verify` ≈ 150–210 µs (the whole curve arithmetic on the loop), node:crypto's
 * `verify` with a callback on a key object made once per device ≈ 30–80 µs (the arithmetic
 * runs in libuv's thread pool, on the other core) — so the public lookup keeps the loop while
 * a push is checked. `test/sync/signatures.test.ts` holds both to the same answers, malformed
 * signatures included.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { fromBase64, type TrustedKey } from '../../../web/src/store/signing.ts';

/**
 * Key objects by kid. The kid is the RFC 7638 thumbprint `trustedKey` computed from the very
 * JWK (the enrolled one), so one kid is one key. Bounded: a server has few devices, and a
 * full cache is simply made again.
 */
const keyObjects = new Map<string, KeyObject | null>();
const maxKeys = 10_000;

function keyObject(key: TrustedKey): KeyObject | null {
  let k = keyObjects.get(key.kid);
  if (k === undefined) {
    const { kty, crv, x, y } = key.publicKeyJwk;
    try {
      // Only the public members, as signing.ts imports it: never a private `d`.
      k = kty === 'EC' && crv === 'P-256' && typeof x === 'string' && typeof y === 'string' ? createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' }) : null;
    } catch {
      k = null; // not a point of the curve: nothing verifies with it, as with WebCrypto's failed import
    }
    if (keyObjects.size >= maxKeys) keyObjects.clear();
    keyObjects.set(key.kid, k);
  }
  return k;
}

/** Verifies raw r‖s (base64url or base64) over `bytes` with the device's enrolled key, in the thread pool. */
export function verifySignature(key: TrustedKey, bytes: Uint8Array, signature: string): Promise<boolean> {
  const sig = fromBase64(signature);
  if (sig === null || sig.length !== 64) return Promise.resolve(false);
  const k = keyObject(key);
  if (k === null) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verify('sha256', bytes, { key: k, dsaEncoding: 'ieee-p1363' }, sig, (err, ok) => resolve(err === null && ok));
    } catch {
      resolve(false);
    }
  });
}
