/**
 * 双随机 sampling end to end on a real server with a moved clock (docs/sampling.md): seeds
 * published before the candidates are fixed, the draw refused until after publication,
 * the public answer reproducible by anyone, inspectors drawn with their own seed, results
 * entered and imported through the rules engine, corrections as new rows, acceptance
 * number 0 stepping the penalty ladder.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile, rankCandidates, samplingPlan } from '../../../web/src/domain/index.ts';
import type { PublicSampling, SamplingDetail, SamplingResultView, SamplingBatch } from '../../../web/src/ui/supervision/samplingTypes.ts';
import { qb, run } from '../db/sql.ts';
import { Browser, startTestServer, type TestServer } from '../identity/testServer.ts';
import { penaltyStateOf } from './penaltyStore.ts';

let s: TestServer;
const as: Record<string, Browser> = {};
const b = (name: string): Browser => {
  const browser = as[name];
  if (!browser) throw new Error(`no browser for ${name}`);
  return browser;
};
const hours = (h: number) => {
  s.now.value = new Date(s.now.value.getTime() + h * 3_600_000);
};

function addMeter(batchId: string, serial: string, options: { conclusion?: '合格' | '不合格'; supersededBy?: string } = {}): void {
  run(
    s.running.db,
    qb.insertInto('public_meters').values({
      verification_id: `v-${serial}-${options.supersededBy ?? 'x'}`,
      enterprise_id: 'ent-a',
      device_id: 'dev-a',
      serial,
      batch_id: batchId,
      instrument_name: '冷水水表',
      model: 'LXS-15',
      accuracy_class: '2级',
      manufacturer: 'M',
      production_date: '2026-11-20',
      verification_date: '2026-11-28',
      valid_until: null,
      conclusion: options.conclusion ?? '合格',
      institution: 'I',
      record_hash: 'h',
      created_at: '2026-11-28T01:00:00.000Z',
      received_at: '2026-11-28T01:00:00.000Z',
      superseded_by: options.supersededBy ?? null,
      integrity: 'verified',
    }),
  );
}

function addBatch(id: string): void {
  run(s.running.db, qb.insertInto('sync_batches').values({ enterprise_id: 'ent-a', id, device_id: 'dev-a', meter_type_model: 'LXS-15', production_date: '2026-11-20', body: '{}', content_hash: 'h', stored_at: '2026-11-28T01:00:00.000Z' }));
}

const serial = (i: number) => `SN-${String(i).padStart(4, '0')}`;

/** One meter's three runs in the `npm run evaluate` format; `q3ErrorPct` moves the Q3 error. */
function meterLines(sn: string, q3ErrorPct = 0.5): string {
  const meter = { dn: 15, q3: 2.5, r: 100, class: 2, delta_l: 0.01 };
  const runs = [
    { point: 'Q3', lph: 2400, err: q3ErrorPct },
    { point: 'Q2', lph: 42, err: -1 },
    { point: 'Q1', lph: 26, err: 3 },
  ];
  return runs.map((r) => JSON.stringify({ id: `${sn}/${r.point}-1`, meter, run: { point: r.point, lph: r.lph, tw: 20, vi: 100 + r.err, ref: { unit: 'L', value: 100 } } })).join('\n');
}

beforeAll(async () => {
  s = await startTestServer({ start: '2026-11-30T01:00:00.000Z' });
  const root = (as.root = new Browser(s.url));
  await root.login('root', 'root-password');
  expect((await root.post('/api/enterprises', { id: 'ent-a', name: '泰安示例水表有限公司' })).status).toBe(201);
  const people: [string, string, string[], string | null][] = [
    ['regulator', '市场监管局 张三', ['regulator'], null],
    ['inst-1', '检定员 甲', ['institute'], null],
    ['inst-2', '检定员 乙', ['institute'], null],
    ['inst-3', '检定员 丙', ['institute'], null],
    ['admin-a', 'A 管理员', ['enterprise-admin'], 'ent-a'],
  ];
  for (const [username, displayName, roles, enterpriseId] of people) {
    expect((await root.post('/api/users', { username, displayName, password: 'password-1', roles, enterpriseId })).status).toBe(201);
    as[username] = new Browser(s.url);
    expect((await as[username].login(username, 'password-1')).status).toBe(200);
  }
  addBatch('B-30');
  for (let i = 1; i <= 30; i += 1) addMeter('B-30', serial(i));
  addMeter('B-30', 'SN-FAILED', { conclusion: '不合格' });
  addMeter('B-30', 'SN-OLD', { supersededBy: 'v-other' });
});
afterAll(() => s.stop());

