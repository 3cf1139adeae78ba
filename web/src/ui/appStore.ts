/**
 * The page's one connection to the bench PC's database: the Dexie database, this
 * device's signing identity and its original record. Opened once, lazily; start-up also
 * marks sessions a crash left running as interrupted (store/sessions.ts).
 */
import { ErjianDb, OriginalRecord, getOrCreateDevice, markInterruptedSessions, onVersionChange, type DeviceIdentity } from '../store/index.ts';
import { setAppStatus } from './appStatus.ts';
import { checkEviction } from './evictionCheck.ts';

export interface AppStore {
  db: ErjianDb;
  device: DeviceIdentity;
  record: OriginalRecord;
}

let opening: Promise<AppStore> | undefined;

export function appStore(): Promise<AppStore> {
  opening ??= (async () => {
    const db = new ErjianDb();
    await db.open();
    // Another tab upgraded the schema: our connection is closed; the shell asks for a reload.
    onVersionChange(db, () => setAppStatus({ dbReplaced: true }));
    const device = await getOrCreateDevice(db);
    const { lostDeviceId } = checkEviction(device.deviceId);
    if (lostDeviceId !== null) setAppStatus({ lostDeviceId });
    await markInterruptedSessions(db);
    return { db, device, record: new OriginalRecord(db, device) };
  })();
  return opening;
}
