/**
 * Signed objects of the original record (docs/records.md "Signed objects"; docs/rules.md
 * R-RECORD): every object the bench PC signs says what it is — `type` with a version, `alg`
 * (ES256) and `kid` (the RFC 7638 thumbprint of the signing key) — and all three sit INSIDE
 * the signed bytes, so a checkpoint cannot pass for a verification, nor a record signed by
 * one key for a record of another.
 *
 * The signed bytes are the UTF-8 of the RFC 8785 canonical JSON of the object without its
 * `signature`; the signature is ECDSA P-256 / SHA-256 as WebCrypto makes it: raw r‖s
 * (IEEE P1363, 64 bytes), base64url without padding, as in JWS ES256. (Node's
 * `crypto.verify` expects DER unless given `dsaEncoding: 'ieee-p1363'`: docs/records.md.)
 *
 * Pure: WebCrypto only, so the browser, the worker, the CLIs and the sync server check
 * signatures with this same code.
 */
import { canonicalJson, sha256Hex, toHex } from './chain.ts';

export const SIGNATURE_ALG = 'ES256' as const;

/** Every type of signed object, with its format version (docs/records.md "Types"). */
export type SignedType = 'erjian.checkpoint/1' | 'erjian.verification/2' | 'erjian.session/1' | 'erjian.certificate/1' | 'erjian.device/1';

/** What every signed object says about itself, inside the signed bytes. */
export interface Envelope<T extends SignedType = SignedType> {
  type: T;
  alg: typeof SIGNATURE_ALG;
  /** RFC 7638 JWK SHA-256 thumbprint (base64url) of the device's public key */
  kid: string;
}

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  let s = '';
  for (const b of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url or standard base64 (format-1 signatures); null when it is neither. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return null;
  const bare = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  let s: string;
  try {
    s = atob(bare + '='.repeat((4 - (bare.length % 4)) % 4));
  } catch {
    return null;
  }
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * RFC 7638 thumbprint of an EC public key: SHA-256 over the canonical JSON of its required
 * members {crv, kty, x, y} (lexicographic order, no white space), base64url.
 */
export async function jwkThumbprint(jwk: JsonWebKey): Promise<string> {
  if (jwk.kty !== 'EC' || typeof jwk.crv !== 'string' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new TypeError('only EC public keys (kty EC, crv, x, y) have a thumbprint here');
  }
  const required = `{"crv":${JSON.stringify(jwk.crv)},"kty":"EC","x":${JSON.stringify(jwk.x)},"y":${JSON.stringify(jwk.y)}}`;
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(required)));
}

/** The bytes that are signed and hashed: canonical JSON of the object without `signature`. */
export function signedBytes(unsigned: object): Uint8Array<ArrayBuffer> {
  const text = canonicalJson(unsigned);
  const bytes = encoder.encode(text);
  const out = new Uint8Array(new ArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

export function withoutSignature<T extends { signature?: unknown }>(obj: T): Omit<T, 'signature'> {
  const { signature: _signature, ...rest } = obj;
  return rest;
}

/** SHA-256 (hex) of the signed bytes: what the next record's `prevRecordHash` names. */
export function objectHash(unsigned: object): Promise<string> {
  return sha256Hex(canonicalJson(unsigned));
}

/** Signs the object as it is (its envelope included); returns it with its `signature`. */
export async function signObject<T extends Envelope>(privateKey: CryptoKey, unsigned: T): Promise<T & { signature: string }> {
  return { ...unsigned, signature: await signBytes(privateKey, signedBytes(unsigned)) };
}

/** ES256 over bytes already made (signedBytes): base64url r‖s. */
export async function signBytes(privateKey: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return base64url(await crypto.subtle.sign(signAlgorithm, privateKey, bytes));
}

/** SHA-256 (hex) of bytes already made (signedBytes). */
export async function bytesHash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

export type SignatureProblem =
  /** `alg` is not ES256 */
  | 'alg-unsupported'
  /** the object is not of the type it is read as */
  | 'type-unexpected'
  /** `kid` is not the thumbprint of the key the record must be signed with */
  | 'kid-differs'
  /** the signature does not verify over the object's bytes */
  | 'bad-signature';

/** A public key a record is checked against, with its thumbprint. */
export interface TrustedKey {
  publicKeyJwk: JsonWebKey;
  kid: string;
}

export async function trustedKey(publicKeyJwk: JsonWebKey): Promise<TrustedKey> {
  return { publicKeyJwk, kid: await jwkThumbprint(publicKeyJwk) };
}

const imported = new Map<string, Promise<CryptoKey>>();

function importKey(key: TrustedKey): Promise<CryptoKey> {
  let k = imported.get(key.kid);
  if (!k) {
    k = crypto.subtle.importKey('jwk', { kty: key.publicKeyJwk.kty, crv: key.publicKeyJwk.crv, x: key.publicKeyJwk.x, y: key.publicKeyJwk.y }, ecdsa, false, ['verify']);
    imported.set(key.kid, k);
  }
  return k;
}

/** Verifies raw r‖s (base64url or base64) over `bytes`. */
export async function verifyBytes(key: TrustedKey, bytes: Uint8Array<ArrayBuffer>, signature: string): Promise<boolean> {
  const sig = fromBase64(signature);
  if (sig === null || sig.length !== 64) return false;
  try {
    return await crypto.subtle.verify(signAlgorithm, await importKey(key), sig, bytes);
  } catch {
    return false;
  }
}

/** Checks a signed object: its envelope says `type`, ES256 and the key's kid, and the signature holds. */
export async function checkSigned(obj: Envelope & { signature: string }, key: TrustedKey, type: SignedType): Promise<SignatureProblem | null> {
  if (obj.alg !== SIGNATURE_ALG) return 'alg-unsupported';
  if (obj.type !== type) return 'type-unexpected';
  if (obj.kid !== key.kid) return 'kid-differs';
  return (await verifyBytes(key, signedBytes(withoutSignature(obj)), obj.signature)) ? null : 'bad-signature';
}

/**
 * Format 1 (records made before this format; docs/records.md "Format 1"): the signature is
 * over the canonical JSON of every field but `signature` — and but `format`, the mark the
 * schema upgrade added without touching what was signed.
 */
export async function checkFormat1(obj: { signature: string; format?: 1 }, key: TrustedKey): Promise<boolean> {
  const { signature, format: _format, ...signed } = obj;
  return verifyBytes(key, signedBytes(signed), signature);
}
