/**
 * Signed checkpoints of the raw-line chain (docs/records.md "Checkpoints"; docs/rules.md
 * R-RECORD). One is written at every `CHECKPOINT_EVERY`-line boundary (in the same
 * transaction as the lines that reach it), at the head of every session however it ended
 * (sessions.ts; a crash's on the next start), and at start-up over whatever the last run
 * left unsigned. Each is added once — add(), never put() — queued for sync in the same
 * transaction, and its seq and hash raised in the pins outside IndexedDB, so a later cut or
 * rewrite of the tail no longer matches what was signed.
 */
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import { chainHead, deviceKid, type ChainHead } from './recordChain.ts';
import { SIGNATURE_ALG, signObject } from './signing.ts';
import type { CheckpointReason, DeviceIdentity, OutboxEntry, SignedCheckpoint } from './types.ts';

/** Lines between boundary checkpoints: one is signed at every multiple of it. */
export const CHECKPOINT_EVERY = 500;

export interface CheckpointInput {
  line: { seq: number; hash: string };
  reason: CheckpointReason;
  at: Date;
  sessionId?: string | null;
  /** the record chain's head to state beside the line (null: no record yet) */
  records: ChainHead | null;
}

export async function signCheckpoint(device: DeviceIdentity, input: CheckpointInput): Promise<SignedCheckpoint> {
  return signObject(device.privateKey, {
    type: 'erjian.checkpoint/1' as const,
    alg: SIGNATURE_ALG,
    kid: await deviceKid(device),
    deviceId: device.deviceId,
    seq: input.line.seq,
    hash: input.line.hash,
    at: input.at.toISOString(),
    reason: input.reason,
    sessionId: input.sessionId ?? null,
    records: input.records !== null && input.records.seq > 0 ? input.records : null,
  });
}

export const checkpointId = (c: { deviceId: string; seq: number }): string => `${c.deviceId}:${c.seq}`;

function outboxOf(c: SignedCheckpoint): OutboxEntry {
  return { kind: 'checkpoint', recordId: checkpointId(c), createdAt: c.at, attempts: 0 };
}

/**
 * Inside a rw transaction over checkpoints and outbox: adds each checkpoint with its outbox
 * entry. One already there for the same line and hash (another tab, a session end right
 * after a boundary) is left as it is; one with another hash is a conflict, never replaced.
 */
export async function addCheckpoints(db: ErjianDb, checkpoints: readonly SignedCheckpoint[]): Promise<SignedCheckpoint[]> {
  const added: SignedCheckpoint[] = [];
  for (const c of checkpoints) {
    const there = await db.checkpoints.get([c.deviceId, c.seq]);
    if (there) {
      if (there.hash !== c.hash) throw new StorageError('checkpoint-conflict', `a checkpoint of line ${c.seq} with another hash is already stored`);
      continue;
    }
    await db.checkpoints.add(c);
    await db.outbox.add(outboxOf(c));
    added.push(c);
  }
  return added;
}

/** After the commit: the pins outside IndexedDB learn the newest checkpoint. */
export function markCheckpoints(db: ErjianDb, added: readonly SignedCheckpoint[]): void {
  const top = added.reduce<SignedCheckpoint | null>((m, c) => (m === null || c.seq > m.seq ? c : m), null);
  if (top) db.pins.mark(top.deviceId, 'checkpoint', { seq: top.seq, hash: top.hash });
}

export async function lineHead(db: ErjianDb, deviceId: string): Promise<{ seq: number; hash: string } | null> {
  const last = await db.rawLines.where('[deviceId+seq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).last();
  return last ? { seq: last.seq, hash: last.hash } : null;
}

export interface SealOptions {
  now?: () => Date;
  sessionId?: string | null;
}

/**
 * Signs the device's current raw-line head unless a checkpoint already covers it: after a
 * session's end, at start-up (a crash's tail), on demand. Resolves with the checkpoint
 * written, or null when there was nothing to sign.
 */
export async function sealHead(db: ErjianDb, device: DeviceIdentity, reason: CheckpointReason, options: SealOptions = {}): Promise<SignedCheckpoint | null> {
  const now = (options.now ?? (() => new Date()))();
  try {
    const { head, there, records } = await db.transaction('r', [db.rawLines, db.checkpoints, db.recordChain], async () => {
      const head = await lineHead(db, device.deviceId);
      const there = head === null ? undefined : await db.checkpoints.get([device.deviceId, head.seq]);
      return { head, there, records: await chainHead(db, device.deviceId) };
    });
    if (head === null) return null;
    if (there) {
      // Signed already; one that states another hash is never replaced, and is said.
      if (there.hash !== head.hash) throw new StorageError('checkpoint-conflict', `a checkpoint of line ${head.seq} with another hash is already stored`);
      return null;
    }
    const checkpoint = await signCheckpoint(device, { line: head, reason, at: now, sessionId: options.sessionId ?? null, records });
    const added = await db.transaction('rw', [db.checkpoints, db.outbox], () => addCheckpoints(db, [checkpoint]));
    markCheckpoints(db, added);
    return added[0] ?? null;
  } catch (err) {
    throw toStorageError(err);
  }
}
