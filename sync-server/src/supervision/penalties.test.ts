/**
 * The penalty ladder through HTTP (docs/penalties.md), the plan's ladder end to end with the
 * server's clock moved from decision to decision (pilot plan §三(五)2, Annex 1 item 6): the 1st
 * non-conforming sampling blocks its model, the 2nd orders rectification with a deadline, the
 * failed rectification stops the pilot, the 3rd revokes — and after each step a bench PC's
 * pull carries the standing it must act on. Refusals are 409 with the domain's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, type PullResponse } from '../../../web/src/sync/protocol.ts';
import { readEnterpriseStanding } from '../../../web/src/sync/standing.ts';
import type { PenaltyStanding } from '../../../web/src/domain/penaltyStanding.ts';
import type { EnrolmentCodeView } from '../identity/api.ts';
import { Browser, deviceKey, enrol, startTestServer, type TestServer } from '../identity/testServer.ts';
import type { PublicAnnouncements } from '../../../web/src/announcements/announcementSchema.ts';
import type { PenaltyLadderView, PenaltyListView, RecordedPenaltyView } from './penaltyApi.ts';

let s: TestServer;
let token = '';
let cursor: string | undefined;

/** Tai'an 10:00 on `day` */
const at = (day: string) => new Date(`${day}T02:00:00.000Z`);

async function as(username: string): Promise<Browser> {
  const b = new Browser(s.url);
  expect((await b.login(username, 'demo')).status, `${username} signs in`).toBe(200);
  return b;
}

