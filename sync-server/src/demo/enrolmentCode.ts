/**
 * The demo's enrolment code: printed at start and handed to the PWA demo by
 * GET /api/demo/enrolment-code (only when `config.demo`), so the demo PC enrols itself with
 * one click. Kept in memory only (the database holds its hash like any code); a new one is
 * made when it was used or has expired.
 */
import type { AppDeps } from '../deps.ts';
import { first, qb } from '../db/sql.ts';
import type { EnrolmentCodeView } from '../identity/api.ts';
import { makeEnrolmentCode, normaliseCode } from '../identity/enrolment.ts';
import { sha256Hex } from '../identity/secrets.ts';
import { findUserByName } from '../identity/store.ts';
import { demoEnterprise } from './seed.ts';

export class DemoEnrolmentCode {
  private current: EnrolmentCodeView | null = null;
  constructor(private readonly deps: AppDeps) {}

  /** A code of the demo enterprise that is still usable (null when there is no demo enterprise). */
  code(): EnrolmentCodeView | null {
    const { deps } = this;
    if (this.current && this.usable(this.current)) return this.current;
    const enterprise = first(deps.db, qb.selectFrom('enterprises').select('id').where('id', '=', demoEnterprise.id));
    if (!enterprise) return null;
    const maker = findUserByName(deps, 'ent-admin') ?? findUserByName(deps, 'admin');
    this.current = makeEnrolmentCode(deps, demoEnterprise.id, maker?.id ?? 'demo');
    return this.current;
  }

  private usable(c: EnrolmentCodeView): boolean {
    const row = first(this.deps.db, qb.selectFrom('enrolment_codes').select(['used_at', 'expires_at']).where('code_hash', '=', sha256Hex(normaliseCode(c.code))));
    return !!row && row.used_at === null && Date.parse(row.expires_at) - this.deps.clock().getTime() > 60_000;
  }
}
