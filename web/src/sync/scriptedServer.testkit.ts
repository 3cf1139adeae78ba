/**
 * Test support: a scripted sync server behind a `fetch`, for the client's state machine
 * alone (pages, cuts, refusals, receipts) where the real server (sync-server/) cannot be
 * made to fail at an exact byte. It keeps the protocol's rules that decide the client's
 * path — lines only as a continuation of the head, records only in chain order, answers
 * by id and canonical hash, receipts signed with a real ES256 key — and none of the
 * re-verification, which the real server's own tests cover.
 */
import { canonicalJson } from '../store/chain.ts';
import { objectHash, signBytes, signedBytes, jwkThumbprint, withoutSignature } from '../store/signing.ts';
import { emptyHeads } from './pushPages.ts';
import {
  SYNC_PROTOCOL,
  pushRequestSchema,
  type Heads,
  type ItemResult,
  type PublicKeyJwk,
  type PullResponse,
  type PushResponse,
  type Receipt,
  type RejectReason,
} from './protocol.ts';

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface ScriptedKey {
  kid: string;
  publicKeyJwk: PublicKeyJwk;
  sign(unsigned: object): Promise<string>;
}

export async function scriptedKey(): Promise<ScriptedKey> {
  const pair = (await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const publicKeyJwk: PublicKeyJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
  return { kid: await jwkThumbprint(publicKeyJwk), publicKeyJwk, sign: (u) => signBytes(pair.privateKey, signedBytes(u)) };
}

export type Cut = 'before' | 'after';

export class ScriptedServer {
  readonly origin = 'http://sync.test';
  readonly token = 't'.repeat(40);
  heads: Heads = emptyHeads();
  /** kind:id → canonical hash of what is held */
  readonly held = new Map<string, string>();
  readonly pushes: Array<{ lines: number; items: number }> = [];
  /** kind:id of every item answered `duplicate` */
  readonly duplicates: string[] = [];
  /** record ids refused for good, with the reason */
  readonly refuse = new Map<string, RejectReason>();
  /** the next pushes to cut: 'before' the server reads the body, 'after' it committed (the answer is lost) */
  readonly cuts: Cut[] = [];
  /** sign receipts with this key instead (a forger's) */
  forgeWith: ScriptedKey | null = null;
  /** `serverTime` of pulls and receipts (tests never read the wall clock) */
  now = '2026-11-27T03:00:00.000Z';
  pulls = 0;
  pull: Omit<PullResponse, 'heads' | 'cursor' | 'serverTime' | 'protocol'>;

  constructor(readonly key: ScriptedKey, readonly deviceId: string) {
    this.pull = {
      enterprise: { id: 'ENT-1', name: '泰安示例水表有限公司', standing: 'normal' },
      authorisations: [{ id: 'TA-2025-007', enterpriseId: 'ENT-1', certificateNo: '(泰)二检合一 2025-007', issuedOn: '2025-03-01', scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] } }],
      meterTypes: [{ model: 'LXS-15E', name: '冷水水表', dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.01, mapMpa: 1, manufacturer: '示例水表有限公司' }],
      benches: [{ id: 'B-T', name: '一号台', uRelPct: 0.2 }],
      profile: { id: 'jjg162-2019', version: '1' },
      devices: [],
      publicBaseUrl: 'https://lookup.example.cn',
      institution: { name: '泰安市计量检定测试所' },
      conflicts: [],
      rejections: [],
    };
  }

  enrolment(serverUrl = this.origin) {
    return { serverUrl, deviceId: this.deviceId, enterpriseId: 'ENT-1', token: this.token, serverKey: { kid: this.key.kid, publicKeyJwk: this.key.publicKeyJwk }, enrolledAt: this.now };
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if ((init?.headers as Record<string, string> | undefined)?.authorization !== `Bearer ${this.token}`) return json(401, { status: 'error', reason: 'unauthorised', message: 'no token' });
    if (url.pathname === '/api/sync/pull') {
      this.pulls++;
      const body: PullResponse = { protocol: SYNC_PROTOCOL, cursor: `c${this.pulls}`, serverTime: this.now, ...this.pull, heads: this.heads };
      return json(200, body);
    }
    if (url.pathname === '/api/sync/push') {
      const cut = this.cuts.shift();
      if (cut === 'before') throw new TypeError('fetch failed: connection reset');
      const answer = await this.push(JSON.parse(String(init?.body)) as unknown);
      if (cut === 'after') throw new TypeError('fetch failed: connection reset after the server committed');
      return json(200, answer);
    }
    return json(404, { status: 'error', reason: 'not-found', message: url.pathname });
  };

  private async push(raw: unknown): Promise<PushResponse> {
    const req = pushRequestSchema.parse(raw);
    let accepted = null as { fromSeq: number; toSeq: number } | null;
    let rejected: PushResponse['lines']['rejected'] = null;
    for (const l of req.lines) {
      if (l.seq <= this.heads.lines.seq) continue; // already held: the chain check of the real server answers these as held
      if (l.seq !== this.heads.lines.seq + 1 || l.prevHash !== this.heads.lines.hash) {
        rejected = { seq: l.seq, reason: 'chain-broken', message: `line ${l.seq} does not continue ${this.heads.lines.seq}` };
        break;
      }
      this.heads.lines = { seq: l.seq, hash: l.hash };
      accepted = { fromSeq: accepted?.fromSeq ?? l.seq, toSeq: l.seq };
    }
    const results: ItemResult[] = [];
    let taken = accepted ? accepted.toSeq - accepted.fromSeq + 1 : 0;
    for (const item of req.items) {
      const key = `${item.kind}:${item.id}`;
      const hash = await objectHash(item.body as object);
      const before = this.held.get(key);
      if (before !== undefined) {
        if (before === hash) this.duplicates.push(key);
        results.push(before === hash ? { kind: item.kind, id: item.id, status: 'duplicate' } : { kind: item.kind, id: item.id, status: 'rejected', reason: 'content-conflict', message: 'other content', retry: false });
        continue;
      }
      const body = item.body as Record<string, unknown>;
      if (item.kind === 'record') {
        const reason = this.refuse.get(item.id);
        if (reason) {
          results.push({ kind: 'record', id: item.id, status: 'rejected', reason, message: `refused: ${reason}`, retry: false });
          continue;
        }
        if (body['recordSeq'] !== this.heads.records.seq + 1) {
          results.push({ kind: 'record', id: item.id, status: 'rejected', reason: 'record-out-of-order', message: 'not next', retry: true });
          continue;
        }
        this.heads.records = { seq: body['recordSeq'] as number, hash: await objectHash(withoutSignature(body)) };
      }
      if (item.kind === 'checkpoint' && typeof body['seq'] === 'number' && body['seq'] > this.heads.checkpoint.seq) {
        this.heads.checkpoint = { seq: body['seq'], hash: String(body['hash']) };
      }
      this.held.set(key, hash);
      results.push({ kind: item.kind, id: item.id, status: 'accepted' });
      taken++;
    }
    this.pushes.push({ lines: req.lines.length, items: req.items.length });
    const signer = this.forgeWith ?? this.key;
    const unsigned: Omit<Receipt, 'signature'> = { type: 'erjian.receipt/1', alg: 'ES256', kid: this.key.kid, deviceId: req.deviceId, pushId: req.pushId, receivedAt: this.now, heads: structuredClone(this.heads), accepted: taken };
    const receipt: Receipt = { ...unsigned, signature: await signer.sign(unsigned) };
    return { protocol: SYNC_PROTOCOL, lines: { accepted, rejected }, results, heads: structuredClone(this.heads), receipt };
  }
}

function json(status: number, body: unknown): Response {
  return new Response(canonicalJson(body), { status, headers: { 'content-type': 'application/json' } });
}
