/**
 * The server's signature check (sync-server/src/sync/signatures.ts, node:crypto)
 * answers as the PC's `verifyBytes` (web/src/store/signing.ts, WebCrypto) for honest
 * signatures, for re-randomised (high-s) ones, for tampered bytes, for another key, and for
 * every malformed signature: wrong length, not base64, r or s zero or out of range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../sync-server/src/sync/signatures.ts';
import { base64url, fromBase64, signBytes, trustedKey, verifyBytes, type TrustedKey } from '../../web/src/store/signing.ts';

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
/** The order n of P-256. */
const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

async function device(): Promise<{ key: TrustedKey; privateKey: CryptoKey }> {
  const pair = await crypto.subtle.generateKey(ecdsa, false, ['sign', 'verify']);
  return { key: await trustedKey(await crypto.subtle.exportKey('jwk', pair.publicKey)), privateKey: pair.privateKey };
}

const toBig = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const fromBig = (v: bigint): Uint8Array => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0').slice(-64), 'hex'));
function rs(r: bigint, s: bigint): string {
  const out = new Uint8Array(64);
  out.set(fromBig(r), 0);
  out.set(fromBig(s), 32);
  return base64url(out);
}

async function same(key: TrustedKey, bytes: Uint8Array<ArrayBuffer>, signature: string): Promise<boolean> {
  const ours = await verifySignature(key, bytes, signature);
  expect(ours, `signature ${signature}`).toBe(await verifyBytes(key, bytes, signature));
  return ours;
}

describe('the server verifies signatures as the PC does', () => {
  it('honest, tampered, re-randomised and foreign-key signatures', async () => {
    const a = await device();
    const b = await device();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.nat(), async (raw, flip) => {
        const bytes = Uint8Array.from(raw);
        const sig = await signBytes(a.privateKey, bytes);
        expect(await same(a.key, bytes, sig)).toBe(true);
        expect(await same(b.key, bytes, sig)).toBe(false);
        // the same signature in standard base64 with padding (format 1)
        expect(await same(a.key, bytes, Buffer.from(fromBase64(sig)!).toString('base64'))).toBe(true);
        // (r, n − s) is valid as well: ECDSA is malleable (why signatures are never ids, docs/sync.md)
        const raw64 = fromBase64(sig)!;
        expect(await same(a.key, bytes, rs(toBig(raw64.slice(0, 32)), n - toBig(raw64.slice(32))))).toBe(true);
        if (bytes.length > 0) {
          const tampered = Uint8Array.from(bytes);
          tampered[flip % bytes.length]! ^= 1 << flip % 8;
          expect(await same(a.key, tampered, sig)).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('malformed signatures', async () => {
    const a = await device();
    const bytes = new TextEncoder().encode('{"a":1}') as Uint8Array<ArrayBuffer>;
    const sig = fromBase64(await signBytes(a.privateKey, bytes))!;
    const r = toBig(sig.slice(0, 32));
    const s = toBig(sig.slice(32));
    const malformed = [
      '',
      'not base64!',
      base64url(sig.slice(0, 63)),
      base64url(new Uint8Array([...sig, 0])),
      base64url(new Uint8Array(64)),
      rs(0n, s),
      rs(r, 0n),
      rs(r + n, s),
      rs(r, s + n),
      rs(n, s),
      rs(r, n),
      rs(2n ** 256n - 1n, s),
    ];
    for (const m of malformed) expect(await same(a.key, bytes, m)).toBe(false);
    // padding is read as base64's (format 1): both take it
    expect(await same(a.key, bytes, `${base64url(sig)}==`)).toBe(true);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 64, maxLength: 64 }), async (random) => {
      expect(await same(a.key, bytes, base64url(random))).toBe(false);
    }), { numRuns: 100 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 100 }), async (text) => {
      expect(await same(a.key, bytes, text)).toBe(false);
    }), { numRuns: 100 });
  });

  it('a key that is not a point of the curve verifies nothing', async () => {
    const a = await device();
    const bytes = new TextEncoder().encode('{"a":1}') as Uint8Array<ArrayBuffer>;
    const sig = await signBytes(a.privateKey, bytes);
    const x = a.key.publicKeyJwk.x!;
    const off = await trustedKey({ ...a.key.publicKeyJwk, x: `${x.slice(0, -2)}${x.endsWith('AA') ? 'AB' : 'AA'}` });
    expect(await same(off, bytes, sig)).toBe(false);
  });
});
