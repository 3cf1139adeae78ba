/**
 * Device enrolment (docs/sync.md "Access", "Enrolment"): an enterprise admin makes a one-time
 * code; the bench PC sends it with the public key of the non-extractable key it already
 * has. The server computes the kid from the key itself, pins the key to the device id for
 * good (a key is never replaced under the same id: `key-substituted`), and hands out a
 * random bearer token that it keeps only as SHA-256.
 */
import { randomInt } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { first, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { jwkThumbprint } from '../../../web/src/store/signing.ts';
import type { EnrolRequest, EnrolResponse } from '../../../web/src/sync/protocol.ts';
import type { EnrolmentCodeView } from './api.ts';
import { randomToken, sha256Hex } from './secrets.ts';
import { findDevice } from './store.ts';

/** No 0/O, 1/I/L: a code is read off one screen and typed on another. */
export const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const codeLength = 8;
export const codeLifetimeMs = 24 * 3600_000;

/** Upper case, without the spaces and dashes people add when they type it. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

/** `ABCD-EFGH`: 31^8 ≈ 8.5·10^11 codes, tried at most a few times a minute per address. */
export function newCode(): string {
  let s = '';
  for (let i = 0; i < codeLength; i++) s += codeAlphabet[randomInt(codeAlphabet.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

export function makeEnrolmentCode(deps: AppDeps, enterpriseId: string, createdBy: string): EnrolmentCodeView {
  const code = newCode();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + codeLifetimeMs).toISOString();
  run(
    deps.db,
    qb.insertInto('enrolment_codes').values({
      code_hash: sha256Hex(normaliseCode(code)),
      enterprise_id: enterpriseId,
      created_by: createdBy,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      used_by_device: null,
    }),
  );
  return { code, enterpriseId, expiresAt };
}

/** An EC P-256 point WebCrypto accepts: a key that cannot verify anything is not enrolled. */
async function checkPublicKey(jwk: EnrolRequest['publicKeyJwk']): Promise<void> {
  try {
    await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  } catch {
    throw new HttpError(400, 'bad-key', 'the public key is not a P-256 point');
  }
}

export async function enrolDevice(deps: AppDeps, req: EnrolRequest): Promise<EnrolResponse> {
  await checkPublicKey(req.publicKeyJwk);
  const kid = await jwkThumbprint(req.publicKeyJwk);
  const token = randomToken();
  const codeHash = sha256Hex(normaliseCode(req.code));
  // Everything below is one synchronous transaction: the code is spent exactly once even
  // when two PCs send it at the same moment.
  const enterpriseId = deps.db.transaction(() => {
    const now = deps.clock().toISOString();
    const code = first(deps.db, qb.selectFrom('enrolment_codes').selectAll().where('code_hash', '=', codeHash));
    if (!code) throw new HttpError(403, 'enrolment-code-invalid', 'no such enrolment code');
    if (code.used_at !== null) throw new HttpError(403, 'enrolment-code-used', 'this enrolment code was used already: ask for a new one');
    if (Date.parse(code.expires_at) <= Date.parse(now)) throw new HttpError(403, 'enrolment-code-expired', 'this enrolment code has expired: ask for a new one');

    const existing = findDevice(deps, req.deviceId);
    if (existing) {
      if (existing.kid !== kid) throw new HttpError(409, 'key-substituted', `device ${req.deviceId} is enrolled with another key; a key is never replaced under the same device id`);
      if (existing.enterprise_id !== code.enterprise_id) throw new HttpError(409, 'device-enrolled-elsewhere', 'the device belongs to another enterprise');
      if (existing.status !== 'active') throw new HttpError(403, 'device-revoked', 'a revoked device is not enrolled again: make a new key (a new device id)');
    } else {
      const keyOwner = first(deps.db, qb.selectFrom('devices').select('device_id').where('kid', '=', kid));
      if (keyOwner) throw new HttpError(409, 'key-in-use', 'this key is enrolled under another device id');
    }

    const spent = run(
      deps.db,
      qb.updateTable('enrolment_codes').set({ used_at: now, used_by_device: req.deviceId }).where('code_hash', '=', codeHash).where('used_at', 'is', null),
    );
    if (spent !== 1) throw new HttpError(403, 'enrolment-code-used', 'this enrolment code was used already');

    if (existing) {
      // The same PC with the same key (its token was lost): a new token, the old one stops working.
      run(deps.db, qb.updateTable('devices').set({ token_hash: sha256Hex(token), label: req.label ?? existing.label, updated_at: now }).where('device_id', '=', req.deviceId));
    } else {
      run(
        deps.db,
        qb.insertInto('devices').values({
          device_id: req.deviceId,
          enterprise_id: code.enterprise_id,
          kid,
          public_key_jwk: JSON.stringify({ kty: 'EC', crv: 'P-256', x: req.publicKeyJwk.x, y: req.publicKeyJwk.y }),
          label: req.label ?? null,
          status: 'active',
          token_hash: sha256Hex(token),
          enrolled_at: now,
          enrolled_by: code.created_by,
          revoked_at: null,
          revoked_reason: null,
          last_seen_at: null,
          updated_at: now,
        }),
      );
    }
    return code.enterprise_id;
  })();
  deps.log.info({ deviceId: req.deviceId, enterpriseId, kid }, 'device enrolled');
  return {
    deviceId: req.deviceId,
    enterpriseId,
    token,
    serverKey: { kid: deps.serverKey.kid, publicKeyJwk: deps.serverKey.publicKeyJwk },
    serverTime: deps.clock().toISOString(),
  };
}

/** Revoked for good: its token is refused from now on (403 `device-revoked`), its key stays on record. */
export function revokeDevice(deps: AppDeps, deviceId: string, reason: string): void {
  const now = deps.clock().toISOString();
  run(
    deps.db,
    qb.updateTable('devices').set({ status: 'revoked', revoked_at: now, revoked_reason: reason, updated_at: now }).where('device_id', '=', deviceId).where('status', '=', 'active'),
  );
}
