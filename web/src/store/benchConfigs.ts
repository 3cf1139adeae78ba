/**
 * The bench configurations of this device (docs/bench-config.md; issue 14 item 1). A save
 * validates the configuration first (`parseBenchConfig`: a configuration that does not
 * validate is never stored, BenchConfigError names every problem by path) and adds a NEW
 * row — version n+1 of its id — with its audit entry and its outbox entry (it is pushed to
 * the server as a `bench-config` item) in the same transaction: nothing is ever
 * overwritten, so the map a run was read with can be read back (docs/rules.md R-RECORD).
 *
 * The device's active configuration is the latest version of the one selected; the
 * selection is kept in `meta`, so a later save of that id is active at once.
 */
import { parseBenchConfig, type BenchConfig } from '../bench/config/benchConfig.ts';
import { auditEntry } from './audit.ts';
import { benchConfigItemId, type StoredBenchConfig } from './benchConfigTypes.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';

/** meta key of the selected configuration's id */
export const activeBenchConfigKey = 'activeBenchConfig';

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toStorageError(err);
  }
}

function latestOf(db: ErjianDb, configId: string): Promise<StoredBenchConfig | undefined> {
  return db.benchConfigs.where('[configId+version]').between([configId, 0], [configId, Number.MAX_SAFE_INTEGER], true, true).last();
}

/**
 * Validates and saves `input` as the next version of its id; returns the stored row.
 * Throws BenchConfigError (before anything is written) when it does not validate.
 */
export async function saveBenchConfig(db: ErjianDb, input: unknown, savedBy: string, now: () => Date = () => new Date()): Promise<StoredBenchConfig> {
  const config: BenchConfig = parseBenchConfig(input);
  if (savedBy.trim() === '') throw new StorageError('invalid-record', 'a bench configuration is saved by a named operator');
  const at = now();
  return guarded(() =>
    db.transaction('rw', db.benchConfigs, db.audit, db.outbox, async () => {
      const version = ((await latestOf(db, config.id))?.version ?? 0) + 1;
      const row: StoredBenchConfig = { configId: config.id, version, config, savedAt: at.toISOString(), savedBy };
      await db.benchConfigs.add(row);
      await db.audit.add(auditEntry(at, savedBy, 'bench-config.saved', config.id, { version }));
      await db.outbox.add({ kind: 'bench-config', recordId: benchConfigItemId(config.id, version), createdAt: row.savedAt, attempts: 0 });
      return row;
    }),
  );
}

/** The latest version of each configuration on this device, by id. */
export function listBenchConfigs(db: ErjianDb): Promise<StoredBenchConfig[]> {
  return guarded(async () => {
    const latest = new Map<string, StoredBenchConfig>();
    // The primary key orders by [configId+version]: the last row of an id is its latest.
    await db.benchConfigs.each((row) => {
      latest.set(row.configId, row);
    });
    return [...latest.values()];
  });
}

/** Every saved version of one configuration, oldest first. */
export function benchConfigHistory(db: ErjianDb, configId: string): Promise<StoredBenchConfig[]> {
  return guarded(() => db.benchConfigs.where('[configId+version]').between([configId, 0], [configId, Number.MAX_SAFE_INTEGER], true, true).toArray());
}

/** The latest version of the selected configuration, or null when none is selected. */
export function activeBenchConfig(db: ErjianDb): Promise<StoredBenchConfig | null> {
  return guarded(async () => {
    const selected = (await db.meta.get(activeBenchConfigKey))?.value;
    if (typeof selected !== 'string') return null;
    return (await latestOf(db, selected)) ?? null;
  });
}

/** Selects a saved configuration as this device's active one (audited). */
export function setActiveBenchConfig(db: ErjianDb, configId: string, actor: string, now: () => Date = () => new Date()): Promise<StoredBenchConfig> {
  return guarded(() =>
    db.transaction('rw', db.benchConfigs, db.meta, db.audit, async () => {
      const latest = await latestOf(db, configId);
      if (!latest) throw new StorageError('invalid-record', `no bench configuration ${configId} is saved on this device`);
      await db.meta.put({ key: activeBenchConfigKey, value: configId });
      await db.audit.add(auditEntry(now(), actor, 'bench-config.activated', configId, { version: latest.version }));
      return latest;
    }),
  );
}
