/**
 * Recalls (失准处置, docs/recalls.md): which meters a scope names, a recall's definition in
 * one transaction (the notice, every affected meter, its first history row, and an NQI update
 * per meter so the platform record carries the notice), the list with progress, one recall
 * with its meters' histories, and a meter's mark. Marks only move forward
 * (affected → recalled → replaced) and never delete: each is a new history row.
 */
import type { Db } from '../db/open.ts';
import { all, first, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { enqueueUpdate } from '../nqi/enqueue.ts';
import type {
  RecallCandidate,
  RecallDetail,
  RecallDetailQuery,
  RecallMeterEventView,
  RecallMeterStatus,
  RecallMeterView,
  RecallProgress,
  RecallScope,
  RecallScopeChoices,
  RecallSummary,
} from './recallApi.ts';

const verificationType = 'erjian.verification/2';

/**
 * The meters `scope` names in the enterprise: each serial's current (non-superseded) passed
 * verification — what was labelled 合格 and shipped. A failed meter was never shipped as
 * passed and is not listed. When two devices hold a current record of one serial (a
 * conflict, docs/sync.md "Conflicts"), the one the lookup shows is taken.
 */
export function recallCandidates(db: Db, enterpriseId: string, scope: RecallScope): RecallCandidate[] {
  let q = qb
    .selectFrom('public_meters')
    .select(['public_meters.serial', 'public_meters.verification_id', 'public_meters.batch_id', 'public_meters.model', 'public_meters.verification_date', 'public_meters.device_id'])
    .where('public_meters.enterprise_id', '=', enterpriseId)
    .where('public_meters.superseded_by', 'is', null)
    .where('public_meters.conclusion', '=', '合格');
  if (scope.kind === 'batch') q = q.where('public_meters.batch_id', '=', scope.batchId);
  if (scope.kind === 'model') q = q.where('public_meters.model', '=', scope.model);
  let rows: { serial: string; verification_id: string; batch_id: string; model: string; verification_date: string }[];
  if (scope.kind === 'bench') {
    if (scope.from > scope.to) throw new HttpError(400, 'scope-invalid', `the window starts (${scope.from}) after it ends (${scope.to})`);
    // The bench of a verification is the bench of its session (the signed start names it);
    // the session is named in the signed verification record itself.
    const sessions = new Set(
      all(db, qb.selectFrom('sync_sessions').select(['device_id', 'session_id']).where('enterprise_id', '=', enterpriseId).where('bench_id', '=', scope.benchId)).map(
        (s) => `${s.device_id}\u0000${s.session_id}`,
      ),
    );
    if (sessions.size === 0) return [];
    const inWindow = all(
      db,
      q
        .innerJoin('sync_records', (j) =>
          j.onRef('sync_records.device_id', '=', 'public_meters.device_id').onRef('sync_records.record_id', '=', 'public_meters.verification_id').on('sync_records.type', '=', verificationType),
        )
        .select('sync_records.body')
        .where('public_meters.verification_date', '>=', scope.from)
        .where('public_meters.verification_date', '<=', scope.to)
        .orderBy('public_meters.created_at', 'desc')
        .orderBy('public_meters.received_at', 'desc')
        .orderBy('public_meters.verification_id', 'desc'),
    );
    rows = inWindow.filter((r) => sessions.has(`${r.device_id}\u0000${sessionIdOf(r.body)}`));
  } else {
    rows = all(db, q.orderBy('public_meters.created_at', 'desc').orderBy('public_meters.received_at', 'desc').orderBy('public_meters.verification_id', 'desc'));
  }
  const seen = new Set<string>();
  const out: RecallCandidate[] = [];
  for (const r of rows) {
    if (seen.has(r.serial)) continue;
    seen.add(r.serial);
    out.push({ serial: r.serial, verificationId: r.verification_id, batchId: r.batch_id, model: r.model, verificationDate: r.verification_date });
  }
  return out.sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
}

function sessionIdOf(body: string): string | null {
  try {
    const v = (JSON.parse(body) as { sessionId?: unknown }).sessionId;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** The next notice number of the day: RC-YYYYMMDD-NN (public: the lookup shows it). */
function nextRecallId(db: Db, issuedOn: string): string {
  const prefix = `RC-${issuedOn.replaceAll('-', '')}-`;
  const taken = all(db, qb.selectFrom('recalls').select('id').where('id', 'like', `${prefix}%`)).length;
  let n = taken + 1;
  const exists = (id: string) => first(db, qb.selectFrom('recalls').select('id').where('id', '=', id)) !== undefined;
  while (exists(`${prefix}${String(n).padStart(2, '0')}`)) n += 1;
  return `${prefix}${String(n).padStart(2, '0')}`;
}

export interface DefineRecall {
  enterpriseId: string;
  scope: RecallScope;
  reason: string;
  action: string;
  userId: string;
  /** the server's clock */
  now: Date;
  /** the Tai'an civil date of `now` */
  issuedOn: string;
}

/**
 * Defines the recall in one transaction: the notice, every affected meter with its first
 * history row, and an NQI update of each affected verification (the forwarder sends the
 * record with its `recall_notice`). 409 `recall-empty` when the scope names no meter.
 */
export function defineRecall(db: Db, d: DefineRecall): string {
  return db.transaction(() => {
    const meters = recallCandidates(db, d.enterpriseId, d.scope);
    if (meters.length === 0) throw new HttpError(409, 'recall-empty', 'the scope names no current passed meter of the enterprise');
    const id = nextRecallId(db, d.issuedOn);
    const at = d.now.toISOString();
    run(
      db,
      qb.insertInto('recalls').values({
        id,
        enterprise_id: d.enterpriseId,
        issued_on: d.issuedOn,
        reason: d.reason,
        action: d.action,
        created_at: at,
        scope: JSON.stringify(d.scope),
        created_by: d.userId,
      }),
    );
    for (const m of meters) {
      run(db, qb.insertInto('recall_meters').values({ recall_id: id, serial: m.serial, status: 'affected' }));
      run(db, qb.insertInto('recall_meter_events').values({ recall_id: id, serial: m.serial, status: 'affected', note: '', by: d.userId, at }));
      enqueueUpdate(db, m.verificationId, 'recall', d.now);
    }
    return id;
  })();
}

function displayNames(db: Db, ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)].filter((x) => x !== '');
  if (unique.length === 0) return new Map();
  return new Map(all(db, qb.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique)).map((u) => [u.id, u.display_name]));
}

