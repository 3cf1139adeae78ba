/**
 * "Verify integrity": recomputes the hash chain of a device's original record from the
 * first line and checks every signed checkpoint, reporting the first broken link so an
 * auditor can see exactly where the record was altered (docs/rules.md R-RECORD).
 */
import { checkChain, genesisHash, type ChainBreak } from './chain.ts';
import type { ErjianDb } from './db.ts';
import { verifyCanonical } from './deviceKey.ts';
import type { ChainCheckpoint } from './types.ts';

export interface CheckpointProblem {
  seq: number;
  reason: 'bad-signature' | 'hash-differs' | 'line-missing';
}

export interface IntegrityReport {
  ok: boolean;
  deviceId: string;
  linesChecked: number;
  checkpointsChecked: number;
  firstBreak: ChainBreak | null;
  checkpointProblem: CheckpointProblem | null;
}

export interface IntegrityOptions {
  /** lines read per IndexedDB round trip */
  chunk?: number;
  onProgress?: (linesChecked: number) => void;
}

export async function verifyIntegrity(db: ErjianDb, deviceId: string, options: IntegrityOptions = {}): Promise<IntegrityReport> {
  const chunk = options.chunk ?? 2000;
  const device = await db.device.get('device');
  let head = { seq: 0, hash: genesisHash };
  let linesChecked = 0;
  let firstBreak: ChainBreak | null = null;
  const hashAt = new Map<number, string>();
  const checkpoints = await db.checkpoints.where('[deviceId+seq]').between([deviceId, 0], [deviceId, Number.MAX_SAFE_INTEGER], true, true).toArray();
  const wanted = new Set(checkpoints.map((c) => c.seq));

  for (;;) {
    // Read in chunks, then hash outside the transaction (WebCrypto is not IndexedDB-aware).
    const lines = await db.rawLines
      .where('[deviceId+seq]')
      .between([deviceId, head.seq + 1], [deviceId, Number.MAX_SAFE_INTEGER], true, true)
      .limit(chunk)
      .toArray();
    if (lines.length === 0) break;
    firstBreak = await checkChain(lines, head);
    if (firstBreak) {
      // The lines before the break held: count them, so the report and the progress agree.
      const upTo = firstBreak.seq;
      linesChecked += lines.filter((l) => l.seq < upTo).length;
      options.onProgress?.(linesChecked);
      break;
    }
    for (const l of lines) if (wanted.has(l.seq)) hashAt.set(l.seq, l.hash);
    const last = lines[lines.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    linesChecked += lines.length;
    options.onProgress?.(linesChecked);
  }

  let checkpointProblem: CheckpointProblem | null = null;
  let checkpointsChecked = 0;
  if (!firstBreak) {
    for (const c of checkpoints) {
      checkpointProblem = await checkCheckpoint(c, hashAt.get(c.seq), device?.publicKeyJwk);
      checkpointsChecked++;
      if (checkpointProblem) break;
    }
  }
  return { ok: !firstBreak && !checkpointProblem, deviceId, linesChecked, checkpointsChecked, firstBreak, checkpointProblem };
}

async function checkCheckpoint(c: ChainCheckpoint, lineHash: string | undefined, publicKey: JsonWebKey | undefined): Promise<CheckpointProblem | null> {
  if (lineHash === undefined) return { seq: c.seq, reason: 'line-missing' };
  if (lineHash !== c.hash) return { seq: c.seq, reason: 'hash-differs' };
  const { signature, ...unsigned } = c;
  if (!publicKey || !(await verifyCanonical(publicKey, unsigned, signature))) return { seq: c.seq, reason: 'bad-signature' };
  return null;
}
