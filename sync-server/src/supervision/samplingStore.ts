/**
 * 双随机 sampling on the server (docs/sampling.md; docs/rules.md R-SAMPLING): the regulator
 * publishes two seeds (meters, inspectors) at the server's clock, draws later — strictly
 * after the publication — from the batch's current passed meters and the institute's
 * people, frozen; the institute records each selected meter's result (append-only,
 * corrections are new rows); the regulator concludes with acceptance number 0, a
 * non-conforming sampling stepping the penalty ladder (penaltyStore.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  defaultProfile,
  pilotDate,
  selectSample,
  samplingPlan,
  tryApplyPenaltyEvent,
  type PenaltyEvent,
  type RankedCandidate,
} from '../../../web/src/domain/index.ts';
import type {
  InspectorDrawn,
  NextRung,
  PublicSampling,
  SamplingBatch,
  SamplingDetail,
  SamplingDraw,
  SamplingMeterType,
  SamplingResultView,
  SizeBasis,
} from '../../../web/src/ui/supervision/samplingTypes.ts';
import type { SamplingVerdict } from '../../../web/src/ui/supervision/samplingVerdict.ts';
import type { AppDeps } from '../deps.ts';
import type { SamplingResultRow, SamplingRow } from '../db/tables/supervision.ts';
import { all, first, insertId, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import type { UserPrincipal } from '../identity/guards.ts';
import { existingEnterprise } from '../identity/store.ts';
import { evaluateSamplingInput } from './samplingEvaluate.ts';
import { penaltyStateOf, recordPenaltyEvent } from './penaltyStore.ts';

/** Inspectors drawn when the regulator names no number. */
export const DEFAULT_INSPECTORS = 2;

/** A seed the server proposes: 128 random bits as hex. */
export function proposeSeed(): string {
  return randomBytes(16).toString('hex');
}