const publicList = async (): Promise<PublicSampling[]> => {
  const res = await fetch(`${s.url}/api/public/samplings`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { samplings: PublicSampling[] }).samplings;
};

async function create(title: string, seed: string, inspectorSeed: string): Promise<SamplingDetail> {
  const res = await b('regulator').post<SamplingDetail>('/api/samplings', { enterpriseId: 'ent-a', title, seed, inspectorSeed });
  expect(res.status).toBe(201);
  return res.body;
}

async function draw(id: string, body: Record<string, unknown> = { batchId: 'B-30' }): Promise<SamplingDetail> {
  const res = await b('regulator').post<SamplingDetail>(`/api/samplings/${id}/draw`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

function inspectorOf(d: SamplingDetail): Browser {
  const first = d.draw?.inspectors[0];
  if (!first) throw new Error('no inspector drawn');
  return b(first.id);
}

let first: SamplingDetail;

describe('seeds published before the candidates are fixed', () => {
  it('publishes the seeds at once, publicly, at the server clock', async () => {
    first = await create('2026 年第 1 次监督抽检', 'tai-an-2026-11-30', 'inspectors-2026-11-30');
    expect(first.seedPublishedAt).toBe('2026-11-30T01:00:00.000Z');
    expect(first.status).toBe('seed-published');
    const pub = (await publicList()).find((x) => x.id === first.id);
    expect(pub).toMatchObject({ seed: 'tai-an-2026-11-30', inspectorSeed: 'inspectors-2026-11-30', status: 'seed-published', draw: null, enterpriseName: '泰安示例水表有限公司' });
  });

  it('proposes random seeds when the regulator gives none, two different ones', async () => {
    const res = await b('regulator').get<{ seed: string; inspectorSeed: string }>('/api/samplings/seed-proposal');
    expect(res.body.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.seed).not.toBe(res.body.inspectorSeed);
    expect((await b('inst-1').get('/api/samplings/seed-proposal')).status).toBe(403);
  });

  it('refuses the draw at the very instant of publication, and to anyone but the regulator', async () => {
    const refused = await b('regulator').post<{ reason: string }>(`/api/samplings/${first.id}/draw`, { batchId: 'B-30' });
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('seed-not-yet-public');
    hours(1);
    expect((await b('inst-1').post(`/api/samplings/${first.id}/draw`, { batchId: 'B-30' })).status).toBe(403);
    expect((await b('regulator').post<{ reason: string }>(`/api/samplings/${first.id}/draw`, { batchId: 'NOPE' })).body.reason).toBe('batch-not-found');
  });

  it('shows the batch with its current passed meters and the GB/T 2828.1 level II size', async () => {
    const res = await b('regulator').get<{ batches: SamplingBatch[] }>('/api/enterprises/ent-a/sampling-batches');
    expect(res.body.batches).toEqual([{ batchId: 'B-30', model: 'LXS-15', productionDate: '2026-11-20', lotSize: 30, plan: { sampleSize: samplingPlan(30, defaultProfile).sampleSize, codeLetter: samplingPlan(30, defaultProfile).codeLetter, acceptanceNumber: 0 } }]);
  });

  it('draws from the current passed meters only, frozen, with inspectors from the institute', async () => {
    // A meter verified after the seeds were published is a candidate: the seed could not know it.
    addMeter('B-30', serial(31));
    first = await draw(first.id);
    const d = first.draw!;
    expect(d.candidates).toHaveLength(31);
    expect(d.candidates).not.toContain('SN-FAILED');
    expect(d.candidates).not.toContain('SN-OLD');
    expect(d.sizeBasis).toBe('gbt2828-II');
    expect(d.n).toBe(samplingPlan(31, defaultProfile).sampleSize);
    expect(d.selection).toHaveLength(d.n);
    expect(Date.parse(d.drawnAt)).toBeGreaterThan(Date.parse(first.seedPublishedAt));
    expect(d.inspectorCandidates).toEqual(['inst-1', 'inst-2', 'inst-3']);
    expect(d.inspectors).toHaveLength(2);
    expect(d.inspectors.map((i) => i.displayName).every((n) => n.startsWith('检定员'))).toBe(true);
    addMeter('B-30', serial(32));
    const again = await b('regulator').post<{ reason: string }>(`/api/samplings/${first.id}/draw`, { batchId: 'B-30' });
    expect(again.body.reason).toBe('already-drawn');
    const pub = (await publicList()).find((x) => x.id === first.id)!;
    expect(pub.draw?.candidates).toEqual(d.candidates);
    expect(pub.draw?.selection).toEqual(d.selection);
  });
});

describe('reproducible by anyone from the public answer', () => {
  it('the public seeds and candidates, ranked by the rule, give the same selection and inspectors', async () => {
    const pub = (await publicList()).find((x) => x.id === first.id)!;
    const d = pub.draw!;
    expect((await rankCandidates(pub.seed, d.candidates)).slice(0, d.n)).toEqual(d.selection);
    expect((await rankCandidates(pub.inspectorSeed, d.inspectorCandidates)).slice(0, 2).map((c) => c.id)).toEqual(d.inspectors.map((i) => i.id));
  });

  it('each HMAC checks by hand (node:crypto, as `openssl dgst -sha256 -hmac SEED`)', () => {
    for (const c of first.draw!.selection) expect(c.hmac).toBe(createHmac('sha256', first.seed).update(c.id, 'utf8').digest('hex'));
  });

  it('a different seed gives a different sample of the same batch', async () => {
    const other = await create('2026 年第 2 次监督抽检', 'another-seed', 'another-inspector-seed');
    hours(1);
    const d = (await draw(other.id)).draw!;
    expect(d.selection.map((c) => c.id)).not.toEqual(first.draw!.selection.slice(0, d.n).map((c) => c.id));
  });
});

describe('results and the conclusion', () => {
  let failedSerial: string;

  it('only a drawn inspector records results', async () => {
    const notDrawn = ['inst-1', 'inst-2', 'inst-3'].find((u) => !first.draw!.inspectors.some((i) => i.id === u))!;
    const res = await b(notDrawn).post<{ reason: string }>(`/api/samplings/${first.id}/results`, { source: 'entered', lines: meterLines(first.draw!.selection[0]!.id) });
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('not-an-inspector');
    expect((await b('regulator').post(`/api/samplings/${first.id}/results`, { source: 'entered', lines: meterLines(first.draw!.selection[0]!.id) })).status).toBe(403);
  });

  it('refuses malformed imports with every line named, and meters not drawn', async () => {
    const inspector = inspectorOf(first);
    const bad = await inspector.post<{ reason: string; details: { line: number; code: string; field?: string; error: string }[] }>(`/api/samplings/${first.id}/results`, {
      source: 'imported',
      lines: `${meterLines(first.draw!.selection[0]!.id)}\nnot json\n{"id":"x","meter":{"dn":15,"q3":2.5,"r":100,"class":2,"delta_l":0.01},"run":{"point":"Q9","lph":1,"tw":20,"vi":1,"ref":{"unit":"L","value":1}}}`,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('invalid-input');
    expect([...new Set(bad.body.details.map((e) => e.line))]).toEqual([4, 5]);
    // coded, so the screen words them in the reader's language (refusedLinesText)
    expect(bad.body.details[0]).toMatchObject({ line: 4, code: 'not-json' });
    expect(bad.body.details.some((e) => e.line === 5 && e.code === 'invalid-field' && e.field === 'run.point')).toBe(true);
    const outsider = first.draw!.candidates.find((c) => !first.draw!.selection.some((x) => x.id === c))!;
    const notSelected = await inspector.post<{ reason: string }>(`/api/samplings/${first.id}/results`, { source: 'imported', lines: meterLines(outsider) });
    expect(notSelected.body.reason).toBe('not-selected');
  });

  it('records entered and imported results judged by the rules engine; one failed meter', async () => {
    const inspector = inspectorOf(first);
    const [a, ...rest] = first.draw!.selection.map((c) => c.id);
    const entered = await inspector.post<{ results: SamplingResultView[] }>(`/api/samplings/${first.id}/results`, { source: 'entered', lines: meterLines(a!) });
    expect(entered.status).toBe(201);
    expect(entered.body.results[0]).toMatchObject({ serial: a, source: 'entered', passed: true, enteredBy: first.draw!.inspectors[0]!.id, profile: { id: defaultProfile.id } });
    expect(entered.body.results[0]!.enteredAt).toBe(s.now.value.toISOString());
    failedSerial = rest[0]!;
    const imported = await inspector.post<{ results: SamplingResultView[] }>(`/api/samplings/${first.id}/results`, {
      source: 'imported',
      lines: rest.map((sn) => meterLines(sn, sn === failedSerial ? 5 : 0.5)).join('\r\n'),
    });
    expect(imported.status).toBe(201);
    expect(imported.body.results.map((r) => [r.serial, r.passed])).toEqual(rest.map((sn) => [sn, sn !== failedSerial]));
    const failed = imported.body.results.find((r) => r.serial === failedSerial)!;
    expect(failed.verdict.reasons.some((r) => r.point === 'Q3')).toBe(true);
    const dup = await inspector.post<{ reason: string }>(`/api/samplings/${first.id}/results`, { source: 'entered', lines: meterLines(a!) });
    expect(dup.body.reason).toBe('result-exists');
  });

  it('corrects a result with a new row and a reason, never by editing', async () => {
    const inspector = inspectorOf(first);
    const before = (await b('regulator').get<SamplingDetail>(`/api/samplings/${first.id}`)).body;
    const old = before.results.find((r) => r.serial === failedSerial)!;
    const noReason = await inspector.post<{ reason: string }>(`/api/samplings/${first.id}/results`, { source: 'entered', lines: meterLines(failedSerial, 4), correctionOf: old.id });
    expect(noReason.body.reason).toBe('correction-reason-required');
    const fixed = await inspector.post<{ results: SamplingResultView[] }>(`/api/samplings/${first.id}/results`, {
      source: 'entered',
      lines: meterLines(failedSerial, 4),
      correctionOf: old.id,
      correctionReason: 'Q3 示值录入错误，按原始记录更正',
    });
    expect(fixed.status).toBe(201);
    expect(fixed.body.results[0]).toMatchObject({ correctionOf: old.id, correctionReason: 'Q3 示值录入错误，按原始记录更正', passed: false });
    const after = (await b('regulator').get<SamplingDetail>(`/api/samplings/${first.id}`)).body;
    expect(after.results.find((r) => r.id === old.id)).toMatchObject({ correctedBy: fixed.body.results[0]!.id, input: old.input, passed: false });
    expect(after.current[failedSerial]).toBe(false);
    const twice = await inspector.post<{ reason: string }>(`/api/samplings/${first.id}/results`, { source: 'entered', lines: meterLines(failedSerial), correctionOf: old.id, correctionReason: 'x' });
    expect(twice.body.reason).toBe('already-corrected');
  });

  it('concludes non-conforming (acceptance number 0) and records the penalty event', async () => {
    const d = (await b('regulator').get<SamplingDetail>(`/api/samplings/${first.id}`)).body;
    expect(d.nextRung).toEqual({ count: 1, from: 'normal', to: 'batch-returned', needsDeadline: false, refused: null });
    const noRef = await b('regulator').post<{ reason: string }>(`/api/samplings/${first.id}/conclude`, { decidedBy: '泰安市市场监管局' });
    expect(noRef.body.reason).toBe('reference-required');
    const done = await b('regulator').post<SamplingDetail>(`/api/samplings/${first.id}/conclude`, { decidedBy: '泰安市市场监管局', reference: '泰市监量〔2026〕1号' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'concluded', conclusion: 'non-conforming' });
    expect(done.body.penaltyEventId).toEqual(expect.any(Number));
    const state = penaltyStateOf(s.running.deps, 'ent-a');
    expect(state).toMatchObject({ standing: 'batch-returned', nonConformingSamplings: 1 });
    const late = await inspectorOf(first).post<{ reason: string }>(`/api/samplings/${first.id}/results`, { source: 'entered', lines: meterLines(first.draw!.selection[0]!.id), correctionOf: 1, correctionReason: 'x' });
    expect(late.body.reason).toBe('sampling-concluded');
    expect((await publicList()).find((x) => x.id === first.id)?.conclusion).toBe('non-conforming');
  });

  it('refuses to conclude before every selected meter has a result; all passed → conforming, no penalty', async () => {
    const sm = await create('复查', 'seed-conforming', 'inspector-seed-conforming');
    hours(1);
    const d = await draw(sm.id, { batchId: 'B-30', n: 2, inspectors: 1 });
    expect(d.draw).toMatchObject({ n: 2, sizeBasis: 'regulator' });
    expect(d.draw!.inspectors).toHaveLength(1);
    const early = await b('regulator').post<{ reason: string }>(`/api/samplings/${sm.id}/conclude`, { decidedBy: 'x' });
    expect(early.body.reason).toBe('results-incomplete');
    const lines = d.draw!.selection.map((c) => meterLines(c.id)).join('\n');
    expect((await inspectorOf(d).post(`/api/samplings/${sm.id}/results`, { source: 'imported', lines })).status).toBe(201);
    const done = await b('regulator').post<SamplingDetail>(`/api/samplings/${sm.id}/conclude`, { decidedBy: '泰安市市场监管局' });
    expect(done.body).toMatchObject({ conclusion: 'conforming', penaltyEventId: null });
    expect(penaltyStateOf(s.running.deps, 'ent-a').nonConformingSamplings).toBe(1);
  });

  it('the 2nd non-conforming sampling tells the regulator it orders rectification and needs a deadline', async () => {
    const sm = await create('第 3 次', 'seed-third', 'inspector-seed-third');
    hours(1);
    const d = await draw(sm.id, { batchId: 'B-30', n: 1 });
    expect((await inspectorOf(d).post(`/api/samplings/${sm.id}/results`, { source: 'entered', lines: meterLines(d.draw!.selection[0]!.id, 6) })).status).toBe(201);
    const detail = (await b('regulator').get<SamplingDetail>(`/api/samplings/${sm.id}`)).body;
    expect(detail.nextRung).toEqual({ count: 2, from: 'batch-returned', to: 'rectifying', needsDeadline: true, refused: null });
    const noDeadline = await b('regulator').post<{ reason: string }>(`/api/samplings/${sm.id}/conclude`, { decidedBy: '泰安市市场监管局', reference: '泰市监量〔2026〕2号' });
    expect(noDeadline.status).toBe(409);
    expect(noDeadline.body.reason).toBe('missing-deadline');
    expect((await b('regulator').get<SamplingDetail>(`/api/samplings/${sm.id}`)).body.status).toBe('drawn');
    const done = await b('regulator').post<SamplingDetail>(`/api/samplings/${sm.id}/conclude`, { decidedBy: '泰安市市场监管局', reference: '泰市监量〔2026〕2号', rectificationDeadline: '2027-01-31' });
    expect(done.status).toBe(200);
    expect(penaltyStateOf(s.running.deps, 'ent-a')).toMatchObject({ standing: 'rectifying', rectificationDeadline: '2027-01-31', salesStopped: true });
  });
});

describe('who sees what', () => {
  it('the enterprise sees its drawn samplings only; the institute no undrawn one', async () => {
    const undrawn = await create('未抽取', 'seed-undrawn', 'inspector-seed-undrawn');
    const mine = await b('admin-a').get<{ samplings: PublicSampling[] }>('/api/samplings');
    expect(mine.body.samplings.length).toBeGreaterThan(0);
    expect(mine.body.samplings.some((x) => x.id === undrawn.id)).toBe(false);
    expect((await b('inst-1').get(`/api/samplings/${undrawn.id}`)).status).toBe(404);
    expect((await b('regulator').get(`/api/samplings/${undrawn.id}`)).status).toBe(200);
    expect((await fetch(`${s.url}/api/public/samplings/${undrawn.id}`)).status).toBe(200);
  });
});
