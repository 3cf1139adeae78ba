/**
 * RFC 7638 thumbprint of an EC public key, synchronously (node:crypto), for use inside the
 * ingest transaction; the same value as web/src/store/signing.ts `jwkThumbprint`.
 */
import { createHash } from 'node:crypto';

export function jwkThumbprintSync(jwk: { crv: string; x: string; y: string }): string {
  const required = `{"crv":${JSON.stringify(jwk.crv)},"kty":"EC","x":${JSON.stringify(jwk.x)},"y":${JSON.stringify(jwk.y)}}`;
  return createHash('sha256').update(required, 'utf8').digest('base64url');
}
