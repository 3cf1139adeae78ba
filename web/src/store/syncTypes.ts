/**
 * What the bench PC keeps about sync (schema v5; docs/sync.md): the enrolment, the pull
 * cursor and the server's heads, the server-signed receipts, the server's answer to each
 * pushed item, and the reference data a pull brings besides what v2 caches. The wire
 * shapes come from the one protocol module (web/src/sync/protocol.ts), imported as types.
 */
import type { Heads, PublicKeyJwk, PushKind, Receipt, RejectReason } from '../sync/protocol.ts';

/** The enrolment answer, kept: the device token is the credential of every sync. */
export interface SyncEnrolment {
  /** the server's origin, as the person gave it (no trailing slash) */
  serverUrl: string;
  deviceId: string;
  enterpriseId: string;
  /** bearer token for /api/sync/*; never shown again */
  token: string;
  /** the key the server signs receipts with (docs/sync.md "Receipts") */
  serverKey: { kid: string; publicKeyJwk: PublicKeyJwk };
  /** the server's clock at enrolment */
  enrolledAt: string;
}

/** The one row of `syncState` (key 'sync'). */
export interface SyncStateRow {
  key: 'sync';
  enrolment: SyncEnrolment | null;
  /** this PC's clock when the last sync finished without an error */
  lastSyncAt: string | null;
  /** the opaque cursor of the last pull applied */
  pullCursor: string | null;
  /** the device's heads as the server last said (push answer or pull) */
  heads: Heads | null;
  /** what labels' QR codes open: `<publicBaseUrl>/lookup/<serial>`; null before the first pull */
  publicBaseUrl: string | null;
  /** the legal metrology institute named on certificates; null before the first pull */
  institution: string | null;
  /** the profile in force on the server (id + version) */
  profile: { id: string; version: string } | null;
  /** audit entries up to this local id are answered for good (pushPages.ts `auditAfter`) */
  auditAfter: number;
  /** the first raw line the server refused in the last push that sent lines, and why (null: none) */
  lineRejection: { seq: number; reason: RejectReason; message: string; at: string } | null;
}

/** A receipt as the server signed it, checked before it was stored, with this PC's clock of receipt. */
export type StoredReceipt = Receipt & { storedAt: string };

/**
 * The server's answer to one pushed item (`kind` and `id` as in the push). No row: the item
 * is still local (本地). `synced` covers accepted and duplicate (the server holds it).
 */
export interface ItemSyncStatus {
  kind: PushKind;
  id: string;
  status: 'synced' | 'rejected';
  reason: RejectReason | null;
  /** the server's words, for logs; people see the sentence for `reason` */
  message: string | null;
  /** the server asked to send it again later, as it is (its predecessors first) */
  retry: boolean;
  at: string;
}

/** A bench of the enterprise as registered on the server. */
export interface CachedBench {
  id: string;
  name: string;
  uRelPct: number | null;
}

/** Another enrolled device of the enterprise: its key checks records signed on that PC. */
export interface PeerDevice {
  deviceId: string;
  kid: string;
  publicKeyJwk: PublicKeyJwk;
  status: 'active' | 'revoked';
  enrolledAt: string;
}

/** Two devices' current records for one serial (docs/sync.md "Conflicts"): shown to the verifier. */
export interface SyncConflict {
  serial: string;
  verificationIds: string[];
  deviceIds: string[];
}

export const emptySyncState: SyncStateRow = {
  key: 'sync',
  enrolment: null,
  lastSyncAt: null,
  pullCursor: null,
  heads: null,
  publicBaseUrl: null,
  institution: null,
  profile: null,
  auditAfter: 0,
  lineRejection: null,
};
