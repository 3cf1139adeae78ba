/**
 * The risk scan (docs/risk.md "Scan"): an enterprise's sync data through the adapter
 * (riskData.ts) and every detector (web/src/domain/risk/), each finding stored once in
 * `risk_alerts` (its dedupe key, prefixed with the enterprise) with its evidence and raw
 * refs. Runs on demand (POST /api/risk/scan) and after each push that stored something
 * (`scheduleRiskScan`, called by the sync part once the ingest transaction has committed):
 * deferred, so the push is answered first; its detection in a worker thread (riskWorker.ts)
 * so a large enterprise's scan never blocks the event loop; one at a time per enterprise,
 * at least AUTO_SCAN_GAP_MS and 50 × its last duration apart, so a PC syncing a backlog page
 * by page is scanned once after it, not after every page.
 */
import { detectRisks, type RawRef, type RiskFinding, type RiskKind } from '../../../web/src/domain/risk/index.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { Worker } from 'node:worker_threads';
import type { AppDeps } from '../deps.ts';
import { all, qb, run } from '../db/sql.ts';
import { riskDataset } from './riskData.ts';

export interface ScanResult {
  enterprises: number;
  findings: number;
  /** findings not stored before */
  added: number;
}

/** Stores findings not stored before (by enterprise and key); returns how many were new. */
export function storeFindings(db: AppDeps['db'], enterpriseId: string, findings: readonly RiskFinding[], at: string): number {
  let added = 0;
  db.transaction(() => {
    for (const f of findings) {
      added += run(
        db,
        qb
          .insertInto('risk_alerts')
          .values({ enterprise_id: enterpriseId, kind: f.kind, dedupe_key: `${enterpriseId}|${f.key}`, subject: f.subject, message: f.message, evidence: JSON.stringify(f.evidence), raw_refs: JSON.stringify(f.rawRefs), detected_at: at, acknowledged_at: null, acknowledged_by: null })
          .onConflict((oc) => oc.column('dedupe_key').doNothing()),
      );
    }
  })();
  return added;
}

export function scanEnterprise(deps: Pick<AppDeps, 'db' | 'clock'>, enterpriseId: string): { findings: RiskFinding[]; added: number } {
  const findings = detectRisks(riskDataset(deps.db, enterpriseId), defaultProfile);
  return { findings, added: storeFindings(deps.db, enterpriseId, findings, deps.clock().toISOString()) };
}

/** Scans one enterprise, or every enterprise that has devices. */
export function scanRisk(deps: Pick<AppDeps, 'db' | 'clock'>, enterpriseId?: string): ScanResult {
  const ids = enterpriseId !== undefined ? [enterpriseId] : all(deps.db, qb.selectFrom('devices').select('enterprise_id').distinct()).map((r) => r.enterprise_id);
  let findings = 0;
  let added = 0;
  for (const id of ids) {
    const r = scanEnterprise(deps, id);
    findings += r.findings.length;
    added += r.added;
  }
  return { enterprises: ids.length, findings, added };
}

/** Automatic scans of one enterprise are at least this far apart (real time): a backlog synced page by page is scanned once. */
export const AUTO_SCAN_GAP_MS = 60_000;
/** …and at least this many times their own duration apart: a scan never takes more than ~2 % of the time. */
const AUTO_SCAN_DUTY = 50;

interface ScheduleState {
  scheduled: boolean;
  running: boolean;
  lastRun: number | null;
  lastDuration: number;
}

const schedules = new WeakMap<AppDeps, Map<string, ScheduleState>>();
/** the scan workers under way per server, so a closing server stops them before its database goes */
const workers = new WeakMap<AppDeps, Set<Worker>>();
const closed = new WeakSet<AppDeps>();

/** Stops the server's scans: running workers are terminated, scheduled ones never start. */
export async function stopRiskScans(deps: AppDeps): Promise<void> {
  closed.add(deps);
  const running = [...(workers.get(deps) ?? [])];
  await Promise.all(running.map((w) => w.terminate()));
}
/** false once a worker could not start here (a test runner without the TypeScript loader): scans then run in-process */
let workersWork = true;

