/**
 * The sync part of the server (docs/sync.md): POST /api/sync/push and GET /api/sync/pull,
 * for an enrolled device with its bearer token. Thin: the device is authenticated before
 * the body is even parsed, the push is prepared (signatures, hashes: async) and then
 * ingested in one synchronous transaction, and the answer carries a signed receipt.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defaultProfile, type RegulationProfile } from '../../../web/src/domain/index.ts';
import { trustedKey } from '../../../web/src/store/signing.ts';
import { pullResponseSchema, pushRequestSchema, pushResponseSchema, SYNC_PROTOCOL, type ItemResult, type PushRequest, type PushResponse } from '../../../web/src/sync/protocol.ts';
import type { ServerPart } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { requireDevice, type DevicePrincipal } from '../identity/guards.ts';
import { alarmRoutes } from './alarmRoutes.ts';
import { scheduleRiskScan } from '../supervision/riskScan.ts';
import { ingestPush } from './ingest.ts';
import { preparePush } from './prepare.ts';
import { pull } from './pull.ts';
import { signReceipt, storeReceipt } from './receipt.ts';

/** The profiles a record may name: the one this build ships (docs/rules.md; a second is a later issue). */
const profiles: readonly RegulationProfile[] = [defaultProfile];

/** The answers in the order of the request's items (the ingest answers them in its own order). */
function inRequestOrder(push: PushRequest, results: readonly ItemResult[]): ItemResult[] {
  const queue = new Map<string, ItemResult[]>();
  for (const r of results) {
    const key = `${r.kind}\u0000${r.id}`;
    queue.set(key, [...(queue.get(key) ?? []), r]);
  }
  const out: ItemResult[] = [];
  for (const i of push.items) {
    const r = queue.get(`${i.kind}\u0000${i.id}`)?.shift();
    if (r) out.push(r);
  }
  return out;
}

export async function handlePush(deps: AppDeps, device: DevicePrincipal, push: PushRequest): Promise<PushResponse> {
  if (push.deviceId !== device.deviceId) throw new HttpError(403, 'unknown-device', `the token is device ${device.deviceId}, the push names ${push.deviceId}`);
  const now = deps.clock();
  // The key enrolled for the device, never one a payload names.
  const key = await trustedKey(device.publicKeyJwk);
  if (key.kid !== device.kid) throw new HttpError(500, 'internal', 'the enrolled key does not match its kid');
  const prepared = await preparePush(push, { deviceId: device.deviceId, key });
  const outcome = ingestPush(
    { db: deps.db, deviceId: device.deviceId, enterpriseId: device.enterpriseId, pushId: push.pushId, now, profiles, institutionName: deps.config.institutionName, log: deps.log },
    prepared,
  );
  const lineCount = outcome.lines.accepted === null ? 0 : outcome.lines.accepted.toSeq - outcome.lines.accepted.fromSeq + 1;
  const acceptedCount = lineCount + outcome.results.filter((r) => r.status === 'accepted').length;
  const receipt = await signReceipt(deps.serverKey, { deviceId: device.deviceId, pushId: push.pushId, receivedAt: now.toISOString(), heads: outcome.heads, accepted: acceptedCount });
  storeReceipt(deps.db, receipt);
  // risk early warning (docs/risk.md): after the ingest committed, deferred, off the push's path
  if (acceptedCount > 0) scheduleRiskScan(deps, device.enterpriseId);
  return { protocol: SYNC_PROTOCOL, lines: outcome.lines, results: inRequestOrder(push, outcome.results), heads: outcome.heads, receipt };
}

const devices = new WeakMap<FastifyRequest, DevicePrincipal>();

function deviceOf(req: FastifyRequest): DevicePrincipal {
  const d = devices.get(req);
  if (!d) throw new HttpError(401, 'unknown-device', 'no device');
  return d;
}

export const syncPart: ServerPart = (app, deps) => {
  // The token is checked on the request line, before a body is read or parsed.
  const authenticate = async (req: FastifyRequest): Promise<void> => {
    devices.set(req, requireDevice(deps, req));
  };
  app.post(
    '/api/sync/push',
    { onRequest: authenticate, schema: { body: pushRequestSchema, response: { 200: pushResponseSchema } } },
    (req) => handlePush(deps, deviceOf(req), req.body),
  );
  app.get(
    '/api/sync/pull',
    { onRequest: authenticate, schema: { querystring: z.strictObject({ cursor: z.string().max(500).optional() }), response: { 200: pullResponseSchema } } },
    (req) => pull(deps, deviceOf(req), req.query.cursor),
  );
  alarmRoutes(app, deps);
};
