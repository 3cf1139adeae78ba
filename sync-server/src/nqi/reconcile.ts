/**
 * The reconciliation report (docs/nqi.md "Reconciliation"): what the server holds as
 * published-to-be — per meter (a serial of an enterprise) its current record, the one the
 * public lookup shows (the newest non-superseded, docs/sync.md "Conflicts"), if it passed —
 * against what the platform
 * holds (its list by verification date), per civil day (Asia/Shanghai, the verification
 * date of the record, docs/rules.md R-DATE) and per batch:
 *
 * - missing: the server holds it, the platform does not (not sent yet, dead letter, lost);
 * - mismatched: both hold it and a compared field differs (listed field by field);
 * - extra: the platform holds a record the server does not expect — a second copy of one
 *   (a replay the platform did not deduplicate), a superseded one or a conflict's older record
 *   left active, an unknown one.
 *
 * Withdrawn platform records are not published, so they are neither matched nor extra.
 */
import type { Db } from '../db/open.ts';
import { all, first, qb } from '../db/sql.ts';
import type { NqiOutboxState } from '../db/tables/nqi.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import type { NqiAdapter, NqiPlatformRecord } from './adapter.ts';
import { buildRecord, canonicalJson, comparedKeys } from './record.ts';

export interface FieldDifference {
  field: string;
  server: unknown;
  platform: unknown;
}

export interface ReconciliationDifference {
  kind: 'missing' | 'mismatched' | 'extra';
  verification_date: string;
  batch_id: string | null;
  verification_id: string | null;
  serial: string | null;
  platform_id: string | null;
  fields: FieldDifference[];
  /** for a missing record: the state of its latest outbox row (why it is missing), null when never queued */
  publication: NqiOutboxState | null;
}

export interface ReconciliationCounts {
  expected: number;
  on_platform: number;
  matched: number;
  missing: number;
  mismatched: number;
  extra: number;
}

export interface ReconciliationReport {
  from: string;
  to: string;
  generated_at: string;
  totals: ReconciliationCounts;
  days: (ReconciliationCounts & { date: string; batches: (ReconciliationCounts & { batch_id: string | null })[] })[];
  differences: ReconciliationDifference[];
}

export class PlatformUnavailableError extends Error {
  constructor(
    readonly date: string,
    message: string,
  ) {
    super(message);
  }
}

/** At most this many days per report: a quarter. */
export const maxReportDays = 92;

export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length <= maxReportDays; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const zero = (): ReconciliationCounts => ({ expected: 0, on_platform: 0, matched: 0, missing: 0, mismatched: 0, extra: 0 });

export async function reconcile(db: Db, adapter: NqiAdapter, range: { from: string; to: string }, now: Date): Promise<ReconciliationReport> {
  const days = datesBetween(range.from, range.to);
  const differences: ReconciliationDifference[] = [];
  const report: ReconciliationReport = { from: range.from, to: range.to, generated_at: now.toISOString(), totals: zero(), days: [], differences };

  for (const date of days) {
    const listed = await adapter.listByDay(date);
    if (!listed.ok) throw new PlatformUnavailableError(date, `the NQI platform did not list ${date}: ${listed.message}`);
    const platform = listed.value.filter((r) => r.status === 'active');
    const expected = all(db, currentPassedOfDay(date));
    const bySource = new Map<string, NqiPlatformRecord[]>();
    for (const r of platform) bySource.set(r.record.source_id, [...(bySource.get(r.record.source_id) ?? []), r]);

    const day = { date, ...zero(), batches: new Map<string | null, ReconciliationCounts>() };
    const count = (batch: string | null, key: keyof ReconciliationCounts) => {
      day[key]++;
      report.totals[key]++;
      let b = day.batches.get(batch);
      if (!b) day.batches.set(batch, (b = zero()));
      b[key]++;
    };

    for (const row of expected) {
      count(row.batch_id, 'expected');
      const copies = bySource.get(row.verification_id) ?? [];
      bySource.delete(row.verification_id);
      const [held, ...more] = copies;
      const base = { verification_date: date, batch_id: row.batch_id, verification_id: row.verification_id, serial: row.serial };
      if (!held) {
        count(row.batch_id, 'missing');
        const latest = first(db, qb.selectFrom('nqi_outbox').select('state').where('verification_id', '=', row.verification_id).orderBy('id', 'desc').limit(1));
        differences.push({ kind: 'missing', ...base, platform_id: null, fields: [], publication: latest?.state ?? null });
      } else {
        count(row.batch_id, 'on_platform');
        const fields = compare(db, row, held);
        if (fields.length === 0) count(row.batch_id, 'matched');
        else {
          count(row.batch_id, 'mismatched');
          differences.push({ kind: 'mismatched', ...base, platform_id: held.platform_id, fields, publication: null });
        }
      }
      for (const extra of more) {
        count(row.batch_id, 'on_platform');
        count(row.batch_id, 'extra');
        differences.push({ kind: 'extra', ...base, platform_id: extra.platform_id, fields: [], publication: null });
      }
    }
    for (const [sourceId, copies] of bySource) {
      const known = first(db, qb.selectFrom('public_meters').select('batch_id').where('verification_id', '=', sourceId));
      const batch = known?.batch_id ?? null;
      for (const extra of copies) {
        count(batch, 'on_platform');
        count(batch, 'extra');
        differences.push({ kind: 'extra', verification_date: date, batch_id: batch, verification_id: sourceId, serial: extra.record.serial, platform_id: extra.platform_id, fields: [], publication: null });
      }
    }
    report.days.push({ ...day, batches: [...day.batches].map(([batch_id, c]) => ({ batch_id, ...c })) });
  }
  return report;
}

/**
 * The meters' current records of `date` that passed: passed, non-superseded, and no other
 * non-superseded record of the same serial and enterprise comes after it in the lookup's order
 * (device time `created_at`, then `received_at`, then id; lookup/publicMeter.ts). A meter whose
 * current record failed, or is of another date, expects nothing of this date.
 */
function currentPassedOfDay(date: string) {
  return qb
    .selectFrom('public_meters as m')
    .selectAll('m')
    .where('m.conclusion', '=', '合格')
    .where('m.superseded_by', 'is', null)
    .where('m.verification_date', '=', date)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('public_meters as n')
            .select('n.verification_id')
            .whereRef('n.enterprise_id', '=', 'm.enterprise_id')
            .whereRef('n.serial', '=', 'm.serial')
            .where('n.superseded_by', 'is', null)
            .where((o) =>
              o.or([
                o('n.created_at', '>', o.ref('m.created_at')),
                o.and([
                  o('n.created_at', '=', o.ref('m.created_at')),
                  o.or([
                    o('n.received_at', '>', o.ref('m.received_at')),
                    o.and([o('n.received_at', '=', o.ref('m.received_at')), o('n.verification_id', '>', o.ref('m.verification_id'))]),
                  ]),
                ]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('m.batch_id')
    .orderBy('m.serial');
}

/** The compared fields that differ between what the server would send now and what the platform holds. */
function compare(db: Db, row: PublicMeterRow, held: NqiPlatformRecord): FieldDifference[] {
  const ours = buildRecord(db, row, null);
  const theirs = held.record as Record<string, unknown>;
  const out: FieldDifference[] = [];
  for (const field of comparedKeys) {
    if (canonicalJson(ours[field]) !== canonicalJson(theirs[field] ?? null)) out.push({ field, server: ours[field], platform: theirs[field] ?? null });
  }
  return out;
}
