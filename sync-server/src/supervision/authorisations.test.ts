/**
 * The authorisation register through HTTP (docs/authorisations.md): registration and its
 * refusals, status changes recorded with reason / who / when / 文号 and pulled by bench PCs,
 * renewal only inside the window (clock moved), grant and refusal, and the public
 * announcement's exact fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserView } from '../identity/api.ts';
import { Browser, deviceKey, enrol, startTestServer, type TestServer } from '../identity/testServer.ts';
import { qb, run } from '../db/sql.ts';
import type { PullResponse } from '../../../web/src/sync/protocol.ts';
import type { PublicAnnouncements } from '../../../web/src/announcements/announcementSchema.ts';
import type { AuthorisationListResponse, AuthorisationView, GrantResponse, RenewalRequestView } from '../../../web/src/ui/supervision/authorisationProtocol.ts';

let s: TestServer;
const as: Record<string, Browser> = {};
let deviceToken = '';

const b = (name: string): Browser => {
  const browser = as[name];
  if (!browser) throw new Error(`no browser for ${name}`);
  return browser;
};

async function login(name: string): Promise<void> {
  as[name] = new Browser(s.url);
  expect((await b(name).login(name, 'password-1')).status, `${name} signs in`).toBe(200);
}

const certificate = {
  enterpriseId: 'ent-a',
  id: 'auth-a',
  certificateNo: '（鲁）法计〔2026〕二检合一第001号',
  category: '专项计量授权（二检合一）',
  scope: { minDn: 15, maxDn: 25, categories: ['cold-potable-water-meter'], models: ['LXS-15E', 'LXS-20E'] },
  issuedOn: '2026-10-30',
  expiresOn: '2029-10-29',
  institute: '泰安市计量科学研究院',
  decision: { reference: '泰市监量〔2026〕18号' },
};

async function pull(cursor?: string): Promise<PullResponse> {
  const res = await fetch(`${s.url}/api/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${deviceToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as PullResponse;
}

beforeAll(async () => {
  // 2026-11-30 16:00 in Tai'an; sessions last 12 h, so the status changes below stay within them
  s = await startTestServer({ start: '2026-11-30T08:00:00.000Z' });
  const root = (as.root = new Browser(s.url));
  await root.login('root', 'root-password');
  for (const e of [['ent-a', '泰安甲水表有限公司'], ['ent-b', '泰安乙水表有限公司'], ['ent-c', '泰安丙水表有限公司']]) expect((await root.post('/api/enterprises', { id: e[0], name: e[1] })).status).toBe(201);
  const people: [string, string, string[], string | null][] = [
    ['admin-a', '甲企业管理员', ['enterprise-admin'], 'ent-a'],
    ['op-a', '甲检定员', ['operator', 'approver'], 'ent-a'],
    ['admin-b', '乙企业管理员', ['enterprise-admin'], 'ent-b'],
    ['regulator', '王监管', ['regulator'], null],
  ];
  for (const [username, displayName, roles, enterpriseId] of people) {
    expect((await root.post<UserView>('/api/users', { username, displayName, password: 'password-1', roles, enterpriseId })).status).toBe(201);
    await login(username);
  }
  const code = await b('admin-a').post<{ code: string }>('/api/enterprises/ent-a/enrolment-codes');
  const enrolled = await enrol(s.url, { protocol: 1, code: code.body.code, deviceId: crypto.randomUUID(), publicKeyJwk: (await deviceKey()).publicKeyJwk });
  expect(enrolled.status).toBe(200);
  deviceToken = (enrolled.body as { token: string }).token;
});
afterAll(() => s.stop());

describe('registration', () => {
  it('refuses a printed expiry that is not 3 years after issue, naming the expected date', async () => {
    const res = await b('regulator').post('/api/supervision/authorisations', { ...certificate, expiresOn: '2028-10-29' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: 'expiry-not-validity-period', details: { expected: '2029-10-29' } });
    const before = await b('regulator').post('/api/supervision/authorisations', { ...certificate, expiresOn: '2026-10-01' });
    expect(before.body).toMatchObject({ reason: 'expiry-before-issue' });
  });

  it('refuses a scope outside the pilot (DN15–DN40 cold potable water meters) and a reversed DN range', async () => {
    const big = await b('regulator').post('/api/supervision/authorisations', { ...certificate, scope: { ...certificate.scope, maxDn: 50 } });
    expect([big.status, (big.body as { reason: string }).reason]).toEqual([400, 'scope-outside-pilot']);
    const hot = await b('regulator').post('/api/supervision/authorisations', { ...certificate, scope: { ...certificate.scope, categories: ['hot-water-meter'] } });
    expect((hot.body as { reason: string }).reason).toBe('scope-outside-pilot');
    const reversed = await b('regulator').post('/api/supervision/authorisations', { ...certificate, scope: { ...certificate.scope, minDn: 25, maxDn: 15 } });
    expect((reversed.body as { reason: string }).reason).toBe('scope-invalid');
  });

  it('is the regulator’s alone: the enterprise admin and the admin of another enterprise are refused', async () => {
    expect((await b('admin-a').post('/api/supervision/authorisations', certificate)).status).toBe(403);
    expect((await b('root').post('/api/supervision/authorisations', certificate)).status).toBe(403);
    // without the CSRF header a person's write is refused
    expect((await b('regulator').post('/api/supervision/authorisations', certificate, { csrf: false })).status).toBe(403);
  });

  it('registers with a "registered" event (who, when, 文号), and refuses the same id or certificate number again', async () => {
    const res = await b('regulator').post<AuthorisationView>('/api/supervision/authorisations', certificate);
    expect(res.status).toBe(201);
    expect(res.body.authorisation).toEqual({
      id: 'auth-a',
      enterpriseId: 'ent-a',
      certificateNo: certificate.certificateNo,
      issuedOn: '2026-10-30',
      expiresOn: '2029-10-29',
      category: certificate.category,
      institute: certificate.institute,
      scope: certificate.scope,
    });
    expect(res.body).toMatchObject({ status: 'active', validFrom: '2026-10-30', validUntil: '2029-10-29', renewalOpensOn: '2029-04-30', enterpriseName: '泰安甲水表有限公司', canRequestRenewal: false });
    expect(res.body.events).toEqual([
      expect.objectContaining({ kind: 'registered', decidedBy: '王监管', decidedOn: '2026-11-30', reference: '泰市监量〔2026〕18号', recordedBy: 'regulator', recordedAt: '2026-11-30T08:00:00.000Z' }),
    ]);
    expect((await b('regulator').post('/api/supervision/authorisations', certificate)).body).toMatchObject({ reason: 'exists' });
    const sameNo = await b('regulator').post('/api/supervision/authorisations', { ...certificate, id: 'auth-a2' });
    expect([sameNo.status, (sameNo.body as { reason: string }).reason]).toEqual([409, 'certificate-no-taken']);
  });

  it('lists: the regulator sees every enterprise, an enterprise person only their own', async () => {
    const all = await b('regulator').get<AuthorisationListResponse>('/api/supervision/authorisations');
    expect(all.body.today).toBe('2026-11-30');
    expect(all.body.authorisations.map((a) => a.authorisation.id)).toEqual(['auth-a']);
    expect((await b('op-a').get<AuthorisationListResponse>('/api/supervision/authorisations')).body.authorisations).toHaveLength(1);
    expect((await b('admin-b').get<AuthorisationListResponse>('/api/supervision/authorisations')).body.authorisations).toEqual([]);
    expect((await b('admin-b').get('/api/supervision/authorisations?enterpriseId=ent-a')).status).toBe(403);
  });
});

describe('status changes', () => {
  let cursor = '';

  it('the bench PC pulls the registered authorisation with its printed fields', async () => {
    const p = await pull();
    expect(p.authorisations).toEqual([expect.objectContaining({ id: 'auth-a', expiresOn: '2029-10-29', scope: certificate.scope })]);
    cursor = p.cursor;
  });

  it('a suspension needs a reason and a 文号; it is recorded with who and when, and the PC pulls it', async () => {
    const noRef = await b('regulator').post('/api/supervision/authorisations/auth-a/status', { action: 'suspend', reason: '抽检不合格' });
    expect(noRef.status).toBe(400);
    const noReason = await b('regulator').post('/api/supervision/authorisations/auth-a/status', { action: 'suspend', reason: ' ', reference: '泰市监量〔2026〕20号' });
    expect(noReason.status).toBe(400);
    const future = await b('regulator').post('/api/supervision/authorisations/auth-a/status', { action: 'suspend', reason: '抽检不合格', reference: '泰市监量〔2026〕20号', decidedOn: '2026-12-01' });
    expect(future.body).toMatchObject({ reason: 'decided-in-future' });

    s.now.value = new Date('2026-11-30T15:00:00.000Z'); // 23:00 in Tai'an
    const res = await b('regulator').post<AuthorisationView>('/api/supervision/authorisations/auth-a/status', { action: 'suspend', reason: '第二次抽检不合格，限期整改', reference: '泰市监量〔2026〕20号' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('suspended');
    expect(res.body.authorisation.suspensions).toEqual([{ from: '2026-11-30', reason: '第二次抽检不合格，限期整改', reference: '泰市监量〔2026〕20号' }]);
    expect(res.body.events.at(-1)).toMatchObject({ kind: 'suspended', reason: '第二次抽检不合格，限期整改', decidedBy: '王监管', decidedOn: '2026-11-30', reference: '泰市监量〔2026〕20号', recordedBy: 'regulator', details: { effectiveOn: '2026-11-30' } });
    expect((await b('regulator').post('/api/supervision/authorisations/auth-a/status', { action: 'suspend', reason: 'x', reference: 'y' })).body).toMatchObject({ reason: 'already-suspended' });

    const p = await pull(cursor);
    // the PC receives the 文号 with the suspension: its refusal names it
    expect(p.authorisations).toEqual([expect.objectContaining({ id: 'auth-a', suspensions: [{ from: '2026-11-30', reason: '第二次抽检不合格，限期整改', reference: '泰市监量〔2026〕20号' }] })]);
    cursor = p.cursor;
  });

  it('reinstatement closes the suspension; the status is active again', async () => {
    const early = await b('regulator').post('/api/supervision/authorisations/auth-a/status', { action: 'reinstate', reason: '整改合格', reference: '泰市监量〔2026〕25号', effectiveOn: '2026-11-30' });
    expect(early.body).toMatchObject({ reason: 'date-before-suspension' });
    s.now.value = new Date('2026-11-30T17:00:00.000Z'); // 2026-12-01 01:00 in Tai'an (still 30 November in UTC)
    const res = await b('regulator').post<AuthorisationView>('/api/supervision/authorisations/auth-a/status', { action: 'reinstate', reason: '整改合格', reference: '泰市监量〔2026〕25号', decidedBy: '泰安市市场监督管理局' });
    expect(res.body.status).toBe('active');
    expect(res.body.authorisation.suspensions).toEqual([{ from: '2026-11-30', until: '2026-12-01', reason: '第二次抽检不合格，限期整改', reference: '泰市监量〔2026〕20号' }]);
    expect(res.body.events.map((e) => [e.kind, e.decidedBy, e.decidedOn])).toEqual([
      ['registered', '王监管', '2026-11-30'],
      ['suspended', '王监管', '2026-11-30'],
      ['reinstated', '泰安市市场监督管理局', '2026-12-01'],
    ]);
    expect((await b('regulator').post('/api/supervision/authorisations/auth-a/status', { action: 'reinstate', reason: 'x', reference: 'y' })).body).toMatchObject({ reason: 'not-suspended' });
    cursor = (await pull(cursor)).cursor;
  });

  it('an amendment records what was before and after', async () => {
    const res = await b('regulator').post<AuthorisationView>('/api/supervision/authorisations/auth-a/amend', { reason: '增加型号', reference: '泰市监量〔2026〕26号', scope: { ...certificate.scope, models: ['LXS-15E', 'LXS-20E', 'LXS-25E'] } });
    expect(res.status).toBe(200);
    const last = res.body.events.at(-1);
    expect(last?.kind).toBe('amended');
    expect((last?.details.before as { scope: { models: string[] } }).scope.models).toEqual(['LXS-15E', 'LXS-20E']);
    expect((last?.details.after as { scope: { models: string[] } }).scope.models).toEqual(['LXS-15E', 'LXS-20E', 'LXS-25E']);
    const bad = await b('regulator').post('/api/supervision/authorisations/auth-a/amend', { reason: '改有效期', expiresOn: '2030-01-01' });
    expect(bad.body).toMatchObject({ reason: 'expiry-not-validity-period' });
  });

  it('a revocation on a separate authorisation is final and pulled by the enterprise’s PC only', async () => {
    const reg = await b('regulator').post('/api/supervision/authorisations', { ...certificate, enterpriseId: 'ent-b', id: 'auth-b', certificateNo: '（鲁）法计〔2026〕二检合一第002号' });
    expect(reg.status).toBe(201);
    const res = await b('regulator').post<AuthorisationView>('/api/supervision/authorisations/auth-b/status', { action: 'revoke', reason: '第三次抽检不合格', reference: '泰市监量〔2026〕30号' });
    expect(res.body.status).toBe('revoked');
    expect(res.body.authorisation.revokedOn).toBe('2026-12-01');
    expect((await b('regulator').post('/api/supervision/authorisations/auth-b/status', { action: 'reinstate', reason: 'x', reference: 'y' })).body).toMatchObject({ reason: 'already-revoked' });
    // ent-a's PC does not receive ent-b's authorisation
    expect((await pull(cursor)).authorisations.map((a) => a.id)).toEqual(['auth-a']);
  });

  it('a revocation of the PC’s own authorisation reaches the PC', async () => {
    const reg = await b('regulator').post('/api/supervision/authorisations', { ...certificate, id: 'auth-a-old', certificateNo: '（鲁）法计〔2023〕二检合一第009号', issuedOn: '2023-11-01', expiresOn: '2026-10-31' });
    expect(reg.status).toBe(201);
    const p1 = await pull(cursor);
    const revoke = await b('regulator').post<AuthorisationView>('/api/supervision/authorisations/auth-a-old/status', { action: 'revoke', reason: '过期后注销', reference: '泰市监量〔2026〕31号' });
    expect(revoke.body.status).toBe('revoked');
    const p2 = await pull(p1.cursor);
    // (the cursor is inclusive of its instant: what was written at the same clock reading comes again)
    expect(p2.authorisations).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'auth-a-old', revokedOn: '2026-12-01', revokedReference: '泰市监量〔2026〕31号' })]));
    cursor = p2.cursor;
  });
});

describe('renewal', () => {
  let requestId = '';

  it('is refused before the window opens, with the date it opens', async () => {
    s.now.value = new Date('2029-04-29T15:59:00.000Z'); // 2029-04-29 23:59 in Tai'an
    await login('admin-a');
    const list = await b('admin-a').get<AuthorisationListResponse>('/api/supervision/authorisations');
    const a = list.body.authorisations.find((x) => x.authorisation.id === 'auth-a');
    expect(a).toMatchObject({ windowOpen: false, daysUntilWindowOpens: 1, canRequestRenewal: false });
    const res = await b('admin-a').post('/api/supervision/authorisations/auth-a/renewal-requests', { note: '申请复查换证' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ reason: 'renewal-window-not-open', details: { renewalOpensOn: '2029-04-30' } });
  });

  it('is accepted inside the window, once; another enterprise and other roles cannot ask', async () => {
    s.now.value = new Date('2029-04-29T16:00:00.000Z'); // 2029-04-30 00:00 in Tai'an
    const list = await b('admin-a').get<AuthorisationListResponse>('/api/supervision/authorisations');
    expect(list.body.authorisations.find((x) => x.authorisation.id === 'auth-a')).toMatchObject({ windowOpen: true, canRequestRenewal: true, daysUntilExpiry: 182 });
    await login('admin-b');
    expect((await b('admin-b').post('/api/supervision/authorisations/auth-a/renewal-requests', {})).status).toBe(403);
    const res = await b('admin-a').post<RenewalRequestView>('/api/supervision/authorisations/auth-a/renewal-requests', { note: '申请复查换证' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ authorisationId: 'auth-a', status: 'open', requestedBy: 'admin-a', note: '申请复查换证' });
    requestId = res.body.id;
    expect((await b('admin-a').post('/api/supervision/authorisations/auth-a/renewal-requests', {})).body).toMatchObject({ reason: 'renewal-already-requested' });
    // the expired older authorisation cannot be renewed
    expect((await b('admin-a').post('/api/supervision/authorisations/auth-a-old/renewal-requests', {})).body).toMatchObject({ reason: 'renewal-not-allowed-revoked' });
  });

  it('the regulator grants with a new certificate: a new authorisation, the old one marked renewed', async () => {
    await login('regulator');
    const future = await b('regulator').post(`/api/supervision/renewal-requests/${requestId}/grant`, { certificateNo: '（鲁）法计〔2029〕二检合一第004号', issuedOn: '2029-05-10', expiresOn: '2032-05-09', reason: '复查合格', reference: '泰市监量〔2029〕8号' });
    expect(future.body).toMatchObject({ reason: 'renewal-issued-in-future' });
    const res = await b('regulator').post<GrantResponse>(`/api/supervision/renewal-requests/${requestId}/grant`, {
      id: 'auth-a-2029',
      certificateNo: '（鲁）法计〔2029〕二检合一第004号',
      issuedOn: '2029-04-30',
      expiresOn: '2032-04-29',
      reason: '复查合格',
      reference: '泰市监量〔2029〕8号',
    });
    expect(res.status).toBe(200);
    expect(res.body.request).toMatchObject({ status: 'granted', decidedBy: '王监管', decisionReason: '复查合格' });
    expect(res.body.authorisation).toMatchObject({ status: 'active', validUntil: '2032-04-29' });
    expect(res.body.authorisation.authorisation).toMatchObject({ id: 'auth-a-2029', category: certificate.category, institute: certificate.institute, scope: { models: ['LXS-15E', 'LXS-20E', 'LXS-25E'] } });
    const list = await b('admin-a').get<AuthorisationListResponse>('/api/supervision/authorisations');
    const old = list.body.authorisations.find((x) => x.authorisation.id === 'auth-a');
    expect(old).toMatchObject({ renewedBy: 'auth-a-2029', canRequestRenewal: false });
    expect(old?.events.at(-1)).toMatchObject({ kind: 'renewed', reference: '泰市监量〔2029〕8号', details: { newAuthorisationId: 'auth-a-2029' } });
    expect((await b('regulator').post(`/api/supervision/renewal-requests/${requestId}/refuse`, { reason: 'x' })).body).toMatchObject({ reason: 'renewal-request-decided' });
  });

  it('a refusal records the reason', async () => {
    const open = await b('admin-a').post<RenewalRequestView>('/api/supervision/authorisations/auth-a-2029/renewal-requests', {});
    expect(open.body).toMatchObject({ reason: 'renewal-window-not-open' });
    // a request on ent-b is impossible (revoked); make one through the database to refuse it
    run(s.running.deps.db, qb.insertInto('renewal_requests').values({ id: 'r-x', authorisation_id: 'auth-b', enterprise_id: 'ent-b', requested_by: 'admin-b', requested_at: s.now.value.toISOString(), note: '', status: 'open', decided_by: null, decided_at: null, decision_reason: null }));
    expect((await b('admin-a').post('/api/supervision/renewal-requests/r-x/refuse', { reason: 'x' })).status).toBe(403);
    const res = await b('regulator').post<RenewalRequestView>('/api/supervision/renewal-requests/r-x/refuse', { reason: '授权已撤销，不予延续', reference: '泰市监量〔2029〕9号' });
    expect(res.body).toMatchObject({ status: 'refused', decisionReason: '授权已撤销，不予延续', decidedBy: '王监管' });
  });
});

describe('public announcement', () => {
  it('without a login: each unit with exactly the public fields, statuses on the server’s Tai’an date, published penalties only', async () => {
    const db = s.running.deps.db;
    const penalty = (published: number, date: string, reason: string) =>
      run(db, qb.insertInto('penalty_events').values({ enterprise_id: 'ent-b', body: JSON.stringify({ type: 'non-conforming-sampling', date, reason, decidedBy: '王监管', reference: '泰市监量〔2026〕29号', batchId: 'B-1' }), type: 'non-conforming-sampling', event_date: date, published, recorded_by: 'regulator', recorded_at: s.now.value.toISOString() }));
    penalty(1, '2026-12-15', '抽检发现不合格水表，整批退货');
    penalty(0, '2026-12-16', '未公开的记录');
    const res = await fetch(`${s.url}/api/public/announcements`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const body = (await res.json()) as PublicAnnouncements;
    expect(body.asOf).toBe('2029-04-30');
    expect(body.units.map((u) => u.enterpriseName)).toEqual(['泰安甲水表有限公司', '泰安乙水表有限公司']);
    const a = body.units[0];
    expect(a?.authorisations.map((x) => [x.certificateNo, x.status])).toEqual([
      ['（鲁）法计〔2029〕二检合一第004号', 'active'],
      ['（鲁）法计〔2026〕二检合一第001号', 'active'],
      ['（鲁）法计〔2023〕二检合一第009号', 'revoked'],
    ]);
    expect(a?.authorisations[0]).toEqual({
      certificateNo: '（鲁）法计〔2029〕二检合一第004号',
      category: '专项计量授权（二检合一）',
      scope: { minDn: 15, maxDn: 25, categories: ['cold-potable-water-meter'], models: ['LXS-15E', 'LXS-20E', 'LXS-25E'] },
      validFrom: '2029-04-30',
      validUntil: '2032-04-29',
      status: 'active',
      institute: '泰安市计量科学研究院',
    });
    expect(body.units[1]?.penalties).toEqual([{ date: '2026-12-15', type: 'non-conforming-sampling', reason: '抽检发现不合格水表，整批退货', reference: '泰市监量〔2026〕29号' }]);
    // no internal ids, accounts or people's names anywhere in the public answer
    const text = JSON.stringify(body);
    for (const secret of ['auth-a', 'ent-a', 'ent-b', 'regulator', '王监管', 'admin-a', 'B-1']) expect(text, secret).not.toContain(secret);
    // an enterprise with neither authorisation nor published penalty is not listed
    expect(text).not.toContain('泰安丙水表有限公司');
  });

  it('the old reference API still writes, and its write is in the register’s history', async () => {
    const put = await b('regulator').put('/api/enterprises/ent-c/authorisations/auth-c', { id: 'auth-c', enterpriseId: 'ent-c', certificateNo: 'C-1', issuedOn: '2029-01-05', scope: { minDn: 15, maxDn: 25, categories: ['cold-potable-water-meter'] } });
    expect(put.status).toBe(200);
    const list = await b('regulator').get<AuthorisationListResponse>('/api/supervision/authorisations?enterpriseId=ent-c');
    expect(list.body.authorisations[0]?.events).toEqual([expect.objectContaining({ kind: 'registered', recordedBy: 'regulator', reference: null, details: expect.objectContaining({ via: 'reference-api' }) })]);
    // an older body without the printed fields: 3 years computed
    expect(list.body.authorisations[0]).toMatchObject({ validUntil: '2032-01-04', status: 'active' });
  });

  it('serves the page at /announcements (or says it is not built)', async () => {
    const res = await fetch(`${s.url}/announcements`);
    // the test server's static root holds no build: the answer says so rather than serving the app
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('announcements.html');
  });
});

describe('public announcement: rate limit', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ config: { lookupRatePerMinute: 2 } });
  });
  afterAll(() => limited.stop());

  it('answers 429 once an address asks more often than the lookup rate', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${limited.url}/api/public/announcements`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