/** The detectors' findings, from a worker thread when the database is a file and workers can load the code. */
function findingsOffThread(deps: AppDeps, enterpriseId: string): Promise<RiskFinding[]> {
  if (!workersWork || deps.config.dbFile === ':memory:') return Promise.resolve(detectRisks(riskDataset(deps.db, enterpriseId), defaultProfile));
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(new URL('./riskWorkerBoot.mjs', import.meta.url), { workerData: { dbFile: deps.config.dbFile, enterpriseId } });
    let set = workers.get(deps);
    if (!set) workers.set(deps, (set = new Set()));
    set.add(worker);
    worker.once('exit', () => set.delete(worker));
    // a scan under way never keeps a closing server's process alive
    worker.unref();
    worker.once('message', (findings: RiskFinding[]) => {
      settled = true;
      resolve(findings);
    });
    worker.once('error', (err) => {
      if (settled) return;
      settled = true;
      // a worker that cannot load the code (no TypeScript loader in this process): in-process from now on
      if (/ERR_UNKNOWN_FILE_EXTENSION|Unknown file extension|Cannot find module/.test(String(err))) {
        workersWork = false;
        resolve(detectRisks(riskDataset(deps.db, enterpriseId), defaultProfile));
      } else reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`risk worker exited with ${code}`));
      }
    });
  });
}

/**
 * After a push that stored something: a scan of the enterprise soon, off the push's path —
 * the detection in a worker thread where it can run there, the storing on the main thread.
 */
export function scheduleRiskScan(deps: AppDeps, enterpriseId: string): void {
  let map = schedules.get(deps);
  if (!map) schedules.set(deps, (map = new Map()));
  let st = map.get(enterpriseId);
  if (!st) map.set(enterpriseId, (st = { scheduled: false, running: false, lastRun: null, lastDuration: 0 }));
  if (st.scheduled) return;
  st.scheduled = true;
  const state = st;
  const go = (): void => {
    if (closed.has(deps)) return;
    if (state.running) {
      // one at a time: try again when this one is done
      setTimeout(go, 1000).unref();
      return;
    }
    state.scheduled = false;
    state.running = true;
    const started = performance.now();
    findingsOffThread(deps, enterpriseId)
      .then((findings) => {
        if (closed.has(deps)) return;
        const added = storeFindings(deps.db, enterpriseId, findings, deps.clock().toISOString());
        if (added > 0) deps.log.info({ enterpriseId, added }, 'risk alerts raised');
      })
      .catch((err: unknown) => {
        if (closed.has(deps)) return; // stopped by the server's close: nothing to report
        // a scan that fails (the server closing, a record it cannot read) must not take the server down
        deps.log.warn({ err, enterpriseId }, 'risk scan failed');
      })
      .finally(() => {
        state.running = false;
        state.lastRun = performance.now();
        state.lastDuration = state.lastRun - started;
      });
  };
  const gap = Math.max(AUTO_SCAN_GAP_MS, AUTO_SCAN_DUTY * state.lastDuration);
  const wait = state.lastRun === null ? 0 : Math.max(0, state.lastRun + gap - performance.now());
  if (wait === 0) setImmediate(go);
  else setTimeout(go, wait).unref();
}

export interface RiskAlertView {
  id: number;
  enterpriseId: string;
  /** the enterprise's name, as the regulator reads it */
  enterpriseName: string;
  kind: RiskKind;
  subject: string;
  message: string;
  evidence: Record<string, unknown>;
  rawRefs: RawRef[];
  detectedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedNote: string | null;
}

export function listAlerts(deps: Pick<AppDeps, 'db'>, q: { enterpriseId: string | null; kind?: string; open?: boolean; limit: number; id?: number }): RiskAlertView[] {
  let query = qb.selectFrom('risk_alerts').selectAll().orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.id !== undefined) query = query.where('id', '=', q.id);
  if (q.enterpriseId !== null) query = query.where('enterprise_id', '=', q.enterpriseId);
  if (q.kind !== undefined) query = query.where('kind', '=', q.kind);
  if (q.open === true) query = query.where('acknowledged_at', 'is', null);
  const names = new Map(all(deps.db, qb.selectFrom('enterprises').select(['id', 'name'])).map((e) => [e.id, e.name]));
  return all(deps.db, query).map((r) => ({
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: names.get(r.enterprise_id) ?? r.enterprise_id,
    kind: r.kind as RiskKind,
    subject: r.subject,
    message: r.message,
    evidence: JSON.parse(r.evidence) as Record<string, unknown>,
    rawRefs: JSON.parse(r.raw_refs) as RawRef[],
    detectedAt: r.detected_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedNote: r.acknowledged_note,
  }));
}