function newSamplingId(deps: AppDeps): string {
  return `SMP-${pilotDate(deps.clock(), defaultProfile).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

export function samplingRow(deps: AppDeps, id: string): SamplingRow {
  const row = first(deps.db, qb.selectFrom('samplings').selectAll().where('id', '=', id));
  if (!row) throw new HttpError(404, 'sampling-not-found', `no sampling ${id}`);
  return row;
}

export function createSampling(deps: AppDeps, user: UserPrincipal, body: { enterpriseId: string; title: string; seed?: string | undefined; inspectorSeed?: string | undefined }): SamplingRow {
  const e = existingEnterprise(deps, body.enterpriseId);
  const seed = body.seed?.trim() || proposeSeed();
  const inspectorSeed = body.inspectorSeed?.trim() || proposeSeed();
  if (seed === inspectorSeed) throw new HttpError(400, 'same-seed', 'the inspectors are drawn with a separate seed: the two seeds must differ');
  const row: SamplingRow = {
    id: newSamplingId(deps),
    enterprise_id: e.id,
    title: body.title.trim(),
    seed,
    inspector_seed: inspectorSeed,
    seed_published_at: deps.clock().toISOString(),
    published_by: user.username,
    batch_id: null,
    candidates: null,
    inspector_candidates: null,
    size_basis: null,
    n: null,
    selection: null,
    inspectors: null,
    drawn_at: null,
    drawn_by: null,
    status: 'seed-published',
    conclusion: null,
    concluded_at: null,
    concluded_by: null,
    penalty_event_id: null,
  };
  if (row.title === '') throw new HttpError(400, 'title-required', 'a sampling needs a title');
  run(deps.db, qb.insertInto('samplings').values(row));
  return row;
}

/** The batch's current passed meters (not superseded, 合格): a draw's candidates, ordered by serial. */
function currentPassedSerials(deps: AppDeps, enterpriseId: string, batchId: string): string[] {
  return all(
    deps.db,
    qb
      .selectFrom('public_meters')
      .select('serial')
      .distinct()
      .where('enterprise_id', '=', enterpriseId)
      .where('batch_id', '=', batchId)
      .where('superseded_by', 'is', null)
      .where('conclusion', '=', '合格')
      .orderBy('serial'),
  ).map((r) => r.serial);
}

export function batchesForSampling(deps: AppDeps, enterpriseId: string): SamplingBatch[] {
  const batches = all(deps.db, qb.selectFrom('sync_batches').select(['id', 'meter_type_model', 'production_date']).where('enterprise_id', '=', enterpriseId).orderBy('production_date', 'desc').orderBy('id'));
  return batches.map((b) => {
    const lotSize = currentPassedSerials(deps, enterpriseId, b.id).length;
    const plan = lotSize > 0 ? samplingPlan(lotSize, defaultProfile) : null;
    return {
      batchId: b.id,
      model: b.meter_type_model,
      productionDate: b.production_date,
      lotSize,
      plan: plan && { sampleSize: plan.sampleSize, codeLetter: plan.codeLetter, acceptanceNumber: plan.acceptanceNumber },
    };
  });
}

function institutePeople(deps: AppDeps): Map<string, string> {
  const rows = all(deps.db, qb.selectFrom('users').select(['username', 'display_name', 'roles']).where('disabled_at', 'is', null).orderBy('username'));
  return new Map(rows.filter((r) => (JSON.parse(r.roles) as string[]).includes('institute')).map((r) => [r.username, r.display_name]));
}

export async function drawSampling(deps: AppDeps, user: UserPrincipal, id: string, body: { batchId: string; n?: number | undefined; inspectors?: number | undefined }): Promise<SamplingRow> {
  const s = samplingRow(deps, id);
  if (s.status !== 'seed-published') throw new HttpError(409, 'already-drawn', `sampling ${id} was drawn at ${s.drawn_at}: its candidates and selection never change`);
  const now = deps.clock();
  if (now.getTime() <= Date.parse(s.seed_published_at)) {
    throw new HttpError(409, 'seed-not-yet-public', `the draw must come after the seeds' publication at ${s.seed_published_at}; the server's clock says ${now.toISOString()}`);
  }
  const batch = first(deps.db, qb.selectFrom('sync_batches').select(['id', 'meter_type_model']).where('enterprise_id', '=', s.enterprise_id).where('id', '=', body.batchId));
  if (!batch) throw new HttpError(404, 'batch-not-found', `enterprise ${s.enterprise_id} has no batch ${body.batchId}`);
  const candidates = currentPassedSerials(deps, s.enterprise_id, batch.id);
  if (candidates.length === 0) throw new HttpError(409, 'no-candidates', `batch ${batch.id} has no current passed meters to sample`);
  const people = institutePeople(deps);
  const inspectorCandidates = [...people.keys()];
  if (inspectorCandidates.length === 0) throw new HttpError(409, 'no-inspectors', 'the institute has no active people to draw inspectors from');
  const sizeBasis: SizeBasis = body.n === undefined ? 'gbt2828-II' : 'regulator';
  const n = Math.min(body.n ?? samplingPlan(candidates.length, defaultProfile).sampleSize, candidates.length);
  const selection: RankedCandidate[] = await selectSample(s.seed, candidates, n);
  const inspectors: InspectorDrawn[] = (await selectSample(s.inspector_seed, inspectorCandidates, body.inspectors ?? DEFAULT_INSPECTORS)).map((c) => ({ ...c, displayName: people.get(c.id) ?? c.id }));
  return deps.db.transaction(() => {
    const again = samplingRow(deps, id);
    if (again.status !== 'seed-published') throw new HttpError(409, 'already-drawn', `sampling ${id} was drawn meanwhile`);
    const set = {
      batch_id: batch.id,
      candidates: JSON.stringify(candidates),
      inspector_candidates: JSON.stringify(inspectorCandidates),
      size_basis: sizeBasis,
      n,
      selection: JSON.stringify({ model: batch.meter_type_model, selection }),
      inspectors: JSON.stringify(inspectors),
      drawn_at: now.toISOString(),
      drawn_by: user.username,
      status: 'drawn' as const,
    };
    run(deps.db, qb.updateTable('samplings').set(set).where('id', '=', id).where('status', '=', 'seed-published'));
    return { ...again, ...set };
  })();
}

function drawOf(s: SamplingRow): SamplingDraw | null {
  if (s.status === 'seed-published' || s.batch_id === null || s.selection === null) return null;
  const sel = JSON.parse(s.selection) as { model: string; selection: RankedCandidate[] };
  const candidates = JSON.parse(s.candidates ?? '[]') as string[];
  return {
    batchId: s.batch_id,
    model: sel.model,
    drawnAt: s.drawn_at ?? '',
    drawnBy: s.drawn_by ?? '',
    candidates,
    lotSize: candidates.length,
    n: s.n ?? sel.selection.length,
    sizeBasis: s.size_basis ?? 'gbt2828-II',
    selection: sel.selection,
    inspectorCandidates: JSON.parse(s.inspector_candidates ?? '[]') as string[],
    inspectors: JSON.parse(s.inspectors ?? '[]') as InspectorDrawn[],
  };
}

export function publicView(s: SamplingRow, enterpriseName: string): PublicSampling {
  return {
    id: s.id,
    enterpriseId: s.enterprise_id,
    enterpriseName,
    title: s.title,
    seed: s.seed,
    inspectorSeed: s.inspector_seed,
    seedPublishedAt: s.seed_published_at,
    status: s.status,
    draw: drawOf(s),
    conclusion: s.conclusion,
    concludedAt: s.concluded_at,
  };
}

function enterpriseNames(deps: AppDeps): Map<string, string> {
  return new Map(all(deps.db, qb.selectFrom('enterprises').select(['id', 'name'])).map((r) => [r.id, r.name]));
}

/** Every sampling, newest first; `where` narrows (an enterprise, drawn only). */
export function listSamplings(deps: AppDeps, filter: { enterpriseId?: string | undefined; drawnOnly?: boolean } = {}): PublicSampling[] {
  let q = qb.selectFrom('samplings').selectAll().orderBy('seed_published_at', 'desc').orderBy('id', 'desc');
  if (filter.enterpriseId !== undefined) q = q.where('enterprise_id', '=', filter.enterpriseId);
  if (filter.drawnOnly) q = q.where('status', '!=', 'seed-published');
  const names = enterpriseNames(deps);
  return all(deps.db, q).map((s) => publicView(s, names.get(s.enterprise_id) ?? s.enterprise_id));
}

interface StoredResult extends Omit<SamplingResultRow, 'id'> {
  id: number;
}

function resultRows(deps: AppDeps, samplingId: string): StoredResult[] {
  return all(deps.db, qb.selectFrom('sampling_results').selectAll().where('sampling_id', '=', samplingId).orderBy('id'));
}

function resultsView(deps: AppDeps, rows: readonly StoredResult[]): { results: SamplingResultView[]; current: Record<string, boolean> } {
  const correctedBy = new Map<number, number>();
  for (const r of rows) if (r.correction_of !== null) correctedBy.set(r.correction_of, r.id);
  const names = new Map(all(deps.db, qb.selectFrom('users').select(['username', 'display_name'])).map((u) => [u.username, u.display_name]));
  const current: Record<string, boolean> = {};
  const results = rows.map((r): SamplingResultView => {
    const by = correctedBy.get(r.id) ?? null;
    if (by === null) current[r.serial] = r.passed === 1;
    return {
      id: r.id,
      serial: r.serial,
      source: r.source,
      input: r.input,
      verdict: JSON.parse(r.verdict) as SamplingVerdict,
      passed: r.passed === 1,
      profile: { id: r.profile_id, version: r.profile_version },
      correctionOf: r.correction_of,
      correctionReason: r.correction_reason,
      enteredBy: r.entered_by,
      enteredByName: names.get(r.entered_by) ?? r.entered_by,
      enteredAt: r.entered_at,
      correctedBy: by,
    };
  });
  return { results, current };
}

/** What this sampling would do to the ladder if concluded non-conforming today. */
export function nextRungOf(deps: AppDeps, enterpriseId: string): NextRung {
  const state = penaltyStateOf(deps, enterpriseId);
  const today = pilotDate(deps.clock(), defaultProfile);
  const probe: PenaltyEvent = { type: 'non-conforming-sampling', date: today, reason: 'preview', decidedBy: 'preview', rectificationDeadline: '9999-12-31' };
  const r = tryApplyPenaltyEvent(state, probe, defaultProfile);
  if (!r.ok) return { count: state.nonConformingSamplings + 1, from: state.standing, to: state.standing, needsDeadline: false, refused: r.error.code };
  return { count: r.state.nonConformingSamplings, from: state.standing, to: r.state.standing, needsDeadline: r.state.standing === 'rectifying' && state.standing !== 'rectifying', refused: null };
}

export function samplingDetail(deps: AppDeps, id: string, options: { withNextRung: boolean }): SamplingDetail {
  const s = samplingRow(deps, id);
  const names = enterpriseNames(deps);
  const { results, current } = resultsView(deps, resultRows(deps, id));
  return {
    ...publicView(s, names.get(s.enterprise_id) ?? s.enterprise_id),
    publishedBy: s.published_by,
    results,
    current,
    concludedBy: s.concluded_by,
    penaltyEventId: s.penalty_event_id,
    nextRung: options.withNextRung && s.status === 'drawn' ? nextRungOf(deps, s.enterprise_id) : null,
  };
}

/** The selected meters' type data, for the form (the batch's meter type, when the server knows it). */
export function meterTypeOfSampling(deps: AppDeps, s: SamplingRow): SamplingMeterType | null {
  const draw = drawOf(s);
  if (draw === null) return null;
  const row = first(deps.db, qb.selectFrom('meter_types').select('body').where('enterprise_id', '=', s.enterprise_id).where('model', '=', draw.model));
  if (!row) return null;
  const t = JSON.parse(row.body) as { dn: number; q3M3h: number; r: number; accuracyClass: 1 | 2; deltaL: number };
  return { dn: t.dn, q3: t.q3M3h, r: t.r, class: t.accuracyClass, delta_l: t.deltaL };
}

export interface ResultsBody {
  source: 'entered' | 'imported';
  /** JSON Lines in the `npm run evaluate` input format */
  lines: string;
  correctionOf?: number | undefined;
  correctionReason?: string | undefined;
}

/** Records one result per meter named in `body.lines`, all or none. */
export function recordResults(deps: AppDeps, user: UserPrincipal, id: string, body: ResultsBody): SamplingResultView[] {
  const s = samplingRow(deps, id);
  if (s.status === 'seed-published') throw new HttpError(409, 'not-drawn', `sampling ${id} has not been drawn yet`);
  if (s.status === 'concluded') throw new HttpError(409, 'sampling-concluded', `sampling ${id} is concluded: its results are final`);
  const draw = drawOf(s);
  if (draw === null) throw new HttpError(409, 'not-drawn', `sampling ${id} has not been drawn yet`);
  if (!draw.inspectors.some((i) => i.id === user.username)) {
    throw new HttpError(403, 'not-an-inspector', `only the inspectors drawn for sampling ${id} (${draw.inspectors.map((i) => i.id).join(', ')}) record its results`);
  }
  const outcome = evaluateSamplingInput(body.lines, defaultProfile);
  if (!outcome.ok) {
    throw new HttpError(400, 'invalid-input', outcome.errors.map((e) => `line ${e.line}: ${e.error}`).join('\n'), outcome.errors);
  }
  const selected = new Set(draw.selection.map((c) => c.id));
  const notSelected = outcome.meters.filter((m) => !selected.has(m.serial)).map((m) => m.serial);
  if (notSelected.length > 0) throw new HttpError(400, 'not-selected', `not drawn in sampling ${id}: ${notSelected.join(', ')}`, { serials: notSelected });
  const correctionReason = body.correctionReason?.trim() ?? '';
  if (body.correctionOf !== undefined && outcome.meters.length !== 1) throw new HttpError(400, 'correction-one-meter', 'a correction replaces the result of one meter: give that meter\'s runs only');
  if (body.correctionOf !== undefined && correctionReason === '') throw new HttpError(400, 'correction-reason-required', 'a correction says why');
  const now = deps.clock().toISOString();
  return deps.db.transaction(() => {
    const rows = resultRows(deps, id);
    const corrected = new Set(rows.flatMap((r) => (r.correction_of === null ? [] : [r.correction_of])));
    const currentOf = new Map(rows.filter((r) => !corrected.has(r.id)).map((r) => [r.serial, r]));
    if (body.correctionOf !== undefined) {
      const target = rows.find((r) => r.id === body.correctionOf);
      const serial = outcome.meters[0]?.serial;
      if (!target || target.serial !== serial) throw new HttpError(404, 'result-not-found', `sampling ${id} has no result ${body.correctionOf} for meter ${serial}`);
      if (corrected.has(target.id)) throw new HttpError(409, 'already-corrected', `result ${target.id} was already corrected: correct the newest result`);
    } else {
      const existing = outcome.meters.filter((m) => currentOf.has(m.serial)).map((m) => m.serial);
      if (existing.length > 0) throw new HttpError(409, 'result-exists', `already recorded: ${existing.join(', ')} — a change is a correction with a reason`, { serials: existing });
    }
    const ids = outcome.meters.map((m) =>
      insertId(
        deps.db,
        qb.insertInto('sampling_results').values({
          sampling_id: id,
          serial: m.serial,
          source: body.source,
          input: m.input,
          verdict: JSON.stringify(m.verdict),
          passed: m.verdict.passed ? 1 : 0,
          profile_id: defaultProfile.id,
          profile_version: defaultProfile.version,
          correction_of: body.correctionOf ?? null,
          correction_reason: body.correctionOf === undefined ? null : correctionReason,
          entered_by: user.username,
          entered_at: now,
        }),
      ),
    );
    const view = resultsView(deps, resultRows(deps, id)).results;
    return view.filter((r) => ids.includes(r.id));
  })();
}

export interface ConcludeBody {
  decidedBy: string;
  reference?: string | undefined;
  note?: string | undefined;
  rectificationDeadline?: string | undefined;
}

/** Acceptance number 0: every selected meter has a current result; one failed → non-conforming → the ladder. */
export function concludeSampling(deps: AppDeps, user: UserPrincipal, id: string, body: ConcludeBody): SamplingDetail {
  deps.db.transaction(() => {
    const s = samplingRow(deps, id);
    if (s.status === 'seed-published') throw new HttpError(409, 'not-drawn', `sampling ${id} has not been drawn yet`);
    if (s.status === 'concluded') throw new HttpError(409, 'sampling-concluded', `sampling ${id} was concluded at ${s.concluded_at}`);
    const draw = drawOf(s);
    if (draw === null) throw new HttpError(409, 'not-drawn', `sampling ${id} has not been drawn yet`);
    const { current } = resultsView(deps, resultRows(deps, id));
    const missing = draw.selection.filter((c) => current[c.id] === undefined).map((c) => c.id);
    if (missing.length > 0) throw new HttpError(409, 'results-incomplete', `no result yet for ${missing.join(', ')}`, { serials: missing });
    const failed = draw.selection.filter((c) => current[c.id] === false).map((c) => c.id);
    const now = deps.clock();
    const conclusion = failed.length > defaultProfile.sampling.value.acceptanceNumber ? 'non-conforming' : 'conforming';
    let penaltyEventId: number | null = null;
    if (conclusion === 'non-conforming') {
      if (body.decidedBy.trim() === '') throw new HttpError(400, 'decided-by-required', 'a non-conforming sampling is a decision: who decided');
      if ((body.reference ?? '').trim() === '') throw new HttpError(400, 'reference-required', 'a non-conforming sampling is a decision: give its document number (文号)');
      const note = body.note?.trim();
      const event: PenaltyEvent = {
        type: 'non-conforming-sampling',
        date: pilotDate(now, defaultProfile),
        reason: `抽检 ${s.title}（${s.id}）：批次 ${draw.batchId} 抽样 ${draw.selection.length} 只，不合格 ${failed.length} 只（${failed.join('、')}）${note ? `；${note}` : ''}`,
        decidedBy: body.decidedBy.trim(),
        reference: (body.reference ?? '').trim(),
        samplingId: s.id,
        batchId: draw.batchId,
        model: draw.model,
        ...(body.rectificationDeadline ? { rectificationDeadline: body.rectificationDeadline } : {}),
      };
      penaltyEventId = recordPenaltyEvent(deps, s.enterprise_id, event, user.username).id;
    }
    run(
      deps.db,
      qb
        .updateTable('samplings')
        .set({ status: 'concluded', conclusion, concluded_at: now.toISOString(), concluded_by: user.username, penalty_event_id: penaltyEventId })
        .where('id', '=', id)
        .where('status', '=', 'drawn'),
    );
  })();
  return samplingDetail(deps, id, { withNextRung: false });
}
