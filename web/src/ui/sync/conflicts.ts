/**
 * Conflicts as the verifier reads them (docs/sync.md "Conflicts"): two devices' current
 * records for one serial, both kept by the server. From the pulled conflict and what this PC
 * knows — its own device id and its own verifications of the serial — which other devices
 * verified the meter, and which record the server shows in the public lookup: the newest
 * current one, the last of `verificationIds` (the server lists them oldest first,
 * sync-server/src/sync/pull.ts `conflictsOf`; the lookup shows the newest,
 * docs/lookup.md).
 */
import type { SyncConflict } from '../../store/syncTypes.ts';

export interface ConflictRecord {
  verificationId: string;
  /** made on this PC (its id is among this PC's verifications of the serial) */
  own: boolean;
}

export interface ConflictNotice {
  serial: string;
  /** the devices other than this PC with a current record of the serial */
  otherDevices: string[];
  /** the current records, oldest first */
  records: ConflictRecord[];
  /** the record the server shows (the lookup, the NQI publication): the newest current one */
  shown: ConflictRecord | null;
  /** this PC has no current record of the serial on the server (only other devices do) */
  ownMissing: boolean;
}

export function conflictNotice(conflict: SyncConflict, ownDeviceId: string, ownVerificationIds: Iterable<string>): ConflictNotice {
  const own = new Set(ownVerificationIds);
  const records = conflict.verificationIds.map((id) => ({ verificationId: id, own: own.has(id) }));
  return {
    serial: conflict.serial,
    otherDevices: conflict.deviceIds.filter((d) => d !== ownDeviceId),
    records,
    shown: records.at(-1) ?? null,
    ownMissing: !conflict.deviceIds.includes(ownDeviceId),
  };
}
