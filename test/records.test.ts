/**
 * The test vectors of docs/records.md, read from the document itself: what a server in Node
 * must reproduce to check the bench PC's signatures — the canonical bytes, their SHA-256, the
 * RFC 7638 thumbprint and the ES256 signature (raw r‖s) — with WebCrypto, with the store's
 * own code, and with Node's crypto.verify, which wants `dsaEncoding: 'ieee-p1363'`.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../web/src/store/chain.ts';
import { checkSigned, jwkThumbprint, objectHash, signObject, trustedKey, type Envelope } from '../web/src/store/signing.ts';
import key from './fixtures/records/vector-key.json' with { type: 'json' };

const doc = readFileSync(new URL('../docs/records.md', import.meta.url), 'utf8');
const vectors = doc.slice(doc.indexOf('## Test vectors'));
const grab = (label: string): string => {
  const m = new RegExp(`${label}: \`([^\`]+)\``).exec(vectors);
  if (!m) throw new Error(`docs/records.md has no "${label}" vector`);
  return m[1]!;
};
const bytesText = /```json\n(.+)\n```/.exec(vectors)?.[1] ?? '';
const bytes = new TextEncoder().encode(bytesText);
const signature = grab('signature \\(ES256, base64url `r‖s`\\)');
const sha256 = grab('SHA-256 of the bytes');
const kid = grab('kid \\(RFC 7638 thumbprint\\)');
const sigBytes = Buffer.from(signature, 'base64url');

describe('docs/records.md test vectors', () => {
  it('the thumbprint and the public key are the fixture key’s', async () => {
    expect(JSON.parse(grab('public JWK'))).toEqual(key.publicKeyJwk);
    expect(await jwkThumbprint(key.publicKeyJwk)).toBe(kid);
    expect(key.kid).toBe(kid);
  });

  it('the bytes are the canonical JSON of the object, and hash to the SHA-256 given', async () => {
    const obj = JSON.parse(bytesText) as Envelope & Record<string, unknown>;
    expect(canonicalJson(obj)).toBe(bytesText);
    expect(obj).toMatchObject({ type: 'erjian.checkpoint/1', alg: 'ES256', kid });
    expect(Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex')).toBe(sha256);
    expect(await objectHash(obj)).toBe(sha256);
  });

  it('the signature verifies with WebCrypto, raw r‖s, and with the store’s check', async () => {
    expect(sigBytes).toHaveLength(64);
    const pub = await crypto.subtle.importKey('jwk', key.publicKeyJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, sigBytes, bytes)).toBe(true);
    const obj = { ...(JSON.parse(bytesText) as Envelope), signature };
    expect(await checkSigned(obj, await trustedKey(key.publicKeyJwk), 'erjian.checkpoint/1')).toBeNull();
    // Type, key id and every field are inside the signed bytes.
    expect(await checkSigned({ ...obj, type: 'erjian.verification/2' }, await trustedKey(key.publicKeyJwk), 'erjian.verification/2')).toBe('bad-signature');
    expect(await checkSigned({ ...obj, seq: 501 } as typeof obj, await trustedKey(key.publicKeyJwk), 'erjian.checkpoint/1')).toBe('bad-signature');
  });

  it('Node’s crypto.verify needs dsaEncoding ieee-p1363: its default (DER) rejects a good WebCrypto signature', () => {
    const pub = createPublicKey({ key: key.publicKeyJwk, format: 'jwk' });
    expect(nodeVerify('sha256', bytes, { key: pub, dsaEncoding: 'ieee-p1363' }, sigBytes)).toBe(true);
    let der: boolean;
    try {
      der = nodeVerify('sha256', bytes, pub, sigBytes);
    } catch {
      der = false;
    }
    expect(der).toBe(false);
  });

  it('a signature made now with the fixture key verifies the same way (ECDSA is randomised: another signature, as valid)', async () => {
    const priv = await crypto.subtle.importKey('jwk', key.privateKeyJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const again = await signObject(priv, JSON.parse(bytesText) as Envelope);
    expect(again.signature).not.toBe(signature);
    expect(await checkSigned(again, await trustedKey(key.publicKeyJwk), 'erjian.checkpoint/1')).toBeNull();
  });
});
