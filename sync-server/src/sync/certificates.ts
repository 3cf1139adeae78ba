/**
 * A pushed certificate or notice (`erjian.certificate/1`; docs/records.md "Certificates"):
 * the issuance decision is made again on the server, with the server's own authorisation
 * data, enterprise standing, meter type, the benches of the sessions' signed starts and the
 * server's clock for the day of issue (domain `batchIssuance`, the store's `noticeIssuance`:
 * the same rules code as the PC's). A PC with a stale cache, or a clock set back to before a
 * suspension, cannot make the server hold a certificate the authority would not allow.
 */
import { batchIssuance, pilotDate, type Authorisation } from '../../../web/src/domain/index.ts';
import { readStoredStanding } from '../../../web/src/sync/standing.ts';
import { noticeIssuance } from '../../../web/src/store/certificates.ts';
import type { VerificationRecord } from '../../../web/src/store/recordTypes.ts';
import { all, first, qb } from '../db/sql.ts';
import { Refusal, type IngestContext } from './context.ts';
import { batchFacts } from './projection.ts';
import type { CertificateBody } from './wire.ts';

export function checkCertificate(ctx: IngestContext, c: CertificateBody): Refusal | null {
  if (c.status !== 'issued') return null; // a withdrawal or a draft allows nothing
  const batch = batchFacts(ctx, c.batchId);
  if (batch instanceof Refusal) return batch;
  if (c.verificationIds.length === 0) return new Refusal('not-authorised', 'the document lists no verification');
  const listed = c.verificationIds.length === 0 ? [] : all(
    ctx.db,
    qb
      .selectFrom('public_meters as p')
      .innerJoin('sync_records as r', (j) => j.onRef('r.device_id', '=', 'p.device_id').onRef('r.record_id', '=', 'p.verification_id'))
      .select(['p.verification_id', 'p.serial', 'p.batch_id', 'p.conclusion', 'p.verification_date', 'p.superseded_by', 'r.body'])
      .where('r.type', '=', 'erjian.verification/2')
      .where('p.enterprise_id', '=', ctx.enterpriseId)
      .where('p.verification_id', 'in', c.verificationIds),
  );
  const found = new Set(listed.map((l) => l.verification_id));
  const missing = c.verificationIds.filter((id) => !found.has(id));
  if (missing.length > 0) return new Refusal('not-authorised', `verification(s) ${missing.join(', ')} are not accepted on the server (yet)`, true);
  const foreign = listed.find((l) => l.batch_id !== c.batchId);
  if (foreign) return new Refusal('not-authorised', `verification ${foreign.verification_id} is of batch ${foreign.batch_id}, not ${c.batchId}`);

  const enterprise = first(ctx.db, qb.selectFrom('enterprises').select(['id', 'standing']).where('id', '=', ctx.enterpriseId));
  const authorisations = all(ctx.db, qb.selectFrom('authorisations').select('body').where('enterprise_id', '=', ctx.enterpriseId)).map((a) => JSON.parse(a.body) as Authorisation);
  const records = listed.map((l) => JSON.parse(l.body) as VerificationRecord);
  const benches = new Map<string, { id: string; uRelPct: number | null }>();
  for (const r of records) {
    const s = first(ctx.db, qb.selectFrom('sync_sessions').select(['bench_id', 'u_rel_pct']).where('session_id', '=', r.sessionId).where('enterprise_id', '=', ctx.enterpriseId));
    const id = s?.bench_id ?? `session ${r.sessionId}`;
    benches.set(`${id}\u0000${s?.u_rel_pct ?? ''}`, { id, uRelPct: s?.u_rel_pct ?? null });
  }
  const profile = ctx.profiles[0]!;
  const decision = batchIssuance(
    {
      // The day of issue is the server's, never the PC's (issue 12: "the server's own authorisation data and clock").
      onDate: pilotDate(ctx.now, profile),
      meterType: { dn: batch.meterType.dn, accuracyClass: batch.meterType.accuracyClass as 1 | 2, model: batch.meterType.model },
      // the ladder as the server holds it: a model blocked by a non-conforming sampling is refused too (docs/penalties.md)
      enterprise: enterprise ? { id: enterprise.id, ...readStoredStanding(enterprise.standing) } : null,
      authorisations,
      benches: [...benches.values()],
      meters: records.map((r) => ({ serial: r.serial, passed: r.verdict.passed, verificationDate: r.verificationDate })),
    },
    profile,
  );
  if (c.document === 'notice') {
    const notice = noticeIssuance({ verifications: records }, decision);
    if (!notice.allowed) return new Refusal('not-authorised', notice.blocks.map((b) => b.message).join('; '));
    const passed = records.find((r) => r.verdict.passed);
    if (passed) return new Refusal('not-authorised', `a notice lists failed meters only; ${passed.serial} passed`);
    return null;
  }
  if (!decision.certificate.allowed) return new Refusal('not-authorised', decision.certificate.blocks.map((b) => b.message).join('; '));
  const refused = decision.meters.find((m) => !m.issuable);
  if (refused) return new Refusal('not-authorised', `meter ${refused.serial} may not be certified: ${refused.block ?? 'not issuable'}`);
  return null;
}
