/**
 * Storage the app relies on to keep the original record: how much is used, how much the
 * browser allows, and whether it is persistent (not evicted under storage pressure).
 */
export interface StorageStatus {
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
}

export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage) return { usageBytes: null, quotaBytes: null, persisted: null };
  const [estimate, persisted] = await Promise.all([
    storage.estimate ? storage.estimate() : Promise.resolve(undefined),
    storage.persisted ? storage.persisted() : Promise.resolve(null),
  ]);
  return { usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null, persisted };
}

/**
 * Asks the browser not to evict our data (original records must survive storage
 * pressure). Chromium grants it to installed or frequently used sites without a prompt.
 */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return null;
  return storage.persist();
}

/** 1536 → "1.5 KB", for people. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
