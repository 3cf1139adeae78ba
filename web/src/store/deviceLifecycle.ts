/**
 * A device's life on this PC (docs/records.md "Device lifecycle"): when the database was
 * wiped or the key lost, a new device is enrolled as the old one's successor
 * (deviceKey.ts), and the loss stays on screen, naming the lost device, until an admin
 * acknowledges it — who and when go into the pins, the audit trail and a signed statement
 * of the new device. Nothing here makes a loss go away by itself: a reload shows it again.
 */
import type { ErjianDb } from './db.ts';
import { writeDeviceStatement } from './deviceKey.ts';
import type { LostDevice } from './devicePins.ts';
import { deviceTrust, type DeviceTrust } from './deviceTrust.ts';
import { StorageError } from './errors.ts';
import type { DeviceIdentity } from './types.ts';

export interface DeviceNotices {
  /** devices this PC lost that no admin has acknowledged yet, oldest first */
  lost: LostDevice[];
  /** the current device's key against its pin: a changed key or a replaced row is tampering */
  trust: DeviceTrust['problem'];
}

export async function deviceNotices(db: ErjianDb, device: DeviceIdentity): Promise<DeviceNotices> {
  const pins = db.pins.read();
  const trust = await deviceTrust(db, device.deviceId);
  return { lost: (pins?.lost ?? []).filter((l) => l.acknowledged === null), trust: trust.problem };
}

export interface AcknowledgeInput {
  lostDeviceId: string;
  /** the admin who acknowledges (name as they sign) */
  by: string;
}

/** An admin acknowledges a lost device: recorded outside IndexedDB, in the audit trail and signed by the current device. */
export async function acknowledgeLostDevice(db: ErjianDb, device: DeviceIdentity, input: AcknowledgeInput, options: { now?: () => Date } = {}): Promise<void> {
  const at = (options.now ?? (() => new Date()))();
  const by = input.by.trim();
  if (by === '') throw new StorageError('invalid-record', 'an acknowledgement names the admin who makes it');
  const lost = db.pins.read()?.lost.find((l) => l.deviceId === input.lostDeviceId && l.acknowledged === null);
  if (!lost) throw new StorageError('invalid-record', `no unacknowledged loss of device ${input.lostDeviceId}`);
  await writeDeviceStatement(
    db,
    device,
    {
      id: `${device.deviceId}/acknowledged/${lost.deviceId}`,
      event: 'predecessor-acknowledged',
      at: at.toISOString(),
      actor: by,
      publicKeyJwk: null,
      predecessor: { deviceId: lost.deviceId, reason: lost.reason },
      legacy: null,
    },
    { action: 'device.loss-acknowledged', target: lost.deviceId, details: { reason: lost.reason, successor: lost.successor } },
    at,
  );
  db.pins.acknowledge(lost.deviceId, by, at.toISOString());
}
