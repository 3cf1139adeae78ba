/**
 * The app's sync, one per page: what the 同步 button, the sync screen and the record marks
 * show, and the triggers — a click, the network coming back (`online`), and the start of
 * the app when the PC is enrolled (issue 12 item 4). The work itself is the sync client
 * (web/src/sync/syncClient.ts); this only runs it and tells the views. The shown state
 * changes after the client's transactions have committed, never before.
 */
import { SyncError, type SyncFailure } from '../../sync/errors.ts';
import { demoEnrolmentCode, enrolDevice } from '../../sync/enrol.ts';
import { runSync, type SyncOutcome, type SyncProgress } from '../../sync/syncClient.ts';
import type { PushKind } from '../../sync/protocol.ts';
import { conflictPulledOf, conflictsPulled, enrolledEnterpriseName, itemStatuses, readSyncState, rejectedItems, unsyncedCount } from '../../store/syncState.ts';
import type { ItemSyncStatus, SyncConflict, SyncStateRow } from '../../store/syncTypes.ts';
import { appStore } from '../appStore.ts';

export interface SyncView {
  state: SyncStateRow | null;
  /** the enrolled enterprise's name, once pulled */
  enterpriseName: string | null;
  deviceId: string | null;
  unsynced: number | null;
  running: boolean;
  progress: SyncProgress | null;
  /** the last sync's outcome in this page (null before one finished) */
  outcome: SyncOutcome | null;
  failure: SyncFailure | null;
  /** bumped whenever statuses may have changed: record marks reload on it */
  generation: number;
}

type Listener = (v: SyncView) => void;

const listeners = new Set<Listener>();
let view: SyncView = { state: null, enterpriseName: null, deviceId: null, unsynced: null, running: false, progress: null, outcome: null, failure: null, generation: 0 };

function set(patch: Partial<SyncView>): void {
  view = { ...view, ...patch };
  for (const l of listeners) l(view);
}

export function syncView(): SyncView {
  return view;
}

export function onSyncView(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function failureOf(err: unknown): SyncFailure {
  if (err instanceof SyncError) return err.code;
  console.error('sync failed', err);
  return 'storage';
}

/** Reads the stored state and the unsynced count again (after a sync, a new record, a start). */
export async function refreshSync(): Promise<void> {
  const { db, device } = await appStore();
  const [state, unsynced] = await Promise.all([readSyncState(db), unsyncedCount(db)]);
  const enterpriseName = await enrolledEnterpriseName(db, state);
  set({ state, unsynced, enterpriseName, deviceId: device.deviceId, generation: view.generation + 1 });
}

/** One sync now; a second click while one runs does nothing. */
export async function syncNow(): Promise<void> {
  if (view.running) return;
  set({ running: true, failure: null, progress: null });
  try {
    const { db } = await appStore();
    const outcome = await runSync(db, { onProgress: (progress) => set({ progress }) });
    set({ outcome });
  } catch (err) {
    set({ failure: failureOf(err) });
  } finally {
    set({ running: false });
    await refreshSync().catch((err: unknown) => console.error('sync state could not be read', err));
  }
}

export async function enrolWithCode(input: { serverUrl: string; code: string; label?: string }): Promise<void> {
  const { db, device } = await appStore();
  await enrolDevice(db, device, { ...input, actor: 'operator' });
  await refreshSync();
}

/** The demo server hands out a code: enrol with it in one click (demo mode only). */
export async function enrolDemo(serverUrl: string): Promise<void> {
  const code = await demoEnrolmentCode(serverUrl);
  await enrolWithCode({ serverUrl, code, label: 'demo bench PC' });
}

export async function statusesOf(refs: ReadonlyArray<{ kind: PushKind; id: string }>): Promise<Map<string, ItemSyncStatus>> {
  const { db } = await appStore();
  return itemStatuses(db, refs);
}

let queued: Array<{ ref: { kind: PushKind; id: string }; resolve: (s: ItemSyncStatus | null) => void; reject: (e: unknown) => void }> = [];

/**
 * One item's status (null: local). Asks made in the same turn — every mark of a table of
 * meters — are read in one IndexedDB request.
 */
export function statusOf(kind: PushKind, id: string): Promise<ItemSyncStatus | null> {
  return new Promise((resolve, reject) => {
    queued.push({ ref: { kind, id }, resolve, reject });
    if (queued.length > 1) return;
    queueMicrotask(() => {
      const batch = queued;
      queued = [];
      statusesOf(batch.map((q) => q.ref)).then(
        (found) => batch.forEach((q) => q.resolve(found.get(`${q.ref.kind}:${q.ref.id}`) ?? null)),
        (err: unknown) => batch.forEach((q) => q.reject(err)),
      );
    });
  });
}

export async function refusedItems(): Promise<ItemSyncStatus[]> {
  const { db } = await appStore();
  return rejectedItems(db);
}

/**
 * The conflicts of the last pull (docs/sync.md "Conflicts"), by serial. Read straight from
 * the table the pull fills (store/syncState.ts `applyPull`): a store reader for it belongs in
 * syncState.ts, beside the writer, and replaces these two.
 */
export async function pulledConflicts(): Promise<SyncConflict[]> {
  const { db } = await appStore();
  return conflictsPulled(db);
}

/** The pulled conflict of one serial (null: none). */
export async function pulledConflictOf(serial: string): Promise<SyncConflict | null> {
  const { db } = await appStore();
  return conflictPulledOf(db, serial);
}

/** The shown failure as a SyncFailure, for callers outside a sync (enrolment). */
export { failureOf };

let started = false;

/**
 * Starts the automatic syncs once: at start when enrolled, and whenever the browser says
 * the network is back. The unsynced count is read again when the page becomes visible.
 */
export function startAutoSync(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('online', () => {
    if (view.state?.enrolment) void syncNow();
  });
  const refreshQuietly = () => {
    if (!view.running) void refreshSync().catch(() => undefined);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refreshQuietly();
  });
  // A person who made records (a run, a certificate) and moves on sees the count at once.
  window.addEventListener('hashchange', refreshQuietly);
  // New records are made by the bench screen; the count on the button follows within seconds.
  setInterval(refreshQuietly, 10_000);
  void refreshSync()
    .then(() => {
      if (view.state?.enrolment && navigator.onLine !== false) return syncNow();
      return undefined;
    })
    .catch((err: unknown) => console.error('sync state could not be read at start', err));
}
