/**
 * Noticing that the browser threw this PC's database away. Without persistent storage
 * (navigator.storage.persist() refused) Chromium may evict a whole origin under storage
 * pressure, and a person may "clear site data"; either way the app would quietly start
 * over with an empty original record and a new device key. The device id is therefore
 * also kept in localStorage, outside IndexedDB: when the database comes back with a
 * different device than the one this browser last had, the records of the old one are
 * gone from this PC and the person must be told (whatever was synced is still on the
 * server; whatever was not is lost). Best effort: a wipe that also clears localStorage
 * cannot be seen from here — the server sees it at the next sync (a known device gone
 * quiet, a new one appearing).
 */
export const deviceMarkerKey = 'erjian.deviceId';

export interface EvictionCheck {
  /** the device this browser had before, when its database is gone */
  lostDeviceId: string | null;
}

type MarkerStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function checkEviction(currentDeviceId: string, storage: MarkerStorage | undefined = globalThis.localStorage): EvictionCheck {
  try {
    const previous = storage?.getItem(deviceMarkerKey) ?? null;
    storage?.setItem(deviceMarkerKey, currentDeviceId);
    return { lostDeviceId: previous !== null && previous !== currentDeviceId ? previous : null };
  } catch {
    // localStorage blocked: nothing to compare with, nothing to report.
    return { lostDeviceId: null };
  }
}
