/**
 * The automatic risk scan's detection, off the server's event loop (docs/risk.md "Scan"):
 * a worker thread opens the database read-only (WAL: it never waits for the writer), builds
 * the enterprise's dataset, runs the detectors and posts the findings back; the main thread
 * stores them. Started by riskScan.ts `scheduleRiskScan`.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { detectRisks } from '../../../web/src/domain/risk/index.ts';
import { riskDataset } from './riskData.ts';

const { dbFile, enterpriseId } = workerData as { dbFile: string; enterpriseId: string };
const db = new Database(dbFile, { readonly: true, fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  parentPort?.postMessage(detectRisks(riskDataset(db, enterpriseId), defaultProfile));
} finally {
  db.close();
}
