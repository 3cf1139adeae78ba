/**
 * Storage errors a person can act on. Dexie wraps the browser's DOMException (e.g. a
 * QuotaExceededError arrives as an AbortError whose `inner` is the real cause), so we
 * unwrap to the root before deciding what to tell the operator.
 */
export type StorageErrorCode =
  | 'quota-exceeded'
  | 'chain-conflict'
  | 'database-closed'
  | 'version-change'
  | 'storage-failed'
  /**
   * the browser lost the database under us: Chromium answers UnknownError once an origin's
   * IndexedDB was evicted or its backing store is broken while the page still had it open
   */
  | 'storage-lost'
  /** the input is malformed (a field missing, a date not a date, a value not JSON-safe) */
  | 'invalid-record'
  /** the verdict given does not recompute from the meter record with the named profile */
  | 'verdict-mismatch'
  /** the meter in the record is not the nameplate of the batch's meter type */
  | 'meter-type-mismatch'
  /** the serial is already registered to another batch */
  | 'meter-batch-mismatch'
  | 'unknown-batch'
  | 'unknown-meter-type'
  | 'unknown-session'
  /** the session is not running (ended or interrupted): start a new one */
  | 'session-not-running'
  /** a raw-line range the record cites is not (all) in the original record */
  | 'raw-lines-missing'
  /** a re-verification does not supersede the meter's current record, or a first one does */
  | 'supersede-conflict'
  /** the derived batch columns do not fit together (rebuild them from the records) */
  | 'columns-corrupt'
  /** a checkpoint of the same line with another hash is already stored: it is never replaced (docs/records.md) */
  | 'checkpoint-conflict'
  /** a record cites raw lines of a device other than the one that signs it (docs/records.md "Verifications") */
  | 'raw-lines-foreign'
  /** the record names a device other than this PC's */
  | 'device-mismatch'
  /** this PC's device row is gone or unusable (docs/records.md "Device lifecycle") */
  | 'device-missing'
  /** only an interrupted session can be resumed or closed */
  | 'session-not-interrupted';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

interface WithInner {
  name?: unknown;
  inner?: unknown;
  message?: unknown;
}

/** The innermost error of a Dexie error chain (`inner`, then `cause`, then a BulkError's first failure). */
export function rootCause(err: unknown): unknown {
  let cur: unknown = err;
  for (let i = 0; i < 10; i++) {
    // Dexie's BulkError (bulkAdd/bulkPut) carries the per-row errors in `failures`.
    const failures = (cur as { failures?: unknown } | null)?.failures;
    const firstFailure = Array.isArray(failures) ? (failures[0] as unknown) : undefined;
    const next = (cur as WithInner | null)?.inner ?? (cur as { cause?: unknown } | null)?.cause ?? firstFailure;
    if (next === undefined || next === null || next === cur) break;
    cur = next;
  }
  return cur;
}

function nameOf(err: unknown): string {
  const n = (err as WithInner | null)?.name;
  return typeof n === 'string' ? n : '';
}

/** Turns whatever IndexedDB/Dexie threw into a StorageError with a stable code. */
export function toStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const root = rootCause(err);
  const names = [nameOf(err), nameOf(root)];
  const message = String((root as WithInner | null)?.message ?? root);
  if (names.includes('QuotaExceededError') || /quota/i.test(message)) {
    return new StorageError('quota-exceeded', `storage is full: ${message}`, err);
  }
  if (names.includes('DatabaseClosedError')) return new StorageError('database-closed', `the database is closed: ${message}`, err);
  if (names.includes('UnknownError') || /backing store/i.test(message)) {
    return new StorageError('storage-lost', `the browser lost the database: ${message}`, err);
  }
  if (names.includes('VersionChangeError')) return new StorageError('version-change', `the database was upgraded by another tab: ${message}`, err);
  return new StorageError('storage-failed', `storage failed: ${message}`, err);
}
