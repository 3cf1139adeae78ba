/**
 * Reads a batch's current verification records for the CSV export in slices, so a
 * 10,000-meter batch shows progress instead of a frozen button and never holds one huge
 * IndexedDB request. The ids come from the batch columns (live rows = current records).
 */
import type { ErjianDb, VerificationRecord } from '../../store/index.ts';

export const SLICE = 500;

export async function readRecords(db: ErjianDb, ids: readonly string[], onProgress: (done: number) => void): Promise<VerificationRecord[]> {
  const out: VerificationRecord[] = [];
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = await db.verifications.bulkGet(ids.slice(i, i + SLICE));
    for (const r of slice) if (r) out.push(r);
    onProgress(Math.min(ids.length, i + SLICE));
  }
  return out;
}

/** Hands a text file to the browser's download (the person picks where it goes). */
export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the download keeps its own copy.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
