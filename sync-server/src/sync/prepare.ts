/**
 * The first half of a push (docs/sync.md "What the server trusts"): signature checks and
 * SHA-256, done BEFORE the ingest transaction, which is synchronous (better-sqlite3) so that
 * no other request can interleave with it. Both on node:crypto, tested equal to the PC's
 * WebCrypto code: signatures in its thread pool (signatures.ts), hashes synchronously (hashing.ts).
 *
 * A signed object is checked over the JSON exactly as received, before any schema reads it:
 * a field injected into a signed object changes the canonical bytes and fails the signature
 * (`bad-signature`), it is never silently dropped. The key is the one enrolled for the device
 * (requireDevice), never one a payload names. Each line's hash is recomputed with the PC's own
 * hash definition (`lineHash`, web/src/store/chain.ts, computed synchronously: hashing.ts);
 * the transaction compares it.
 */
import { canonicalJson } from '../../../web/src/store/chain.ts';
import { signedBytes, withoutSignature, type TrustedKey } from '../../../web/src/store/signing.ts';
import { verifySignature } from './signatures.ts';
import { prepareBenchConfig, type PreparedBenchConfig } from './benchConfigs.ts';
import { bytesHashSync, lineHashSync } from './hashing.ts';
import type { PushItem, PushRequest, RawLine, RejectReason } from '../../../web/src/sync/protocol.ts';
import { auditBodySchema, batchBodySchema, checkpointBodySchema, recordBodySchema, type AuditBody, type BatchBody, type CheckpointBody, type RecordBody } from './wire.ts';

/** One pushed item's body may not exceed this (the whole body is limited by the app's bodyLimit). */
export const maxItemBytes = 512 * 1024;

export interface PreparedLine {
  line: RawLine;
  /** lineHash recomputed over the line's fields */
  computed: string;
}

export type Prepared =
  | { kind: 'checkpoint'; id: string; ok: true; body: CheckpointBody; json: string; hash: string }
  | { kind: 'record'; id: string; ok: true; body: RecordBody; json: string; hash: string }
  | { kind: 'batch'; id: string; ok: true; body: BatchBody; json: string; hash: string }
  | { kind: 'audit'; id: string; ok: true; body: AuditBody; json: string; hash: string }
  | PreparedBenchConfig
  | { kind: PushItem['kind']; id: string; ok: false; reason: RejectReason; message: string; retry: boolean };

export interface PreparedPush {
  lines: PreparedLine[];
  items: Prepared[];
}

export interface Signer {
  deviceId: string;
  key: TrustedKey;
}

const refuse = (item: PushItem, reason: RejectReason, message: string, retry = false): Prepared => ({ kind: item.kind, id: item.id, ok: false, reason, message, retry });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `json`: the body as received, already serialised for its size check. */
async function prepareSigned(item: PushItem, signer: Signer, json: string): Promise<Prepared> {
  const body = item.body;
  if (!isObject(body) || typeof body['signature'] !== 'string') return refuse(item, 'schema-invalid', 'a signed object with a signature is expected');
  if (body['deviceId'] !== signer.deviceId) return refuse(item, 'unknown-device', `the object names device ${String(body['deviceId'])}, the token is device ${signer.deviceId}`);
  if (body['alg'] !== 'ES256') return refuse(item, 'bad-signature', `alg ${String(body['alg'])} is not ES256`);
  if (body['kid'] !== signer.key.kid) return refuse(item, 'wrong-key', `signed with key ${String(body['kid'])}, the device's enrolled key is ${signer.key.kid}`);
  const expected = item.kind === 'checkpoint' ? body['type'] === 'erjian.checkpoint/1' : body['type'] !== 'erjian.checkpoint/1';
  if (!expected) return refuse(item, 'schema-invalid', `a ${item.kind} item cannot hold a ${String(body['type'])}`);
  // The canonical bytes of the object as received, every key included: what the device signed, or not.
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = signedBytes(withoutSignature(body));
  } catch {
    return refuse(item, 'schema-invalid', 'the object cannot be canonicalised as JSON');
  }
  if (!(await verifySignature(signer.key, bytes, body['signature']))) return refuse(item, 'bad-signature', 'the signature does not verify with the enrolled key over the object received');
  const hash = bytesHashSync(bytes);
  if (item.kind === 'checkpoint') {
    const parsed = checkpointBodySchema.safeParse(body);
    if (!parsed.success) return refuse(item, 'schema-invalid', `not a checkpoint: ${parsed.error.issues[0]?.message ?? ''}`);
    if (item.id !== `${parsed.data.deviceId}:${parsed.data.seq}`) return refuse(item, 'schema-invalid', `a checkpoint's id is <deviceId>:<seq>, not ${item.id}`);
    return { kind: 'checkpoint', id: item.id, ok: true, body: parsed.data, json, hash };
  }
  const parsed = recordBodySchema.safeParse(body);
  if (!parsed.success) return refuse(item, 'schema-invalid', `not a record of its type: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
  if (parsed.data.id !== item.id) return refuse(item, 'schema-invalid', `the item id ${item.id} is not the record's id ${parsed.data.id}`);
  return { kind: 'record', id: item.id, ok: true, body: parsed.data, json, hash };
}

const itemHash = (value: unknown): string => bytesHashSync(new TextEncoder().encode(canonicalJson(value)));

async function prepareUnsigned(item: PushItem): Promise<Prepared> {
  if (item.kind === 'batch') {
    const parsed = batchBodySchema.safeParse(item.body);
    if (!parsed.success || parsed.data.id !== item.id) return refuse(item, 'schema-invalid', 'not a batch, or its id is not the item id');
    return { kind: 'batch', id: item.id, ok: true, body: parsed.data, json: JSON.stringify(parsed.data), hash: itemHash(parsed.data) };
  }
  if (item.kind === 'bench-config') return prepareBenchConfig(item);
  const parsed = auditBodySchema.safeParse(item.body);
  if (!parsed.success || String(parsed.data.id) !== item.id) return refuse(item, 'schema-invalid', 'not an audit entry, or its id is not the item id');
  return { kind: 'audit', id: item.id, ok: true, body: parsed.data, json: JSON.stringify(parsed.data), hash: itemHash(parsed.data) };
}

export async function preparePush(push: PushRequest, signer: Signer): Promise<PreparedPush> {
  const lines = push.lines.map((line) => {
    const { hash: _hash, ...fields } = line;
    return { line, computed: lineHashSync(fields) };
  });
  const items = await Promise.all(
    push.items.map((item): Promise<Prepared> => {
      let json: string;
      try {
        json = JSON.stringify(item.body) ?? '';
      } catch {
        return Promise.resolve(refuse(item, 'schema-invalid', 'the body is not JSON'));
      }
      const size = json.length;
      if (size > maxItemBytes) return Promise.resolve(refuse(item, 'too-large', `the item is ${size} bytes; at most ${maxItemBytes} are taken`));
      return item.kind === 'checkpoint' || item.kind === 'record' ? prepareSigned(item, signer, json) : prepareUnsigned(item);
    }),
  );
  return { lines, items };
}
