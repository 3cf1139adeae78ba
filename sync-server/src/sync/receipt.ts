/**
 * The server-signed receipt of a push (`erjian.receipt/1`; docs/sync.md "Receipts"): the
 * device's heads as the server holds them after the push, the server's own receipt time, and
 * how many lines and items it took — signed ES256 with the server's key (identity/serverKey.ts)
 * over the canonical JSON, as the PC signs its records. The PC keeps it: it anchors the PC's
 * chains at those heads (docs/records.md "What does see it").
 */
import type { Heads, Receipt } from '../../../web/src/sync/protocol.ts';
import type { Db } from '../db/open.ts';
import { qb, run } from '../db/sql.ts';
import type { ServerKey } from '../identity/serverKey.ts';

export interface ReceiptInput {
  deviceId: string;
  pushId: string;
  receivedAt: string;
  heads: Heads;
  accepted: number;
}

export async function signReceipt(key: ServerKey, r: ReceiptInput): Promise<Receipt> {
  const unsigned = { type: 'erjian.receipt/1' as const, alg: 'ES256' as const, kid: key.kid, deviceId: r.deviceId, pushId: r.pushId, receivedAt: r.receivedAt, heads: r.heads, accepted: r.accepted };
  return { ...unsigned, signature: await key.sign(unsigned) };
}

/** Kept so an operator can show what the server acknowledged; a push sent again replaces its receipt. */
export function storeReceipt(db: Db, receipt: Receipt): void {
  const row = { push_id: receipt.pushId, device_id: receipt.deviceId, received_at: receipt.receivedAt, accepted: receipt.accepted, receipt: JSON.stringify(receipt) };
  run(db, qb.insertInto('sync_receipts').values(row).onConflict((oc) => oc.column('push_id').doUpdateSet({ received_at: row.received_at, accepted: row.accepted, receipt: row.receipt })));
}
