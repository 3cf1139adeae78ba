/**
 * Rebuilds a batch's error columns from its verification records — the records are the
 * original, the columns only a derived cache (docs/architecture.md invariant: everything
 * derived can be recomputed). For repair after `columns-corrupt`, and for an audit that
 * wants to see the columns agree with the records. Rows come out in order of creation.
 */
import { columnRowOf, ColumnWriter } from './columnWriter.ts';
import type { ErjianDb } from './db.ts';
import { toStorageError } from './errors.ts';

export async function rebuildBatchColumns(db: ErjianDb, batchId: string, chunkRows?: number): Promise<number> {
  try {
    return await db.transaction('rw', db.verifications, db.batchColumns, db.batchColumnRows, async () => {
      const records = await db.verifications.where('batchId').equals(batchId).toArray();
      records.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      await db.batchColumns.where('[batchId+chunkNo]').between([batchId, 0], [batchId, Infinity], true, true).delete();
      await db.batchColumnRows.bulkDelete(records.map((r) => r.id));
      const columns = new ColumnWriter(db, chunkRows);
      await columns.load([batchId], []);
      for (const r of records) columns.append(batchId, columnRowOf(r));
      // Supersede after every row exists: records made in one call share a creation time.
      for (const r of records) if (r.supersedes !== null) columns.supersede(r.supersedes);
      await columns.flush();
      return records.length;
    });
  } catch (err) {
    throw toStorageError(err);
  }
}
