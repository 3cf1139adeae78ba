/**
 * The per-device chain of signed records (docs/records.md "The record chain"): every
 * verification, certificate (issue, notice, withdrawal), session start and end, and device
 * statement of a device carries `recordSeq` (1, 2, 3 … without gaps) and `prevRecordHash`
 * (the SHA-256 of the previous record's signed bytes), inside its signed bytes. Deleting,
 * replacing or inserting any one of them breaks the chain where it happened.
 */
import type { BenchIdentity } from './recordTypes.ts';
import type { Envelope, SignedType } from './signing.ts';

/** The prevRecordHash of a device's first record: 64 zeros. */
export const genesisRecordHash = '0'.repeat(64);

/** The link every chained record carries in its signed bytes. */
export interface ChainLink {
  deviceId: string;
  recordSeq: number;
  prevRecordHash: string;
}

export type ChainedType = Exclude<SignedType, 'erjian.checkpoint/1'>;

/**
 * The chain's index, one row per record, keyed [deviceId+recordSeq] (add() only: a second
 * writer of the same seq fails instead of forking the chain). Unsigned: what it says is
 * checked against the records it names.
 */
export interface RecordChainEntry {
  deviceId: string;
  recordSeq: number;
  type: ChainedType;
  /** the record's id in its own table (verifications, certificates, statements) */
  recordId: string;
  /** SHA-256 (hex) of the record's signed bytes */
  hash: string;
}

export type SessionEvent = 'started' | 'ended' | 'interrupted' | 'resumed' | 'closed';

/**
 * A session's start or end, signed (`erjian.session/1`): the bench identity and its declared
 * uncertainty decide whether a certificate may be issued (docs/rules.md R-UNCERT), so they
 * are signed where the session starts; an end names the raw-line head it ended at.
 */
export interface SessionStatement extends Envelope<'erjian.session/1'>, ChainLink {
  /** `<sessionId>/<event>` (`/<n>` added for a second event of the same kind) */
  id: string;
  event: SessionEvent;
  sessionId: string;
  at: string;
  /** who: the operator at the start, the actor of the end ('system' at start-up) */
  actor: string;
  /** the bench as it identified itself (started only) */
  bench: BenchIdentity | null;
  /** why the session was interrupted (interrupted only) */
  reason: string | null;
  /** the device's last raw line when the session ended (ended / interrupted) */
  head: { seq: number; hash: string } | null;
  signature: string;
}

export type DeviceEvent = 'enrolled' | 'upgraded' | 'predecessor-acknowledged';

/** A content summary of the format-1 rows found at the upgrade (docs/records.md "Format 1"). */
export interface LegacySet {
  count: number;
  /** SHA-256 (hex) of the canonical JSON of the sorted keys */
  keysHash: string;
}

/**
 * A device's own statements (`erjian.device/1`): its enrolment with its public key and the
 * device it succeeds, the seal over the records it had before this format, an admin's
 * acknowledgement of a lost predecessor.
 */
export interface DeviceStatement extends Envelope<'erjian.device/1'>, ChainLink {
  /** `<deviceId>/<event>` (`/<other device>` for an acknowledgement) */
  id: string;
  event: DeviceEvent;
  at: string;
  actor: string;
  publicKeyJwk: JsonWebKey | null;
  /** the device this one succeeds (enrolled), or whose loss is acknowledged */
  predecessor: { deviceId: string; reason: LostReason } | null;
  /** upgraded: the format-1 rows sealed, and the raw-line head then */
  legacy: {
    verifications: LegacySet;
    certificates: LegacySet;
    checkpoints: LegacySet;
    sessions: LegacySet;
    lines: { seq: number; hash: string } | null;
  } | null;
  signature: string;
}

export type Statement = SessionStatement | DeviceStatement;

/** Why a device's records are gone from this PC (docs/records.md "Device lifecycle"). */
export type LostReason = 'database-wiped' | 'key-lost';
