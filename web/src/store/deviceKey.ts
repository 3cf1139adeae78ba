/**
 * The bench PC's signing identity (docs/rules.md R-RECORD: stored and transmitted records are
 * integrity-protected; docs/records.md "Device lifecycle"). An ECDSA P-256 key pair made by
 * WebCrypto; the private key is created non-extractable and kept as a CryptoKey in
 * IndexedDB, so it can sign but cannot be read out, copied to another machine or forged
 * from a database dump.
 *
 * A device is enrolled once: its key is pinned outside IndexedDB (devicePins.ts) and its
 * first chained record says so, with the device it succeeds when this PC lost the previous
 * one's database or key. A device row that appears any other way is not trusted by the
 * checks (integrity.ts), and a missing pin is never re-made over a device that has records.
 */
import { auditEntry } from './audit.ts';
import { canonicalJson, sha256Hex } from './chain.ts';
import { sealHead } from './checkpoints.ts';
import type { DeviceStatement, LegacySet, LostReason } from './chainTypes.ts';
import { format1MetaKey, type ErjianDb } from './db.ts';
import type { LostDevice } from './devicePins.ts';
import { toStorageError } from './errors.ts';
import { appendChained, chainHead } from './recordChain.ts';
import { fromBase64, jwkThumbprint } from './signing.ts';
import type { DeviceIdentity } from './types.ts';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;

