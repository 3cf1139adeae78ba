/**
 * Writing to a device's record chain (docs/records.md "The record chain"). A record is
 * built, linked to the chain head, hashed and signed, then written with its chain entry in
 * one transaction that first checks nothing moved in between.
 *
 * Two rounds, because an IndexedDB transaction cannot wait for WebCrypto (it commits as soon
 * as no request is pending): round 1 reads what the records are built from and the chain
 * head, then signs outside any transaction; round 2 rebuilds the records from the same
 * tables, inside the writing transaction, and writes only if they and the head are exactly
 * as signed — so a record is still judged on exactly the data it is written with
 * (docs/architecture.md invariants). If another tab wrote in between, it starts again.
 */
import type { Table } from 'dexie';
import { genesisRecordHash, type ChainedType, type ChainLink, type RecordChainEntry } from './chainTypes.ts';
import type { ErjianDb } from './db.ts';
import { StorageError } from './errors.ts';
import { SIGNATURE_ALG, bytesHash, jwkThumbprint, signBytes, signedBytes, type Envelope } from './signing.ts';
import type { DeviceIdentity } from './types.ts';

export interface ChainHead {
  seq: number;
  hash: string;
}

/** What a caller chains: the record without envelope, link and signature. */
export interface ChainBody {
  type: ChainedType;
  /** the record's id in its own table */
  id: string;
  body: Record<string, unknown>;
}

/** A record as signed, with its chain entry. */
export interface ChainedRecord<T = Record<string, unknown>> {
  entry: RecordChainEntry;
  record: T & Envelope & ChainLink & { signature: string };
}

const kids = new WeakMap<DeviceIdentity, Promise<string>>();

/** The device's key id (RFC 7638 thumbprint), computed once for rows made before it was stored. */
export function deviceKid(device: DeviceIdentity): Promise<string> {
  if (device.kid) return Promise.resolve(device.kid);
  let k = kids.get(device);
  if (!k) kids.set(device, (k = jwkThumbprint(device.publicKeyJwk)));
  return k;
}

export async function chainHead(db: ErjianDb, deviceId: string): Promise<ChainHead> {
  const last = await db.recordChain.where('[deviceId+recordSeq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).last();
  return last ? { seq: last.recordSeq, hash: last.hash } : { seq: 0, hash: genesisRecordHash };
}

class ChainMoved extends Error {}

export interface AppendSpec<R> {
  /** every table `build` and `write` touch (the chain index is added) */
  tables: Table[];
  /** inside a transaction, twice: the records to chain; the same data must give the same records */
  build: () => Promise<ChainBody[]>;
  /** inside the writing transaction: stores the signed records and what goes with them (outbox, audit …) */
  write: (records: ChainedRecord[]) => Promise<R>;
}

/** Links, hashes and signs records onto `head` (no I/O): what `appendChained` writes, and what a synthetic device (demo seed, load benchmark) makes without a database. */
export async function linkRecords(device: DeviceIdentity, bodies: readonly ChainBody[], head: ChainHead): Promise<ChainedRecord[]> {
  const kid = await deviceKid(device);
  const made: Array<{ b: ChainBody; u: Envelope & ChainLink & Record<string, unknown>; bytes: Uint8Array<ArrayBuffer>; hash: string }> = [];
  let prev = head;
  for (const b of bodies) {
    const u = { ...b.body, type: b.type, alg: SIGNATURE_ALG, kid, deviceId: device.deviceId, recordSeq: prev.seq + 1, prevRecordHash: prev.hash };
    // The canonical bytes once: hashed for the next link, and signed.
    const bytes = signedBytes(u);
    const hash = await bytesHash(bytes);
    made.push({ b, u, bytes, hash });
    prev = { seq: u.recordSeq, hash };
  }
  return Promise.all(
    made.map(async ({ b, u, bytes, hash }) => ({
      entry: { deviceId: device.deviceId, recordSeq: u.recordSeq, type: b.type, recordId: b.id, hash },
      record: { ...u, signature: await signBytes(device.privateKey, bytes) },
    })),
  );
}

/** Chains, signs and writes records; resolves with what `write` returned once it is on disk. */
export async function appendChained<R>(db: ErjianDb, device: DeviceIdentity, spec: AppendSpec<R>, maxRounds = 5): Promise<R> {
  const tables = [db.recordChain, ...spec.tables.filter((t) => t !== db.recordChain)];
  for (let round = 0; round < maxRounds; round++) {
    const { bodies, head } = await db.transaction('r', tables, async () => ({ bodies: await spec.build(), head: await chainHead(db, device.deviceId) }));
    if (bodies.length === 0) return db.transaction('rw', tables, () => spec.write([]));
    const records = await linkRecords(device, bodies, head);
    try {
      const result = await db.transaction('rw', tables, async () => {
        const again = await spec.build();
        const now = await chainHead(db, device.deviceId);
        // The same code builds both rounds, so the same data gives the same key order: plain JSON compares them.
        if (now.seq !== head.seq || now.hash !== head.hash || JSON.stringify(again) !== JSON.stringify(bodies)) throw new ChainMoved();
        await db.recordChain.bulkAdd(records.map((r) => r.entry));
        return spec.write(records);
      });
      const last = records[records.length - 1]!.entry;
      db.pins.mark(device.deviceId, 'records', { seq: last.recordSeq, hash: last.hash });
      return result;
    } catch (err) {
      // The head is read and written in the same rw transaction, so only ChainMoved means "another writer".
      if (err instanceof ChainMoved) continue;
      throw err; // the caller turns it into its own typed error (StorageError, CertificateError)
    }
  }
  throw new StorageError('chain-conflict', 'another window kept writing to the record chain; try again');
}
