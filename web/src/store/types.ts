/**
 * The shapes of the original record kept in IndexedDB. Everything here is either raw
 * (as received) or derived with a reference to the raw data, the profile version and the
 * software identification that derived it, so it can be recomputed and checked.
 */

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

/** A signed statement of the chain head: detects a rewritten tail even if rehashed. */
export interface ChainCheckpoint {
  deviceId: string;
  seq: number;
  hash: string;
  at: string;
  /** ECDSA P-256 / SHA-256 signature (base64) over the canonical JSON of the fields above */
  signature: string;
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
  /** what `recordId` names: a verification, a chain checkpoint, an audit entry or a certificate (issued or withdrawn) */
  kind: 'verification' | 'checkpoint' | 'audit' | 'certificate';
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
  createdAt: string;
}
