/**
 * The server's own signing key (ES256, P-256): it signs push receipts (`erjian.receipt/1`,
 * docs/sync.md "Receipts") with the same signed-object code as the bench PC
 * (web/src/store/signing.ts). Kept as a JWK in the data folder's `server-key.json`
 * (mode 0600), beside the SQLite file and backed up with it; made on first start.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwkThumbprint, signBytes, signedBytes } from '../../../web/src/store/signing.ts';
import type { PublicKeyJwk } from '../../../web/src/sync/protocol.ts';

export interface ServerKey {
  kid: string;
  publicKeyJwk: PublicKeyJwk;
  /** ES256 over the canonical JSON of `unsigned` (base64url r‖s) */
  sign(unsigned: object): Promise<string>;
}

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;

function publicOf(jwk: JsonWebKey): PublicKeyJwk {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('server-key.json is not an EC P-256 key');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

export async function loadServerKey(dataDir: string | null): Promise<ServerKey> {
  const file = dataDir === null ? null : join(dataDir, 'server-key.json');
  let privateJwk: JsonWebKey;
  if (file && existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey;
  } else {
    const pair = (await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as CryptoKeyPair;
    privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    if (file && dataDir) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
      chmodSync(file, 0o600);
    }
  }
  const privateKey = await crypto.subtle.importKey('jwk', privateJwk, ecdsa, false, ['sign']);
  const publicKeyJwk = publicOf(privateJwk);
  return {
    kid: await jwkThumbprint(publicKeyJwk),
    publicKeyJwk,
    sign: (unsigned) => signBytes(privateKey, signedBytes(unsigned)),
  };
}
