/**
 * GET /api/sync/pull (docs/sync.md "Pull"): the reference data a bench PC needs, changed since
 * its cursor — the enterprise and its standing, its authorisations, meter types and benches,
 * the profile in force, the public keys of the enterprise's devices, the public base URL of
 * the labels' QR codes, the institute's name — and the conflicts (two devices' current
 * records for one serial) and this device's heads. The cursor is opaque to the client: the
 * server's clock at the previous answer; an absent or unreadable one gets everything.
 */
import { authorisationSchema, meterTypeSchema, pushKinds, rejectReasons, SYNC_PROTOCOL, syncLimits, type PullResponse, type PushKind, type RejectReason } from '../../../web/src/sync/protocol.ts';
import type { AppDeps } from '../deps.ts';
import { all, first, qb } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import type { DevicePrincipal } from '../identity/guards.ts';
import { readStoredStanding } from '../../../web/src/sync/standing.ts';
import { headsOf, readHead } from './heads.ts';

const epoch = '1970-01-01T00:00:00.000Z';

export function readCursor(cursor: string | undefined): string {
  if (!cursor) return epoch;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; since?: unknown };
    if (parsed.v === 1 && typeof parsed.since === 'string' && Number.isFinite(Date.parse(parsed.since))) return parsed.since;
  } catch {
    // unreadable: a full answer
  }
  return epoch;
}

export function makeCursor(since: string): string {
  return Buffer.from(JSON.stringify({ v: 1, since }), 'utf8').toString('base64url');
}

/** Parses stored JSON bodies with the protocol's schema; a row that does not fit is logged and left out. */
function bodies<T>(deps: AppDeps, rows: Array<{ body: string }>, parse: (v: unknown) => { success: true; data: T } | { success: false }, what: string): T[] {
  const out: T[] = [];
  for (const r of rows) {
    const p = parse(JSON.parse(r.body));
    if (p.success) out.push(p.data);
    else deps.log.error({ what }, 'pull: a stored row does not fit the protocol; left out');
  }
  return out;
}

/** The device's items held refused (sync_rejections), newest first, as many as one push may carry. */
export function rejectionsOf(deps: AppDeps, deviceId: string): PullResponse['rejections'] {
  const rows = all(
    deps.db,
    qb.selectFrom('sync_rejections').select(['kind', 'item_id', 'reason', 'message', 'retry', 'at']).where('device_id', '=', deviceId).orderBy('at', 'desc').limit(syncLimits.maxItemsPerPush),
  );
  const isKind = (k: string): k is PushKind => (pushKinds as readonly string[]).includes(k);
  const isReason = (r: string): r is RejectReason => (rejectReasons as readonly string[]).includes(r);
  const out: PullResponse['rejections'] = [];
  // The ingest writes these columns from the same enums; a row that is not one is not sent.
  for (const r of rows) if (isKind(r.kind) && isReason(r.reason)) out.push({ kind: r.kind, id: r.item_id, reason: r.reason, message: r.message, retry: r.retry === 1, at: r.at });
  return out;
}

export function conflictsOf(deps: AppDeps, enterpriseId: string): PullResponse['conflicts'] {
  // The alarms name the serials (raised at ingest), so a pull never scans the whole projection.
  const serials = all(deps.db, qb.selectFrom('sync_alarms').select('subject').where('enterprise_id', '=', enterpriseId).where('kind', '=', 'serial-conflict').distinct()).map((a) => a.subject.replace(/^serial /, ''));
  const out: PullResponse['conflicts'] = [];
  for (const serial of serials) {
    const current = all(deps.db, qb.selectFrom('public_meters').select(['verification_id', 'device_id']).where('serial', '=', serial).where('enterprise_id', '=', enterpriseId).where('superseded_by', 'is', null).orderBy('created_at'));
    const devices = [...new Set(current.map((c) => c.device_id))];
    if (devices.length > 1) out.push({ serial, verificationIds: current.map((c) => c.verification_id), deviceIds: devices });
  }
  return out;
}

export function pull(deps: AppDeps, device: DevicePrincipal, cursor: string | undefined): PullResponse {
  const now = deps.clock().toISOString();
  const since = readCursor(cursor);
  const e = device.enterpriseId;
  const enterprise = first(deps.db, qb.selectFrom('enterprises').select(['id', 'name', 'standing']).where('id', '=', e));
  if (!enterprise) throw new HttpError(404, 'unknown-enterprise', `enterprise ${e} is not on the server`);
  const authorisations = bodies(deps, all(deps.db, qb.selectFrom('authorisations').select('body').where('enterprise_id', '=', e).where('updated_at', '>=', since)), (v) => authorisationSchema.safeParse(v), 'authorisation');
  const meterTypes = bodies(deps, all(deps.db, qb.selectFrom('meter_types').select('body').where('enterprise_id', '=', e).where('updated_at', '>=', since)), (v) => meterTypeSchema.safeParse(v), 'meter type');
  const benches = all(deps.db, qb.selectFrom('benches').select(['id', 'name', 'u_rel_pct']).where('enterprise_id', '=', e).where('updated_at', '>=', since)).map((b) => ({ id: b.id, name: b.name, uRelPct: b.u_rel_pct }));
  const devices = all(deps.db, qb.selectFrom('devices').select(['device_id', 'kid', 'public_key_jwk', 'status', 'enrolled_at']).where('enterprise_id', '=', e).where('updated_at', '>=', since)).map((d) => ({
    deviceId: d.device_id,
    kid: d.kid,
    publicKeyJwk: JSON.parse(d.public_key_jwk) as PullResponse['devices'][number]['publicKeyJwk'],
    status: d.status,
    enrolledAt: d.enrolled_at,
  }));
  return {
    protocol: SYNC_PROTOCOL,
    cursor: makeCursor(now),
    serverTime: now,
    // the ladder's body; a row stored before it (a plain string) is sent as the body it reads as
    enterprise: { id: enterprise.id, name: enterprise.name, standing: readStoredStanding(enterprise.standing) },
    authorisations,
    meterTypes,
    benches,
    profile: { id: deps.profile.id, version: deps.profile.version },
    devices,
    publicBaseUrl: deps.config.publicBaseUrl,
    institution: { name: deps.config.institutionName },
    conflicts: conflictsOf(deps, e),
    rejections: rejectionsOf(deps, device.deviceId),
    heads: headsOf(readHead(deps.db, device.deviceId)),
  };
}