function parseScope(text: string): RecallScope {
  return JSON.parse(text) as RecallScope;
}

/** The recalls of one enterprise, or of every enterprise (null), newest first, with their progress. */
export function listRecalls(db: Db, enterpriseId: string | null): RecallSummary[] {
  let q = qb
    .selectFrom('recalls')
    .leftJoin('enterprises', 'enterprises.id', 'recalls.enterprise_id')
    .select(['recalls.id', 'recalls.enterprise_id', 'enterprises.name', 'recalls.issued_on', 'recalls.reason', 'recalls.action', 'recalls.scope', 'recalls.created_at', 'recalls.created_by']);
  if (enterpriseId !== null) q = q.where('recalls.enterprise_id', '=', enterpriseId);
  const rows = all(db, q.orderBy('recalls.issued_on', 'desc').orderBy('recalls.created_at', 'desc').orderBy('recalls.id', 'desc'));
  if (rows.length === 0) return [];
  const counts = all(
    db,
    qb
      .selectFrom('recall_meters')
      .select((eb) => ['recall_id', 'status', eb.fn.countAll<number>().as('n')])
      .where(
        'recall_id',
        'in',
        rows.map((r) => r.id),
      )
      .groupBy(['recall_id', 'status']),
  );
  const names = displayNames(
    db,
    rows.map((r) => r.created_by),
  );
  return rows.map((r) => {
    const progress: RecallProgress = { affected: 0, recalled: 0, replaced: 0, total: 0 };
    for (const c of counts) {
      if (c.recall_id !== r.id) continue;
      progress[c.status] += Number(c.n);
      progress.total += Number(c.n);
    }
    return {
      id: r.id,
      enterpriseId: r.enterprise_id,
      enterpriseName: r.name ?? r.enterprise_id,
      issuedOn: r.issued_on,
      reason: r.reason,
      action: r.action,
      scope: parseScope(r.scope),
      createdAt: r.created_at,
      createdBy: { id: r.created_by, name: names.get(r.created_by) ?? r.created_by },
      progress,
    };
  });
}

/** The enterprise a recall belongs to; 404 `recall-not-found`. */
export function recallEnterprise(db: Db, recallId: string): string {
  const r = first(db, qb.selectFrom('recalls').select('enterprise_id').where('id', '=', recallId));
  if (!r) throw new HttpError(404, 'recall-not-found', `no recall ${recallId}`);
  return r.enterprise_id;
}

