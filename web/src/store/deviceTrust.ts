/**
 * Which key a device's records are checked against (docs/records.md "Pins"): the one pinned
 * outside IndexedDB when the device was enrolled, never merely the one its `device` row
 * holds now — whoever rewrites the database can also put a key of their own there. A row
 * whose key differs from the pin, or a row of a device this browser never enrolled while
 * another is pinned, is tampering; a missing pin is said, not silently re-made.
 */
import type { ErjianDb } from './db.ts';
import type { DevicePin } from './devicePins.ts';
import { jwkThumbprint, type TrustedKey } from './signing.ts';

export type TrustProblemCode =
  /** no device row and no pin for the device: nothing to check its signatures with */
  | 'device-missing'
  /** the device row's key is not the key pinned at enrolment */
  | 'device-key-changed'
  /** the device row names a device never enrolled on this browser, while another one is pinned */
  | 'device-replaced'
  /** no pin outside IndexedDB (cleared or blocked): the row's key is used, but nothing vouches for it */
  | 'device-pin-missing';

export interface DeviceTrust {
  deviceId: string;
  /** the key to check with (the pin's when there is one), or null when there is none */
  key: TrustedKey | null;
  pin: DevicePin | null;
  problem: { code: TrustProblemCode; deviceId: string; expected?: string; found?: string } | null;
}

export async function deviceTrust(db: ErjianDb, deviceId: string): Promise<DeviceTrust> {
  const row = await db.device.get('device');
  const own = row?.deviceId === deviceId ? row : undefined;
  const rowKey = own ? { publicKeyJwk: own.publicKeyJwk, kid: await jwkThumbprint(own.publicKeyJwk) } : null;
  const pins = db.pins.read();
  const pin = db.pins.pinOf(deviceId);
  if (pin) {
    const key = { publicKeyJwk: pin.publicKeyJwk, kid: pin.kid };
    if (rowKey && rowKey.kid !== pin.kid) return { deviceId, key, pin, problem: { code: 'device-key-changed', deviceId, expected: pin.kid, found: rowKey.kid } };
    return { deviceId, key, pin, problem: null };
  }
  if (!rowKey) return { deviceId, key: null, pin: null, problem: { code: 'device-missing', deviceId } };
  if (pins?.current && pins.current.deviceId !== deviceId) {
    return { deviceId, key: rowKey, pin: null, problem: { code: 'device-replaced', deviceId, expected: pins.current.deviceId, found: deviceId } };
  }
  return { deviceId, key: rowKey, pin: null, problem: { code: 'device-pin-missing', deviceId } };
}
