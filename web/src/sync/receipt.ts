/**
 * Checking a push receipt (`erjian.receipt/1`, docs/sync.md "Receipts") before anything of
 * the push answer is stored: it must name this device and this push, be signed by the key
 * the server gave at enrolment (kid and signature), and name the heads the answer names.
 * A receipt that fails is refused: the PC keeps nothing of that answer, so a forged answer
 * cannot mark records synced or anchor the chain at heads the server never held.
 */
import { signedBytes, trustedKey, verifyBytes, withoutSignature } from '../store/signing.ts';
import type { SyncEnrolment } from '../store/syncTypes.ts';
import { canonicalJson } from '../store/chain.ts';
import type { Heads, Receipt } from './protocol.ts';

export type ReceiptProblem = 'kid-differs' | 'device-differs' | 'push-differs' | 'heads-differ' | 'bad-signature';

export async function checkReceipt(
  receipt: Receipt,
  expected: { serverKey: SyncEnrolment['serverKey']; deviceId: string; pushId: string; heads: Heads },
): Promise<ReceiptProblem | null> {
  if (receipt.kid !== expected.serverKey.kid) return 'kid-differs';
  if (receipt.deviceId !== expected.deviceId) return 'device-differs';
  if (receipt.pushId !== expected.pushId) return 'push-differs';
  if (canonicalJson(receipt.heads) !== canonicalJson(expected.heads)) return 'heads-differ';
  const key = await trustedKey(expected.serverKey.publicKeyJwk);
  // The kid the enrolment named must be this key's own thumbprint, or a swapped key could pass.
  if (key.kid !== expected.serverKey.kid) return 'kid-differs';
  return (await verifyBytes(key, signedBytes(withoutSignature(receipt)), receipt.signature)) ? null : 'bad-signature';
}
