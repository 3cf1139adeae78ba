/**
 * Signed session statements (`erjian.session/1`, docs/records.md "Sessions"): a session's
 * start with the bench identity and its declared uncertainty (docs/rules.md R-UNCERT: they
 * decide whether a certificate may be issued), and its end or interruption with the raw-line
 * head it ended at. The `sessions` row stays the state that queries read; the checks hold it
 * to its statements (integrity.ts), so editing the row's bench or uRelPct is seen.
 *
 * Each statement is chained (recordChain.ts), queued for sync and audited in the same
 * transaction as the row it describes.
 */
import type { SessionEvent, SessionStatement } from './chainTypes.ts';
import type { ErjianDb } from './db.ts';
import { StorageError } from './errors.ts';
import { appendChained, type ChainBody } from './recordChain.ts';
import type { SessionRecord } from './recordTypes.ts';
import type { AuditEntry, DeviceIdentity } from './types.ts';

/** This PC's device, which signs: refuses a session of another device id. */
export async function signingDevice(db: ErjianDb, deviceId?: string): Promise<DeviceIdentity> {
  const device = await db.device.get('device');
  if (!device) throw new StorageError('device-missing', 'this PC has no device identity: reload the app');
  if (deviceId !== undefined && device.deviceId !== deviceId) {
    throw new StorageError('device-mismatch', `a session of this PC is run by device ${device.deviceId}, not ${deviceId}`);
  }
  return device;
}

export type SessionStatementBody = Pick<SessionStatement, 'event' | 'sessionId' | 'at' | 'actor' | 'bench' | 'reason' | 'head'>;

export function sessionStatementId(sessionId: string, event: SessionEvent, nth = 1): string {
  return nth === 1 ? `${sessionId}/${event}` : `${sessionId}/${event}/${nth}`;
}

export interface SessionWrite {
  /** inside the transaction, twice: the statement to sign (fails with the session's refusal) */
  statement: () => Promise<SessionStatementBody & { id: string }>;
  /** inside the writing transaction: the session row as it becomes */
  row: (statement: SessionStatement) => Promise<SessionRecord>;
  audit: (statement: SessionStatement) => AuditEntry;
}

/** Writes a session transition and its signed statement, outbox and audit entries together. */
export function writeSessionEvent(db: ErjianDb, device: DeviceIdentity, w: SessionWrite): Promise<SessionRecord> {
  return appendChained(db, device, {
    tables: [db.sessions, db.statements, db.outbox, db.audit],
    build: async (): Promise<ChainBody[]> => {
      const { id, ...body } = await w.statement();
      return [{ type: 'erjian.session/1', id, body: { id, ...body } }];
    },
    write: async ([r]) => {
      const statement = r!.record as unknown as SessionStatement;
      const row = await w.row(statement);
      await db.statements.add(statement);
      await db.outbox.add({ kind: 'statement', recordId: statement.id, createdAt: statement.at, attempts: 0 });
      await db.audit.add(w.audit(statement));
      return row;
    },
  });
}
