/**
 * The page's one connection to the bench PC's database: the Dexie database, this
 * device's signing identity and its original record. Opened once, lazily; start-up also
 * marks sessions a crash left running as interrupted (store/sessions.ts), signs whatever
 * the last run left unsigned (docs/records.md "Checkpoints"), and raises the device notices
 * that stay until an admin acts: a lost device, a key that is not the one enrolled
 * (docs/records.md "Device lifecycle").
 */
import { ErjianDb, OriginalRecord, deviceNotices, getOrCreateDevice, markInterruptedSessions, onVersionChange, sealHead, type DeviceIdentity } from '../store/index.ts';
import { setAppStatus } from './appStatus.ts';

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
    const notices = await deviceNotices(db, device);
    setAppStatus({ lostDevices: notices.lost, keyProblem: notices.trust });
    await markInterruptedSessions(db);
    // A conflicting checkpoint is never replaced: "verify integrity" names it, the app still opens.
    await sealHead(db, device, 'startup').catch((err: unknown) => console.error('the head could not be signed at start-up', err));
    return { db, device, record: new OriginalRecord(db, device) };
  })();
  return opening;
}