/** One recall with a page of its meters (filtered by status and a part of the serial) and each one's history (oldest first). */
export function recallDetail(db: Db, recallId: string, query: RecallDetailQuery = { offset: 0, limit: 100 }): RecallDetail {
  const enterpriseId = recallEnterprise(db, recallId);
  const summary = listRecalls(db, enterpriseId).find((r) => r.id === recallId);
  if (!summary) throw new HttpError(404, 'recall-not-found', `no recall ${recallId}`);
  let q = qb.selectFrom('recall_meters').where('recall_id', '=', recallId);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  const part = query.serial;
  if (part !== undefined) q = q.where((eb) => eb(eb.fn<number>('instr', [eb.ref('serial'), eb.val(part)]), '>', 0));
  const matching = Number(first(db, q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);
  const meters = all(db, q.select(['serial', 'status']).orderBy('serial').limit(query.limit).offset(query.offset));
  return { ...summary, meters: withHistory(db, recallId, meters), page: { offset: query.offset, limit: query.limit, matching } };
}

function withHistory(db: Db, recallId: string, meters: { serial: string; status: RecallMeterStatus }[]): RecallMeterView[] {
  if (meters.length === 0) return [];
  const events = all(
    db,
    qb
      .selectFrom('recall_meter_events')
      .selectAll()
      .where('recall_id', '=', recallId)
      .where(
        'serial',
        'in',
        meters.map((m) => m.serial),
      )
      .orderBy('serial')
      .orderBy('id'),
  );
  const names = displayNames(
    db,
    events.map((e) => e.by),
  );
  const history = new Map<string, RecallMeterEventView[]>();
  for (const e of events) {
    const list = history.get(e.serial) ?? [];
    list.push({ status: e.status, note: e.note, by: { id: e.by, name: names.get(e.by) ?? e.by }, at: e.at });
    history.set(e.serial, list);
  }
  return meters.map((m) => ({ serial: m.serial, status: m.status, history: history.get(m.serial) ?? [] }));
}

const rank: Record<RecallMeterStatus, number> = { affected: 0, recalled: 1, replaced: 2 };

/**
 * Marks one meter of a recall: a new history row and the meter's status, in one transaction.
 * 404 `recall-meter-not-found`; 409 `recall-status-backwards` (e.g. replaced → recalled) or
 * `recall-status-unchanged`.
 */
export function markRecallMeter(db: Db, m: { recallId: string; serial: string; status: RecallMeterStatus; note: string; userId: string; now: Date }): RecallMeterView {
  return db.transaction(() => {
    const row = first(db, qb.selectFrom('recall_meters').select('status').where('recall_id', '=', m.recallId).where('serial', '=', m.serial));
    if (!row) throw new HttpError(404, 'recall-meter-not-found', `recall ${m.recallId} names no meter ${m.serial}`);
    if (rank[m.status] < rank[row.status]) {
      throw new HttpError(409, 'recall-status-backwards', `meter ${m.serial} is already ${row.status}; a recall's mark never goes back to ${m.status}`, { current: row.status });
    }
    if (m.status === row.status) throw new HttpError(409, 'recall-status-unchanged', `meter ${m.serial} is already ${row.status}`, { current: row.status });
    run(db, qb.updateTable('recall_meters').set({ status: m.status }).where('recall_id', '=', m.recallId).where('serial', '=', m.serial));
    run(db, qb.insertInto('recall_meter_events').values({ recall_id: m.recallId, serial: m.serial, status: m.status, note: m.note, by: m.userId, at: m.now.toISOString() }));
    const [meter] = withHistory(db, m.recallId, [{ serial: m.serial, status: m.status }]);
    return meter!;
  })();
}

/** What the enterprise's current passed records name: its benches (with a session), batches and models. */
export function recallScopeChoices(db: Db, enterpriseId: string): RecallScopeChoices {
  const benchRows = all(db, qb.selectFrom('sync_sessions').select('bench_id').distinct().where('enterprise_id', '=', enterpriseId).orderBy('bench_id'));
  const registered = new Map(all(db, qb.selectFrom('benches').select(['id', 'name']).where('enterprise_id', '=', enterpriseId)).map((b) => [b.id, b.name]));
  const current = qb.selectFrom('public_meters').where('enterprise_id', '=', enterpriseId).where('superseded_by', 'is', null).where('conclusion', '=', '合格');
  const batches = all(
    db,
    current
      .select((eb) => ['batch_id', eb.fn.max('model').as('model'), eb.fn.count<number>('serial').distinct().as('n')])
      .groupBy('batch_id')
      .orderBy('batch_id'),
  );
  const models = all(
    db,
    current
      .select((eb) => ['model', eb.fn.count<number>('serial').distinct().as('n')])
      .groupBy('model')
      .orderBy('model'),
  );
  return {
    benches: benchRows.map((b) => ({ id: b.bench_id, name: registered.get(b.bench_id) ?? b.bench_id })),
    batches: batches.map((b) => ({ id: b.batch_id, model: b.model, meters: Number(b.n) })),
    models: models.map((m) => ({ model: m.model, meters: Number(m.n) })),
  };
}
