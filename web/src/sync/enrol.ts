/**
 * Enrolling this PC with a sync server (docs/sync.md "Enrolment"): the one-time code an
 * enterprise admin made, and the public key of the device's EXISTING non-extractable key
 * (web/src/store/deviceKey.ts) — no new key is made, so every record signed before
 * enrolment stays checkable with the enrolled key. The answer's token and server key are
 * kept (store/syncState.ts); the server key checks every later receipt.
 */
import { readSyncState, saveEnrolment } from '../store/syncState.ts';
import type { ErjianDb } from '../store/db.ts';
import type { DeviceIdentity } from '../store/types.ts';
import { SyncError } from './errors.ts';
import { joinUrl, requestJson, type HttpOptions } from './http.ts';
import { SYNC_PROTOCOL, enrolResponseSchema, publicKeyJwkSchema, type EnrolRequest } from './protocol.ts';
import { z } from 'zod';

const demoCodeSchema = z.object({ code: z.string().min(6) });

/** The server's origin without a trailing slash; throws `refused` on something that is not an http(s) URL. */
export function normaliseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SyncError('refused', `not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SyncError('refused', `not an http(s) URL: ${text}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** In demo mode the server hands out an enrolment code to anyone (GET /api/demo/enrolment-code). */
export async function demoEnrolmentCode(serverUrl: string, options: HttpOptions = {}): Promise<string> {
  try {
    return (await requestJson(joinUrl(serverUrl, '/api/demo/enrolment-code'), demoCodeSchema, { method: 'GET' }, options)).code;
  } catch (err) {
    if (err instanceof SyncError && (err.code === 'not-found' || err.code === 'forbidden')) throw new SyncError('demo-unavailable', err.message, err.status, err.reason, { cause: err });
    throw err;
  }
}

export interface EnrolInput {
  serverUrl: string;
  code: string;
  /** the PC's own name, shown to admins */
  label?: string;
  /** who enrolled (audit) */
  actor: string;
}

export async function enrolDevice(db: ErjianDb, device: DeviceIdentity, input: EnrolInput, options: HttpOptions & { now?: () => Date } = {}): Promise<void> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  const jwk = publicKeyJwkSchema.parse({ kty: device.publicKeyJwk.kty, crv: device.publicKeyJwk.crv, x: device.publicKeyJwk.x, y: device.publicKeyJwk.y });
  const body: EnrolRequest = {
    protocol: SYNC_PROTOCOL,
    code: input.code.trim(),
    deviceId: device.deviceId,
    publicKeyJwk: jwk,
    ...(input.label ? { label: input.label } : {}),
  };
  const answer = await requestJson(joinUrl(serverUrl, '/api/devices/enrol'), enrolResponseSchema, { method: 'POST', body }, options);
  if (answer.deviceId !== device.deviceId) throw new SyncError('bad-response', `the server enrolled ${answer.deviceId}, not this device ${device.deviceId}`);
  const previous = (await readSyncState(db)).enrolment;
  try {
    await saveEnrolment(
      db,
      { serverUrl, deviceId: answer.deviceId, enterpriseId: answer.enterpriseId, token: answer.token, serverKey: answer.serverKey, enrolledAt: answer.serverTime },
      previous ? `${input.actor} (re-enrolled)` : input.actor,
      options.now,
    );
  } catch (err) {
    throw new SyncError('storage', `the enrolment could not be stored: ${String(err)}`, null, null, { cause: err });
  }
}
