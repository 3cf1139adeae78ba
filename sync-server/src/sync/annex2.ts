/**
 * The Annex-2 fields of one `public_meters` row (docs/rules.md R-PUBLIC): what the public
 * lookup answers and the NQI record carries. Copied key by key, never spread, so a column
 * added to the table cannot leak out through either.
 */
import type { Annex2Key } from '../../../web/src/sync/protocol.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';

export type Annex2Fields = Pick<PublicMeterRow, Annex2Key>;

export function annex2Of(row: Annex2Fields): Annex2Fields {
  return {
    instrument_name: row.instrument_name,
    model: row.model,
    serial: row.serial,
    accuracy_class: row.accuracy_class,
    manufacturer: row.manufacturer,
    production_date: row.production_date,
    verification_date: row.verification_date,
    valid_until: row.valid_until,
    conclusion: row.conclusion,
    institution: row.institution,
  };
}