/** The bench PC's sync: a pull after its last cursor, checked against the protocol's schema. */
async function pull(): Promise<PenaltyStanding> {
  const res = await fetch(`${s.url}/api/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = pullResponseSchema.parse(await res.json()) as PullResponse;
  cursor = body.cursor;
  expect(typeof body.enterprise.standing, 'the server sends the ladder\'s body, never a plain string').toBe('object');
  return readEnterpriseStanding(body.enterprise.standing);
}

const decidedBy = '泰安市市场监督管理局';
const events = '/api/supervision/penalties/demo/events';

beforeAll(async () => {
  s = await startTestServer({ config: { demo: true, firstAdmin: null }, start: at('2026-12-01').toISOString() });
  const admin = await as('ent-admin');
  const code = await admin.post<EnrolmentCodeView>('/api/enterprises/demo/enrolment-codes');
  const key = await deviceKey();
  const enrolled = await enrol(s.url, { protocol: 1, code: code.body.code, deviceId: crypto.randomUUID(), publicKeyJwk: key.publicKeyJwk, label: 'bench PC' });
  expect(enrolled.status).toBe(200);
  token = (enrolled.body as { token: string }).token;
});
afterAll(() => s.stop());

describe('the penalty ladder end to end', () => {
  it('starts normal; the demo row stored before the ladder ("normal") is pulled as the ladder\'s body', async () => {
    expect(await pull()).toEqual({ standing: 'normal', nonConformingSamplings: 0, salesStopped: false, blockedModels: [], lastDecision: null });
  });

  it('1st: the batch is returned and its model stopped; the PC learns it on its next sync', async () => {
    s.now.value = at('2026-12-03');
    const regulator = await as('regulator');
    const first = {
      type: 'non-conforming-sampling',
      date: '2026-12-03',
      reason: '抽检 S-2026-12：批次 LXS-15E-1128 抽样 8 只，不合格 1 只',
      decidedBy,
      reference: '泰市监量〔2026〕12号',
      samplingId: 'S-2026-12',
      batchId: 'LXS-15E-1128',
      model: 'LXS-15E',
    };
    // what the server refuses before the ladder: a later date, an unregistered model, people who do not decide
    expect((await regulator.post(events, { ...first, date: '2026-12-04' })).body).toMatchObject({ reason: 'date-in-future' });
    expect((await regulator.post(events, { ...first, model: 'LXS-99' })).body).toMatchObject({ reason: 'unknown-model' });
    expect((await (await as('ent-admin')).post(events, first)).status).toBe(403);
    expect((await regulator.post(events, first, { csrf: false })).status).toBe(403);
    // what the ladder refuses: a step the standing does not admit
    const early = await regulator.post(events, { type: 'rectification-failed', date: '2026-12-03', reason: 'x', decidedBy, reference: 'R-1' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ reason: 'invalid-transition' });

    const recorded = await regulator.post<RecordedPenaltyView>(events, first);
    expect(recorded.status).toBe(201);
    expect(recorded.body.event).toMatchObject({ from: 'normal', to: 'batch-returned', recordedBy: 'regulator', recordedAt: at('2026-12-03').toISOString(), published: false });
    expect(await pull()).toEqual({
      standing: 'batch-returned',
      nonConformingSamplings: 1,
      salesStopped: false,
      blockedModels: [{ model: 'LXS-15E', since: '2026-12-03', reference: '泰市监量〔2026〕12号', batchId: 'LXS-15E-1128', samplingId: 'S-2026-12' }],
      lastDecision: { type: 'non-conforming-sampling', date: '2026-12-03', reference: '泰市监量〔2026〕12号' },
    });
    // the enterprise's people read their own ladder; the enterprise list still says the standing
    const own = await (await as('ent-admin')).get<PenaltyLadderView>('/api/supervision/penalties/demo');
    expect(own.body.standing.standing).toBe('batch-returned');
    expect((await (await as('ent-admin')).get<{ standing: string }>('/api/enterprises/demo')).body.standing).toBe('batch-returned');
  });

  it('2nd: rectification with a deadline, sales of 二检合一 meters stopped', async () => {
    s.now.value = at('2027-02-10');
    const regulator = await as('regulator');
    const second = { type: 'non-conforming-sampling', date: '2027-02-10', reason: '抽检 S-2027-02 不合格', decidedBy, reference: '泰市监量〔2027〕5号', samplingId: 'S-2027-02', model: 'LXS-20E' };
    expect((await regulator.post(events, second)).body).toMatchObject({ status: 'error', reason: 'missing-deadline' });
    expect((await regulator.post<RecordedPenaltyView>(events, { ...second, rectificationDeadline: '2027-05-10' })).status).toBe(201);
    const standing = await pull();
    expect(standing).toMatchObject({ standing: 'rectifying', nonConformingSamplings: 2, salesStopped: true, rectificationDeadline: '2027-05-10' });
    expect(standing.blockedModels.map((b) => b.model)).toEqual(['LXS-15E', 'LXS-20E']);
    expect(standing.lastDecision).toEqual({ type: 'non-conforming-sampling', date: '2027-02-10', reference: '泰市监量〔2027〕5号' });
  });

  it('failed rectification: the pilot is stopped for the enterprise, and published', async () => {
    s.now.value = at('2027-05-12');
    const regulator = await as('regulator');
    const failed = await regulator.post<RecordedPenaltyView>(events, { type: 'rectification-failed', date: '2027-05-12', reason: '整改期满验收不合格', decidedBy, reference: '泰市监量〔2027〕9号' });
    expect(failed.status).toBe(201);
    expect(failed.body.event).toMatchObject({ from: 'rectifying', to: 'pilot-stopped', published: true });
    const standing = await pull();
    expect(standing).toMatchObject({ standing: 'pilot-stopped', salesStopped: true, lastDecision: { type: 'rectification-failed', date: '2027-05-12', reference: '泰市监量〔2027〕9号' } });
    expect(standing.rectificationDeadline).toBeUndefined();
    // the register follows: the authorisation is suspended from that day, open-ended, citing the 文号 (ladderToRegister.ts)
    const announced = (await (await fetch(`${s.url}/api/public/announcements`)).json()) as PublicAnnouncements;
    const unit = announced.units.find((u) => u.penalties.some((p) => p.reference === '泰市监量〔2027〕9号'));
    expect(unit?.authorisations.map((a) => a.status)).toEqual(['suspended']);
  });

  it('3rd: the qualification is revoked, and published; the ladder lists every step with who recorded it when', async () => {
    s.now.value = at('2027-08-01');
    const regulator = await as('regulator');
    // a decision dated before the last step is refused
    expect((await regulator.post(events, { type: 'non-conforming-sampling', date: '2027-05-01', reason: 'x', decidedBy, reference: 'R', samplingId: 'S', model: 'LXS-15E' })).body).toMatchObject({ reason: 'event-out-of-order' });
    const third = await regulator.post<RecordedPenaltyView>(events, { type: 'non-conforming-sampling', date: '2027-08-01', reason: '抽检 S-2027-08 不合格', decidedBy, reference: '泰市监量〔2027〕15号', samplingId: 'S-2027-08', model: 'LXS-25E' });
    expect(third.body.event).toMatchObject({ from: 'pilot-stopped', to: 'revoked', nonConformingSamplings: 3, published: true });
    expect(await pull()).toMatchObject({ standing: 'revoked', nonConformingSamplings: 3, salesStopped: true, lastDecision: { date: '2027-08-01', reference: '泰市监量〔2027〕15号' } });
    // … and so does the register: the authorisation revoked from that day, for the PCs and the public alike
    const announced = (await (await fetch(`${s.url}/api/public/announcements`)).json()) as PublicAnnouncements;
    expect(announced.units.flatMap((u) => u.authorisations.map((a) => a.status))).toEqual(['revoked']);
    const auths = await regulator.get<{ authorisations: Array<{ events: Array<{ kind: string; reference: string | null; decidedOn: string }> }> }>('/api/supervision/authorisations?enterpriseId=demo');
    expect(auths.body.authorisations[0]?.events.map((e) => [e.kind, e.decidedOn, e.reference])).toEqual(expect.arrayContaining([
      ['suspended', '2027-05-12', '泰市监量〔2027〕9号'],
      ['revoked', '2027-08-01', '泰市监量〔2027〕15号'],
    ]));

    const ladder = await regulator.get<PenaltyLadderView>('/api/supervision/penalties/demo');
    expect(ladder.body.events.map((e) => [e.event.date, e.from, e.to, e.event.reference, e.recordedBy, e.recordedByName, e.recordedAt, e.published])).toEqual([
      ['2026-12-03', 'normal', 'batch-returned', '泰市监量〔2026〕12号', 'regulator', '市场监管局（演示）', at('2026-12-03').toISOString(), false],
      ['2027-02-10', 'batch-returned', 'rectifying', '泰市监量〔2027〕5号', 'regulator', '市场监管局（演示）', at('2027-02-10').toISOString(), false],
      ['2027-05-12', 'rectifying', 'pilot-stopped', '泰市监量〔2027〕9号', 'regulator', '市场监管局（演示）', at('2027-05-12').toISOString(), true],
      ['2027-08-01', 'pilot-stopped', 'revoked', '泰市监量〔2027〕15号', 'regulator', '市场监管局（演示）', at('2027-08-01').toISOString(), true],
    ]);
    expect(ladder.body.models).toEqual(['LXS-15E', 'LXS-20E', 'LXS-25E']);
    expect(ladder.body.today).toBe('2027-08-01');
    const list = await regulator.get<PenaltyListView>('/api/supervision/penalties');
    expect(list.body.enterprises).toEqual([expect.objectContaining({ id: 'demo', events: 4, standing: expect.objectContaining({ standing: 'revoked' }) })]);
    // revoked admits nothing but a new authorisation
    expect((await regulator.post(events, { type: 'rectification-passed', date: '2027-08-01', reason: 'x', decidedBy, reference: 'R' })).body).toMatchObject({ reason: 'invalid-transition' });
  });
});

describe('an accepted rectification of the blocked model', () => {
  it('lifts the block after the 1st: normal again, the decision pulled with its 文号', async () => {
    s.now.value = at('2027-09-01');
    const admin = await as('admin');
    expect((await admin.post('/api/enterprises', { id: 'e2', name: '泰安乙水表有限公司' })).status).toBe(201);
    const type = { model: 'LXS-15E', name: '旋翼式冷水水表', dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.05, mapMpa: 1.0, manufacturer: '泰安乙水表有限公司' };
    expect((await admin.put('/api/enterprises/e2/meter-types/LXS-15E', type)).status).toBe(200);
    const regulator = await as('regulator');
    const path = '/api/supervision/penalties/e2/events';
    await regulator.post(path, { type: 'non-conforming-sampling', date: '2027-09-01', reason: '抽检不合格', decidedBy, reference: '泰市监量〔2027〕20号', samplingId: 'S-E2', model: 'LXS-15E' });
    expect((await regulator.post(path, { type: 'rectification-passed', date: '2027-09-01', reason: '整改验收合格', decidedBy, reference: '泰市监量〔2027〕21号' })).body).toMatchObject({ reason: 'invalid-event' });
    const passed = await regulator.post<RecordedPenaltyView>(path, { type: 'rectification-passed', date: '2027-09-01', reason: '整改验收合格', decidedBy, reference: '泰市监量〔2027〕21号', model: 'LXS-15E' });
    expect(passed.status).toBe(201);
    expect(passed.body.standing).toEqual({
      standing: 'normal',
      nonConformingSamplings: 1,
      salesStopped: false,
      blockedModels: [],
      lastDecision: { type: 'rectification-passed', date: '2027-09-01', reference: '泰市监量〔2027〕21号' },
    });
    // another enterprise's ladder stays its own
    expect((await regulator.get<PenaltyLadderView>('/api/supervision/penalties/demo')).body.events).toHaveLength(4);
    expect((await regulator.get('/api/supervision/penalties/nobody')).status).toBe(404);
  });
});