async function hasRecordsOf(db: ErjianDb, deviceId: string): Promise<boolean> {
  const lines = await db.rawLines.where('[deviceId+seq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).count();
  return lines > 0 || (await chainHead(db, deviceId)).seq > 0;
}

/** The device this PC had before, when a new one must be made: its database or its key is gone. */
async function lostPredecessor(db: ErjianDb, successor: string, at: Date): Promise<LostDevice | null> {
  const pins = db.pins.read();
  const previous = pins?.current ?? null;
  const deviceId = previous?.deviceId ?? db.pins.legacyMarker();
  if (deviceId === null || deviceId === successor) return null;
  const reason: LostReason = (await hasRecordsOf(db, deviceId)) ? 'key-lost' : 'database-wiped';
  return { deviceId, kid: previous?.kid ?? null, reason, detectedAt: at.toISOString(), successor, acknowledged: null };
}

/** A device statement (`erjian.device/1`), chained, with its outbox and audit entries. */
export async function writeDeviceStatement(
  db: ErjianDb,
  device: DeviceIdentity,
  body: Omit<DeviceStatement, 'type' | 'alg' | 'kid' | 'deviceId' | 'recordSeq' | 'prevRecordHash' | 'signature'>,
  audit: { action: string; target: string; details?: Record<string, unknown> },
  at: Date,
): Promise<DeviceStatement> {
  return appendChained(db, device, {
    tables: [db.statements, db.outbox, db.audit],
    build: async () => ((await db.statements.get(body.id)) ? [] : [{ type: 'erjian.device/1' as const, id: body.id, body: { ...body } }]),
    write: async ([r]) => {
      if (!r) return (await db.statements.get(body.id)) as DeviceStatement;
      const statement = r.record as unknown as DeviceStatement;
      await db.statements.add(statement);
      await db.outbox.add({ kind: 'statement', recordId: statement.id, createdAt: statement.at, attempts: 0 });
      await db.audit.add(auditEntry(at, body.actor, audit.action, audit.target, audit.details));
      return statement;
    },
  });
}

async function legacySet(keys: string[]): Promise<LegacySet> {
  return { count: keys.length, keysHash: await sha256Hex(canonicalJson([...keys].sort())) };
}

const keyText = (keys: readonly unknown[]): string[] => keys.map((k) => (Array.isArray(k) ? k.join(':') : String(k)));

/** The format-1 rows of the database, as sealed by the `upgraded` statement (docs/records.md "Format 1"). */
export async function legacySets(db: ErjianDb): Promise<NonNullable<DeviceStatement['legacy']>> {
  return {
    verifications: await legacySet(keyText(await db.verifications.filter((r) => r.format === 1).primaryKeys())),
    certificates: await legacySet(keyText(await db.certificates.filter((r) => r.format === 1).primaryKeys())),
    checkpoints: await legacySet(keyText(await db.checkpoints.filter((r) => 'format' in r && r.format === 1).primaryKeys())),
    sessions: await legacySet(keyText(await db.sessions.filter((r) => r.format === 1).primaryKeys())),
    lines: null,
  };
}

/**
 * An existing device: pinned when it never was and has made no chained record yet (its
 * first start with pins, or a crash right after enrolment), and its format-1 records sealed
 * after the schema upgrade. A device that has records and no pin is left unpinned: the
 * checks report it (docs/records.md "Pins").
 */
async function settle(db: ErjianDb, device: DeviceIdentity, at: Date): Promise<void> {
  const pins = db.pins.read();
  const upgraded = (await db.meta.get(format1MetaKey)) !== undefined;
  const chainEmpty = (await chainHead(db, device.deviceId)).seq === 0;
  if (pins !== null && pins.current === null && chainEmpty) {
    db.pins.pin({ deviceId: device.deviceId, kid: device.kid!, publicKeyJwk: device.publicKeyJwk, pinnedAt: at.toISOString(), pinnedBy: upgraded ? 'upgrade' : 'enrolment', checkpoint: null, records: null }, null);
  }
  if (!chainEmpty) return;
  if (upgraded) {
    const legacy = await legacySets(db);
    const last = await db.rawLines.where('[deviceId+seq]').between([device.deviceId, 0], [device.deviceId, Number.MAX_SAFE_INTEGER], true, true).last();
    legacy.lines = last ? { seq: last.seq, hash: last.hash } : null;
    const id = `${device.deviceId}/upgraded`;
    await writeDeviceStatement(db, device, { id, event: 'upgraded', at: at.toISOString(), actor: 'system', publicKeyJwk: device.publicKeyJwk, predecessor: null, legacy }, { action: 'device.format-sealed', target: device.deviceId, details: { verifications: legacy.verifications.count, certificates: legacy.certificates.count } }, at);
    await sealHead(db, device, 'upgrade', { now: () => at });
  } else {
    // A crash between the device row and its enrolment: enrol it now, with the loss that made it.
    const lost = pins?.lost.find((l) => l.successor === device.deviceId) ?? null;
    const id = `${device.deviceId}/enrolled`;
    const predecessor = lost ? { deviceId: lost.deviceId, reason: lost.reason } : null;
    await writeDeviceStatement(db, device, { id, event: 'enrolled', at: at.toISOString(), actor: 'system', publicKeyJwk: device.publicKeyJwk, predecessor, legacy: null }, { action: 'device.enrolled', target: device.deviceId }, at);
  }
}

export async function getOrCreateDevice(db: ErjianDb, now: () => Date = () => new Date()): Promise<DeviceIdentity> {
  const at = now();
  try {
    const existing = await db.device.get('device');
    if (existing) {
      const device = existing.kid ? existing : { ...existing, kid: await jwkThumbprint(existing.publicKeyJwk) };
      await settle(db, device, at);
      return device;
    }
    const pair = await crypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
    const publicKeyJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const deviceId = crypto.randomUUID();
    const lost = await lostPredecessor(db, deviceId, at);
    const identity: DeviceIdentity = {
      id: 'device',
      deviceId,
      privateKey: pair.privateKey,
      publicKeyJwk,
      kid: await jwkThumbprint(publicKeyJwk),
      createdAt: at.toISOString(),
      predecessor: lost?.deviceId ?? null,
    };
    // Two tabs may race to create the identity: add() lets only the first win, and both
    // then use the stored one; only the winner pins and enrols.
    try {
      await db.device.add(identity);
    } catch {
      const winner = await db.device.get('device');
      if (!winner) throw new Error('could not create the device identity');
      return winner.kid ? winner : { ...winner, kid: await jwkThumbprint(winner.publicKeyJwk) };
    }
    db.pins.pin({ deviceId, kid: identity.kid!, publicKeyJwk, pinnedAt: at.toISOString(), pinnedBy: 'enrolment', checkpoint: null, records: null }, lost);
    await writeDeviceStatement(
      db,
      identity,
      { id: `${deviceId}/enrolled`, event: 'enrolled', at: at.toISOString(), actor: 'system', publicKeyJwk, predecessor: lost ? { deviceId: lost.deviceId, reason: lost.reason } : null, legacy: null },
      { action: 'device.enrolled', target: deviceId, details: lost ? { predecessor: lost.deviceId, reason: lost.reason } : undefined },
      at,
    );
    return identity;
  } catch (err) {
    throw toStorageError(err);
  }
}

const encoder = new TextEncoder();

/** Format 1: signs the RFC 8785 canonical JSON of `value`; returns a base64 signature (kept for format-1 tools and tests). */
export async function signCanonical(privateKey: CryptoKey, value: unknown): Promise<string> {
  let s = '';
  for (const b of new Uint8Array(await crypto.subtle.sign(signAlgorithm, privateKey, encoder.encode(canonicalJson(value))))) s += String.fromCharCode(b);
  return btoa(s);
}

/** Format 1: checks a signature made by signCanonical against a public key (JWK). */
export async function verifyCanonical(publicKeyJwk: JsonWebKey, value: unknown, signature: string): Promise<boolean> {
  const key = await crypto.subtle.importKey('jwk', publicKeyJwk, algorithm, false, ['verify']);
  const sig = fromBase64(signature);
  if (sig === null) return false;
  return crypto.subtle.verify(signAlgorithm, key, sig, encoder.encode(canonicalJson(value)));
}
