/**
 * Rows of `public_meters` and recall notices as the sync ingest and the recall workflow
 * write them, for the lookup's tests (server and browser). Every internal value is
 * distinctive, so a test can search an answer for it.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../db/open.ts';
import { run, qb } from '../db/sql.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import type { RecallMeterStatus, RecallRow } from '../db/tables/lookup.ts';

let counter = 0;

/** A passed DN15 meter's public row; `overrides` set what a test is about. */
export function publicMeterRow(overrides: Partial<PublicMeterRow> & Pick<PublicMeterRow, 'serial'>): PublicMeterRow {
  counter += 1;
  const n = String(counter).padStart(4, '0');
  return {
    verification_id: `verif-internal-${n}-7f3a`,
    enterprise_id: 'ent-internal-taian-01',
    device_id: `0d1c2b3a-4f5e-4a6b-8c7d-00000000${n}`,
    batch_id: `batch-internal-${n}`,
    instrument_name: '冷水水表',
    model: 'LXS-15E',
    accuracy_class: '2级',
    manufacturer: '泰安示例水表有限公司',
    production_date: '2026-02-20',
    verification_date: '2026-03-02',
    valid_until: '2032-03-01',
    conclusion: '合格',
    institution: '泰安市法定计量检定机构（演示）',
    record_hash: `${n}`.padEnd(64, 'e'),
    created_at: '2026-03-02T02:00:00.000Z',
    received_at: '2026-03-02T03:00:00.000Z',
    superseded_by: null,
    integrity: 'verified',
    ...overrides,
  };
}

export function insertPublicMeter(db: Db, row: PublicMeterRow): PublicMeterRow {
  run(db, qb.insertInto('public_meters').values(row));
  return row;
}

export function insertRecall(db: Db, recall: Insertable<RecallRow>, serials: readonly { serial: string; status: RecallMeterStatus }[]): void {
  db.transaction(() => {
    run(db, qb.insertInto('recalls').values(recall));
    for (const m of serials) run(db, qb.insertInto('recall_meters').values({ recall_id: recall.id, serial: m.serial, status: m.status }));
  })();
}
