/**
 * The bench PC's signing identity (docs/rules.md R-RECORD: stored and transmitted records are
 * integrity-protected). An ECDSA P-256 key pair made by WebCrypto; the private key is
 * created non-extractable and kept as a CryptoKey in IndexedDB, so it can sign but
 * cannot be read out, copied to another machine or forged from a database dump.
 */
import { canonicalJson } from './chain.ts';
import type { ErjianDb } from './db.ts';
import type { DeviceIdentity } from './types.ts';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;

export async function getOrCreateDevice(db: ErjianDb, now: () => Date = () => new Date()): Promise<DeviceIdentity> {
  const existing = await db.device.get('device');
  if (existing) return existing;
  const pair = await crypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
  const identity: DeviceIdentity = {
    id: 'device',
    deviceId: crypto.randomUUID(),
    privateKey: pair.privateKey,
    publicKeyJwk: await crypto.subtle.exportKey('jwk', pair.publicKey),
    createdAt: now().toISOString(),
  };
  // Two tabs may race to create the identity: add() lets only the first win, and both
  // then use the stored one.
  try {
    await db.device.add(identity);
    return identity;
  } catch {
    const winner = await db.device.get('device');
    if (!winner) throw new Error('could not create the device identity');
    return winner;
  }
}

function toBase64(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const encoder = new TextEncoder();

/** Signs the RFC 8785 canonical JSON of `value`; returns a base64 signature. */
export async function signCanonical(privateKey: CryptoKey, value: unknown): Promise<string> {
  return toBase64(await crypto.subtle.sign(signAlgorithm, privateKey, encoder.encode(canonicalJson(value))));
}

/** Checks a signature made by signCanonical against the device's public key (JWK). */
export async function verifyCanonical(publicKeyJwk: JsonWebKey, value: unknown, signature: string): Promise<boolean> {
  const key = await crypto.subtle.importKey('jwk', publicKeyJwk, algorithm, false, ['verify']);
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = fromBase64(signature);
  } catch {
    return false;
  }
  return crypto.subtle.verify(signAlgorithm, key, sig, encoder.encode(canonicalJson(value)));
}
