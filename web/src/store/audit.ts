/**
 * The audit trail (docs/rules.md R-RECORD: "an audit trail shows who did what when"). Entries are
 * written by the repository functions inside the same transaction as the change they
 * describe, so there is never a change without its entry, nor an entry without its change.
 */
import type { ErjianDb } from './db.ts';
import type { AuditEntry } from './types.ts';

export function auditEntry(at: Date, actor: string, action: string, target: string, details?: Record<string, unknown>): AuditEntry {
  return details === undefined ? { at: at.toISOString(), actor, action, target } : { at: at.toISOString(), actor, action, target, details };
}

/** The history of one record (a verification, session, batch …), oldest first. */
export function auditTrail(db: ErjianDb, target: string): Promise<AuditEntry[]> {
  return db.audit.where('target').equals(target).sortBy('id');
}
