/**
 * Records exactly as the released schema-v1…v3 code wrote them (format 1, docs/records.md
 * "Format 1"): a device row with a non-extractable key, raw lines hash-chained, checkpoints
 * signed without type, algorithm or key id (base64, over {deviceId, seq, hash, at}), and
 * verifications signed over every field — no record chain, no pins. Written straight into
 * a database opened at an old schema version, so the upgrade tests meet the real old shape
 * rather than what today's code would write.
 */
import type Dexie from 'dexie';
import { auditEntry } from '../../web/src/store/audit.ts';
import { genesisHash, lineHash } from '../../web/src/store/chain.ts';
import { ColumnWriter, columnRowOf } from '../../web/src/store/columnWriter.ts';
import type { ErjianDb } from '../../web/src/store/db.ts';
import { signCanonical } from '../../web/src/store/deviceKey.ts';
import type { SessionRecord, VerificationRecord } from '../../web/src/store/recordTypes.ts';
import type { DeviceIdentity, LegacyCheckpoint, RawLineRecord } from '../../web/src/store/types.ts';
import { buildVerification, type VerificationInput } from '../../web/src/store/verificationBuild.ts';

export async function legacyDevice(db: Dexie, createdAt: Date): Promise<DeviceIdentity> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const device: DeviceIdentity = { id: 'device', deviceId: crypto.randomUUID(), privateKey: pair.privateKey, publicKeyJwk: await crypto.subtle.exportKey('jwk', pair.publicKey), createdAt: createdAt.toISOString() };
  await db.table('device').add(device);
  return device;
}

/** Appends lines one by one as the released OriginalRecord did, with a format-1 checkpoint every `every` lines. */
export async function legacyLines(db: Dexie, device: DeviceIdentity, texts: readonly string[], at: Date, every = 500, sessionId: string | null = null): Promise<RawLineRecord[]> {
  const last = await db.table<RawLineRecord>('rawLines').where('[deviceId+seq]').between([device.deviceId, 0], [device.deviceId, Number.MAX_SAFE_INTEGER], true, true).last();
  let prev = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: genesisHash };
  const out: RawLineRecord[] = [];
  for (const text of texts) {
    const fields = { deviceId: device.deviceId, seq: prev.seq + 1, connectionId: 'c1', sessionId, direction: 'in' as const, text, receivedAt: at.toISOString(), prevHash: prev.hash };
    const line = { ...fields, hash: await lineHash(fields) };
    await db.table('rawLines').add(line);
    out.push(line);
    prev = { seq: line.seq, hash: line.hash };
    if (line.seq % every === 0) {
      const unsigned = { deviceId: device.deviceId, seq: line.seq, hash: line.hash, at: at.toISOString() };
      const checkpoint: LegacyCheckpoint = { ...unsigned, signature: await signCanonical(device.privateKey, unsigned) };
      await db.table('checkpoints').put(checkpoint);
    }
  }
  return out;
}

export function legacySession(deviceId: string, startedAt: Date, state: SessionRecord['state'] = 'running'): SessionRecord {
  return { id: crypto.randomUUID(), deviceId, bench: { id: 'BENCH-7', vendor: 'X', protocol: 'WMB/1', method: 'weighing', uRelPct: 0.2 }, operator: 'op-1', startedAt: startedAt.toISOString(), endedAt: null, state, interruption: null };
}

/** Verifications as the released recordVerifications wrote them: signed over every field, with outbox, audit, meter and column rows. */
export async function legacyVerifications(db: Dexie, device: DeviceIdentity, inputs: readonly VerificationInput[], now: Date): Promise<VerificationRecord[]> {
  const records: VerificationRecord[] = [];
  for (const input of inputs) {
    const unsigned = buildVerification(input, device.deviceId, now);
    records.push({ ...unsigned, signature: await signCanonical(device.privateKey, unsigned) });
  }
  const store = db as unknown as ErjianDb;
  await db.transaction('rw', ['verifications', 'outbox', 'audit', 'meters', 'batches', 'batchColumns', 'batchColumnRows'], async () => {
    for (const r of records) {
      const batch = await store.batches.get(r.batchId);
      if (!(await store.meters.get(r.serial))) await store.meters.add({ serial: r.serial, batchId: r.batchId, meterTypeModel: batch!.meterTypeModel, productionDate: batch!.productionDate });
    }
    await store.verifications.bulkAdd(records);
    await store.outbox.bulkAdd(records.map((r) => ({ kind: 'verification' as const, recordId: r.id, createdAt: r.createdAt, attempts: 0 })));
    await store.audit.bulkAdd(records.map((r) => auditEntry(now, r.operator, 'verification.recorded', r.id, { serial: r.serial })));
    const columns = new ColumnWriter(store);
    await columns.load(records.map((r) => r.batchId), []);
    for (const r of records) columns.append(r.batchId, columnRowOf(r));
    await columns.flush();
  });
  return records;
}
