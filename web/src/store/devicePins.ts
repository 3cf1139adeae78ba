/**
 * The second store, outside IndexedDB (docs/records.md "Pins"): the public key enrolled for
 * this PC's device, the highest checkpoint and record this browser has signed, and the
 * devices it lost. IndexedDB cannot vouch for itself — whoever rewrites it can also replace
 * the device row with a key of their own, or cut the chain's tail — so the checks compare
 * what IndexedDB holds with what was written here when it was signed. Until the sync server
 * holds the enrolment, this is the anchor the local checks have; it is a speed bump against
 * someone who also edits localStorage, not a wall (docs/records.md "What the local checks
 * cannot see").
 *
 * In the browser it is localStorage (where the device id was already kept for the eviction
 * check, under `erjian.deviceId`); in Node (store tests, CLIs) there is none, so a memory
 * store per IndexedDB factory stands in — like fake-indexeddb itself, it lives as long as
 * the process.
 */
import type { LostReason } from './chainTypes.ts';

export type PinStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The key the eviction check kept the device id under before pins existed (database `erjian`). */
export const legacyDeviceMarkerKey = 'erjian.deviceId';

export interface Mark {
  seq: number;
  hash: string;
}

export interface DevicePin {
  deviceId: string;
  kid: string;
  publicKeyJwk: JsonWebKey;
  pinnedAt: string;
  /** `enrolment`: pinned when the key was made; `upgrade`: the key an older version had made, pinned at its first start with pins */
  pinnedBy: 'enrolment' | 'upgrade';
  /** the highest checkpoint written on this browser: the stored ones must still reach it */
  checkpoint: Mark | null;
  /** the highest chained record written on this browser */
  records: Mark | null;
}

export interface LostDevice {
  deviceId: string;
  /** the lost device's key thumbprint, when it had been pinned */
  kid: string | null;
  reason: LostReason;
  detectedAt: string;
  /** the device made in its place */
  successor: string;
  acknowledged: { by: string; at: string } | null;
}

export interface PinsFile {
  current: DevicePin | null;
  /** pins of devices this browser had before (a lost key): their records still verify against them */
  retired: DevicePin[];
  lost: LostDevice[];
}

const memory = new WeakMap<object, Map<string, string>>();
const processWide = {};

function memoryStorage(scope: object): PinStorage {
  let m = memory.get(scope);
  if (!m) memory.set(scope, (m = new Map()));
  const map = m;
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

/** localStorage when the page has one that works; otherwise memory per IndexedDB factory. */
export function defaultPinStorage(factory: object | undefined): PinStorage {
  try {
    const ls = globalThis.localStorage;
    if (ls) {
      ls.getItem(legacyDeviceMarkerKey);
      return ls;
    }
  } catch {
    // blocked (privacy settings): nothing outside IndexedDB to anchor to, said by the checks
  }
  return memoryStorage(factory ?? processWide);
}

const empty = (): PinsFile => ({ current: null, retired: [], lost: [] });

/** The pins of one database (several may share a localStorage: the bench benchmark's, the app's). */
export class DevicePins {
  constructor(
    private readonly storage: PinStorage,
    private readonly databaseName: string,
  ) {}

  private get key(): string {
    return `erjian.pins:${this.databaseName}`;
  }

  /** Reads the pins; null when the storage cannot be read at all. */
  read(): PinsFile | null {
    let text: string | null;
    try {
      text = this.storage.getItem(this.key);
    } catch {
      return null;
    }
    if (text === null) return empty();
    try {
      const v = JSON.parse(text) as Partial<PinsFile>;
      return { current: v.current ?? null, retired: v.retired ?? [], lost: v.lost ?? [] };
    } catch {
      return empty();
    }
  }

  private update(change: (f: PinsFile) => void): boolean {
    const f = this.read();
    if (f === null) return false;
    change(f);
    try {
      this.storage.setItem(this.key, JSON.stringify(f));
      return true;
    } catch {
      return false;
    }
  }

  /** The device id the eviction check kept before pins existed (database `erjian` only). */
  legacyMarker(): string | null {
    if (this.databaseName !== 'erjian') return null;
    try {
      return this.storage.getItem(legacyDeviceMarkerKey);
    } catch {
      return null;
    }
  }

  /** Pins a device's key as this PC's current one; a previous current one is retired, not forgotten. */
  pin(pin: DevicePin, lost: LostDevice | null): boolean {
    const ok = this.update((f) => {
      if (f.current && f.current.deviceId !== pin.deviceId) f.retired.push(f.current);
      f.current = pin;
      if (lost) f.lost.push(lost);
    });
    if (ok && this.databaseName === 'erjian') {
      try {
        this.storage.setItem(legacyDeviceMarkerKey, pin.deviceId);
      } catch {
        /* the pin itself was written */
      }
    }
    return ok;
  }

  /** The pin of `deviceId`, current or retired. */
  pinOf(deviceId: string): DevicePin | null {
    const f = this.read();
    if (!f) return null;
    if (f.current?.deviceId === deviceId) return f.current;
    return f.retired.find((p) => p.deviceId === deviceId) ?? null;
  }

  /** Raises the checkpoint or record mark of a device (never lowers it: two tabs may write). */
  mark(deviceId: string, which: 'checkpoint' | 'records', mark: Mark): void {
    this.update((f) => {
      const pin = f.current?.deviceId === deviceId ? f.current : f.retired.find((p) => p.deviceId === deviceId);
      if (!pin) return;
      const old = pin[which];
      if (old === null || old.seq < mark.seq) pin[which] = mark;
    });
  }

  acknowledge(lostDeviceId: string, by: string, at: string): boolean {
    let found = false;
    const ok = this.update((f) => {
      for (const l of f.lost) {
        if (l.deviceId === lostDeviceId && l.acknowledged === null) {
          l.acknowledged = { by, at };
          found = true;
        }
      }
    });
    return ok && found;
  }
}
