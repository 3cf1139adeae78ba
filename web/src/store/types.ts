/**
 * The shapes of the original record kept in IndexedDB. Everything here is either raw
 * (as received) or derived with a reference to the raw data, the profile version and the
 * software identification that derived it, so it can be recomputed and checked.
 */
import type { Envelope } from './signing.ts';

/** One byte-derived line from a bench, stored before it is interpreted (docs/architecture.md, flow 1). */
export interface RawLineRecord {
  /** the device (bench PC installation) that received the line */
  deviceId: string;
  /** per-device sequence, 1, 2, 3, … with no gaps: a gap is a lost line */
  seq: number;
  /** the bench connection this line came over */
  connectionId: string;
  /** the verification session, if one was running */
  sessionId: string | null;
  /** 'in' from the bench, 'out' to the bench */
  direction: 'in' | 'out';
  /** the line as text (latin-1 decoded bytes, so every byte survives) */
  text: string;
  /** wall-clock time of receipt on the bench PC, ISO 8601 with milliseconds */
  receivedAt: string;
  /** SHA-256 of the previous line of this device (hex), or the genesis value */
  prevHash: string;
  /** SHA-256 over prevHash and this line's canonical content (hex) */
  hash: string;
}

/** The fields a caller gives; the store adds seq, hashes and receipt time. */
export type RawLineInput = Pick<RawLineRecord, 'connectionId' | 'sessionId' | 'direction' | 'text'> & {
  receivedAt?: string;
};

/**
 * Format 1 of a checkpoint (docs/records.md "Format 1"): the fields below, signed without a
 * type, algorithm or key id. Kept and checked as they were; the schema upgrade only marks
 * them `format: 1`.
 */
export interface LegacyCheckpoint {
  deviceId: string;
  seq: number;
  hash: string;
  at: string;
  /** ECDSA P-256 / SHA-256 signature (base64) over the canonical JSON of the fields above */
  signature: string;
  format?: 1;
}

/** Why a checkpoint was signed (docs/records.md "Checkpoints"). */
export type CheckpointReason = 'boundary' | 'session-end' | 'startup' | 'on-demand' | 'upgrade';

/**
 * A signed statement of the chain head (`erjian.checkpoint/1`, docs/records.md
 * "Checkpoints"): detects a rewritten or truncated tail even if rehashed. Written with add(),
 * never overwritten; queued for sync.
 */
export interface SignedCheckpoint extends Envelope<'erjian.checkpoint/1'> {
  deviceId: string;
  /** the line signed: every line up to it is covered */
  seq: number;
  hash: string;
  at: string;
  reason: CheckpointReason;
  /** the session that ended, for `session-end` */
  sessionId: string | null;
  /** the head of the device's record chain when the checkpoint was signed (null: no record yet) */
  records: { seq: number; hash: string } | null;
  /** ES256 (base64url r‖s) over the canonical JSON of every other field */
  signature: string;
}

export type ChainCheckpoint = LegacyCheckpoint | SignedCheckpoint;

export function isSignedCheckpoint(c: ChainCheckpoint): c is SignedCheckpoint {
  return 'type' in c && c.type === 'erjian.checkpoint/1';
}

export interface AuditEntry {
  id?: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

export interface OutboxEntry {
  id?: number;
  /**
   * what `recordId` names: a verification, a chain checkpoint (`<deviceId>:<seq>`), an
   * audit entry, a certificate (issued or withdrawn) or a signed statement (a session's
   * start and end, a device's enrolment: docs/records.md), or a bench configuration's saved
   * version (`<configId>#<version>`, store/benchConfigs.ts)
   */
  kind: 'verification' | 'checkpoint' | 'audit' | 'certificate' | 'statement' | 'bench-config';
  recordId: string;
  createdAt: string;
  attempts: number;
}

export interface DeviceIdentity {
  id: 'device';
  deviceId: string;
  /** non-extractable: the browser can sign with it but nobody can read it out */
  privateKey: CryptoKey;
  publicKeyJwk: JsonWebKey;
  /** RFC 7638 thumbprint of `publicKeyJwk`; absent on devices enrolled before it was kept (computed on load) */
  kid?: string;
  createdAt: string;
  /** the device this one replaced on this PC, when the old one's database or key was lost (docs/records.md "Device lifecycle") */
  predecessor?: string | null;
}
