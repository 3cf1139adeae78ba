/**
 * Reading verification records. A meter's records form a chain (each re-verification
 * supersedes the previous record, docs/rules.md R-RECORD); the newest one is the meter's verdict,
 * the older ones stay readable for the audit.
 */
import type { ErjianDb } from './db.ts';
import { toStorageError } from './errors.ts';
import type { VerificationRecord } from './recordTypes.ts';

function byCreation(a: VerificationRecord, b: VerificationRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function current(records: VerificationRecord[]): VerificationRecord[] {
  const superseded = new Set<string>();
  for (const r of records) if (r.supersedes !== null) superseded.add(r.supersedes);
  return records.filter((r) => !superseded.has(r.id)).sort(byCreation);
}

/** Each meter's newest verification in the batch (superseded ones left out), oldest first. */
export async function latestVerifications(db: ErjianDb, batchId: string): Promise<VerificationRecord[]> {
  try {
    return current(await db.verifications.where('batchId').equals(batchId).toArray());
  } catch (err) {
    throw toStorageError(err);
  }
}

/** Every verification of one meter, first to newest (its chain of re-verifications). */
export async function verificationHistory(db: ErjianDb, serial: string): Promise<VerificationRecord[]> {
  try {
    return (await db.verifications.where('serial').equals(serial).toArray()).sort(byCreation);
  } catch (err) {
    throw toStorageError(err);
  }
}

/**
 * The meter's current record — the newest of its chain, the one a re-verification must
 * supersede (docs/rules.md R-RECORD) — or null when it has none. One meter's records only,
 * so the bench can ask at every scan.
 */
export async function currentVerification(db: ErjianDb, serial: string): Promise<VerificationRecord | null> {
  try {
    return current(await db.verifications.where('serial').equals(serial).toArray()).at(-1) ?? null;
  } catch (err) {
    throw toStorageError(err);
  }
}
