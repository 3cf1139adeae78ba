/**
 * The sync protocol (docs/sync.md): ONE zod schema module, imported by the bench PC's sync
 * client (web/src/sync/) and by the sync server (sync-server/src/sync/), so both sides agree
 * on every message by construction. Version 1.
 *
 * What travels: the device's original record as it is stored — raw lines with their hash
 * chain, signed checkpoints, signed chained records (verifications, session and device
 * statements, certificates) — plus the unsigned things a PC makes (batches, audit entries).
 * Signed objects travel as `unknown` JSON here on purpose: the server checks a signed
 * object's signature over the bytes it received BEFORE any schema parsing, so a field
 * injected into a signed object is refused (`bad-signature`), never silently dropped by a
 * schema (docs/sync.md "What the server trusts").
 */
import { z } from 'zod';
import { enterpriseStandings, penaltyEventTypes } from '../domain/penaltyLadder.ts';
import type { PenaltyStanding } from '../domain/penaltyStanding.ts';

export const SYNC_PROTOCOL = 1 as const;

/** Limits the server enforces and the client respects (docs/sync.md "Limits"). */
export const syncLimits = {
  /** bytes of one request body */
  maxBodyBytes: 4 * 1024 * 1024,
  /** raw lines in one push */
  maxLinesPerPush: 5_000,
  /** records (checkpoints, signed records, batches, audit entries) in one push */
  maxItemsPerPush: 500,
} as const;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lower-case hex digits');
const isoInstant = z.iso.datetime({ offset: false, precision: 3 });
const isoDate = z.iso.date();
const id = z.string().min(1).max(200);

/** An EC P-256 public key as JWK: only the members that define it. */
export const publicKeyJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type PublicKeyJwk = z.infer<typeof publicKeyJwkSchema>;

// ── Enrolment ─────────────────────────────────────────────────────────────────────────

/**
 * POST /api/devices/enrol (no session, no token: the one-time code is the credential).
 * The device registers the public key of the non-extractable key it already has; the
 * server computes the kid itself and never takes a key from any later payload.
 */
export const enrolRequestSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL),
  /** the one-time code an enterprise admin made (docs/sync.md "Enrolment") */
  code: z.string().min(6).max(64),
  deviceId: z.uuid(),
  publicKeyJwk: publicKeyJwkSchema,
  /** the PC's own name for itself, shown to admins */
  label: z.string().max(100).optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.strictObject({
  deviceId: z.uuid(),
  enterpriseId: id,
  /** bearer token for /api/sync/*; shown once, stored on the PC, kept hashed on the server */
  token: z.string().min(32),
  /** the server's receipt key, to check receipts with (docs/sync.md "Receipts") */
  serverKey: z.strictObject({ kid: z.string(), publicKeyJwk: publicKeyJwkSchema }),
  serverTime: isoInstant,
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

// ── Push ──────────────────────────────────────────────────────────────────────────────

/** A raw line exactly as the PC stores it (web/src/store/types.ts RawLineRecord). */
export const rawLineSchema = z.strictObject({
  deviceId: z.uuid(),
  seq: z.number().int().positive(),
  connectionId: z.string().max(200),
  sessionId: z.string().max(200).nullable(),
  direction: z.enum(['in', 'out']),
  text: z.string().max(64 * 1024),
  receivedAt: isoInstant,
  prevHash: hex64,
  hash: hex64,
});
export type RawLine = z.infer<typeof rawLineSchema>;

/** What a PC pushes besides raw lines, by kind (the outbox kinds, plus batches). */
export const pushKinds = ['checkpoint', 'record', 'batch', 'audit', 'bench-config'] as const;
export type PushKind = (typeof pushKinds)[number];

/**
 * One pushed item. `body` is the object as stored on the PC: for `checkpoint` and `record`
 * a signed object (checked over its exact JSON before it is parsed); for `batch` and `audit`
 * the row; for `bench-config` a saved version of a bench configuration (`benchConfigItemSchema`).
 * `id` names it on the PC (a checkpoint `<deviceId>:<seq>`, a record its id in its table, an
 * audit entry its local number, a bench configuration `<configId>#<version>`), and the answer
 * names it the same way.
 */
export const pushItemSchema = z.strictObject({
  kind: z.enum(pushKinds),
  id,
  body: z.unknown(),
});
export type PushItem = z.infer<typeof pushItemSchema>;

/**
 * The body of a `bench-config` item: one saved version of a bench configuration as the PC
 * stores it (web/src/store/benchConfigTypes.ts). `config` travels as `unknown`: the server
 * validates it with the very `parseBenchConfig` the PC saved it with (docs/bench-config.md).
 */
export const benchConfigItemSchema = z.strictObject({
  configId: z.string().min(1).max(64),
  version: z.number().int().positive(),
  config: z.unknown(),
  savedAt: isoInstant,
  savedBy: z.string().min(1).max(200),
});
export type BenchConfigItem = z.infer<typeof benchConfigItemSchema>;

/**
 * POST /api/sync/push (device token). Lines must continue the server's head for the device
 * (seq = head + 1, prevHash = head's hash); items are answered one by one.
 */
export const pushRequestSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL),
  deviceId: z.uuid(),
  /** a client-made id of this push, for logs and for the receipt */
  pushId: z.uuid(),
  lines: z.array(rawLineSchema).max(syncLimits.maxLinesPerPush),
  items: z.array(pushItemSchema).max(syncLimits.maxItemsPerPush),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Why the server refused something (docs/sync.md "Reason codes"). Stable: the client keys
 * its Chinese and English sentences by these, so a new code without a sentence is a type error.
 */
export const rejectReasons = [
  /** the item is not valid JSON of its kind (after its signature held) */
  'schema-invalid',
  /** the device is not enrolled, or the item names another device */
  'unknown-device',
  /** the device was revoked: nothing it sends is taken */
  'device-revoked',
  /** the signature does not verify with the enrolled key over the bytes received */
  'bad-signature',
  /** the object names a key (kid) other than the device's enrolled one */
  'wrong-key',
  /** the lines do not continue the server's head (seq or prevHash), or a line's hash does not recompute */
  'chain-broken',
  /** a record's recordSeq is not the next of the device's record chain: sent again after its predecessors */
  'record-out-of-order',
  /** a record's prevRecordHash is not the hash of the device's record before it */
  'record-unlinked',
  /** a different content under an id or a seq the server already holds: an alarm is raised */
  'content-conflict',
  /** lines or records not covered by a checkpoint the server holds or receives in the same push */
  'unsigned',
  /** a verification cites lines the server does not hold */
  'raw-lines-missing',
  /** a verification cites no lines, or lines of another device */
  'raw-lines-foreign',
  /** the last cited line is not the one the record signed (toHash) */
  'cited-line-differs',
  /** the runs rebuilt from the raw lines are not the record's runs */
  'runs-differ',
  /** the verdict recomputed with the named profile differs (pass/fail or an error as printed) */
  'verdict-differs',
  /** 有效期 recomputed differs */
  'valid-until-differs',
  /** the record names a profile this server does not know */
  'profile-unknown',
  /** the bench identity of the record's session is not the ID line of the cited lines */
  'bench-differs',
  /** the record's session has no signed start on the server */
  'session-unknown',
  /** the record's batch is not known to the server (push the batch first) */
  'batch-unknown',
  /** a device time lies after the server's receipt time, or goes backwards for the device */
  'time-invalid',
  /** a certificate the server's own authorisation data and clock do not allow */
  'not-authorised',
  /** the item is bigger than the server takes */
  'too-large',
  /** a bench configuration that does not validate (the message lists every path) */
  'bench-config-invalid',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

export const itemResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ kind: z.enum(pushKinds), id, status: z.literal('accepted') }),
  /** the server already holds exactly this content (same id, same canonical hash) */
  z.strictObject({ kind: z.enum(pushKinds), id, status: z.literal('duplicate') }),
  z.strictObject({
    kind: z.enum(pushKinds),
    id,
    status: z.literal('rejected'),
    reason: z.enum(rejectReasons),
    /** for people and logs; clients show their own sentence for `reason` */
    message: z.string(),
    /** a rejection the client should retry later as it is (its predecessors first), not a refusal of the content */
    retry: z.boolean(),
  }),
]);
export type ItemResult = z.infer<typeof itemResultSchema>;

/** The device's heads as the server holds them after the push. */
export const headsSchema = z.strictObject({
  lines: z.strictObject({ seq: z.number().int().nonnegative(), hash: hex64 }),
  /** the highest checkpoint the server holds (0: none) */
  checkpoint: z.strictObject({ seq: z.number().int().nonnegative(), hash: hex64 }),
  records: z.strictObject({ seq: z.number().int().nonnegative(), hash: hex64 }),
});
export type Heads = z.infer<typeof headsSchema>;

/**
 * A receipt the server signs (`erjian.receipt/1`, ES256 with the server's key): the PC
 * stores it, and it anchors the PC's chains at these heads (docs/records.md, "what does see it").
 */
export const receiptSchema = z.strictObject({
  type: z.literal('erjian.receipt/1'),
  alg: z.literal('ES256'),
  kid: z.string(),
  deviceId: z.uuid(),
  pushId: z.uuid(),
  /** the server's own clock */
  receivedAt: isoInstant,
  heads: headsSchema,
  accepted: z.number().int().nonnegative(),
  signature: z.string(),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const pushResponseSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL),
  /** the lines taken from this push (null: none) */
  lines: z.strictObject({
    accepted: z.strictObject({ fromSeq: z.number().int(), toSeq: z.number().int() }).nullable(),
    /** the first line refused, and why; the ones after it were not looked at */
    rejected: z.strictObject({ seq: z.number().int(), reason: z.enum(rejectReasons), message: z.string() }).nullable(),
  }),
  results: z.array(itemResultSchema),
  heads: headsSchema,
  receipt: receiptSchema,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

// ── Pull ──────────────────────────────────────────────────────────────────────────────

export const meterTypeSchema = z.strictObject({
  model: z.string(),
  name: z.string(),
  dn: z.number(),
  q3M3h: z.number(),
  r: z.number(),
  accuracyClass: z.union([z.literal(1), z.literal(2)]),
  deltaL: z.number(),
  mapMpa: z.number(),
  manufacturer: z.string(),
  serialFormat: z.unknown().optional(),
});

export const authorisationSchema = z.strictObject({
  id,
  enterpriseId: id,
  /** 证书编号 */
  certificateNo: z.string(),
  issuedOn: isoDate,
  scope: z.strictObject({
    minDn: z.number(),
    maxDn: z.number(),
    categories: z.array(z.string()),
    /** 规格型号 named on the certificate (docs/authorisations.md); absent: every model */
    models: z.array(z.string()).optional(),
  }),
  suspensions: z.array(z.strictObject({ from: isoDate, until: isoDate.optional(), reason: z.string().optional(), reference: z.string().optional() })).optional(),
  revokedOn: isoDate.optional(),
  /** the revocation's 文号 (docs/authorisations.md): the bench's refusal names it */
  revokedReference: z.string().optional(),
  /** 授权类别 as printed on the certificate */
  category: z.string().optional(),
  /** 有效期至 as printed (last day of validity); it counts over the computed one */
  expiresOn: isoDate.optional(),
  /** the legal metrology institute that supervises the enterprise (监督机构) */
  institute: z.string().optional(),
});

/**
 * What a bench PC is told of the ladder (domain `PenaltyStanding`, `penaltyStandingOf`): the
 * standing, the models blocked by a non-conforming sampling (Annex 1 item 6), the
 * rectification's deadline and the decision behind the standing, with its 文号, so the PC
 * can say which decision stops it.
 */
export const enterpriseStandingSchema = z.strictObject({
  standing: z.enum(enterpriseStandings),
  nonConformingSamplings: z.number().int().min(0),
  salesStopped: z.boolean(),
  rectificationDeadline: isoDate.optional(),
  blockedModels: z
    .array(z.strictObject({ model: z.string().min(1), since: isoDate, reference: z.string().optional(), batchId: z.string().optional(), samplingId: z.string().optional() }))
    .readonly(),
  lastDecision: z.strictObject({ type: z.enum(penaltyEventTypes), date: isoDate, reference: z.string().optional() }).nullable(),
});
export type EnterpriseStandingBody = z.infer<typeof enterpriseStandingSchema>;

// The wire body is the domain's PenaltyStanding, no more, no less (checked by the compiler).
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _standingIsDomain: SameShape<EnterpriseStandingBody, PenaltyStanding> = true;
void _standingIsDomain;

export const benchSchema = z.strictObject({
  id,
  name: z.string(),
  /** the bench's expanded relative uncertainty of Va (%), as the enterprise registered it */
  uRelPct: z.number().nullable(),
});

export const enrolledDeviceSchema = z.strictObject({
  deviceId: z.uuid(),
  kid: z.string(),
  publicKeyJwk: publicKeyJwkSchema,
  status: z.enum(['active', 'revoked']),
  enrolledAt: isoInstant,
});

/** The answer to each record the PC pushed, as the server holds it now (for the 本地 / 已同步 / 已拒绝 marks). */
export const recordStatusSchema = z.strictObject({
  kind: z.enum(pushKinds),
  id,
  status: z.enum(['accepted', 'rejected']),
  reason: z.enum(rejectReasons).nullable(),
});

/** Two devices' current records for one serial: both kept, the verifier sees it (docs/sync.md "Conflicts"). */
export const conflictSchema = z.strictObject({
  serial: z.string(),
  verificationIds: z.array(id),
  deviceIds: z.array(z.uuid()),
});

/** GET /api/sync/pull?cursor=… (device token): the reference data changed since the cursor. */
export const pullResponseSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL),
  /** opaque; send it back next time. A full answer when absent or unknown. */
  cursor: z.string(),
  serverTime: isoInstant,
  /**
   * `standing`: the ladder's body; an older server sends a plain standing string. Anything
   * else reads as 'unreadable', which the PC takes as the most restrictive standing
   * (sync/standing.ts `readEnterpriseStanding`): it never issues on a guess.
   */
  enterprise: z.strictObject({ id, name: z.string(), standing: z.union([enterpriseStandingSchema, z.string()]).catch('unreadable') }),
  authorisations: z.array(authorisationSchema),
  meterTypes: z.array(meterTypeSchema),
  benches: z.array(benchSchema),
  /** the profile in force (id + version; this build's profile must match it) */
  profile: z.strictObject({ id: z.string(), version: z.string() }),
  devices: z.array(enrolledDeviceSchema),
  /** what the labels' QR codes open: `<publicBaseUrl>/lookup/<serial>` */
  publicBaseUrl: z.url(),
  /** the legal metrology institute named on the certificate */
  institution: z.strictObject({ name: z.string() }),
  conflicts: z.array(conflictSchema),
  /**
   * This device's items the server holds refused, newest first (at most `syncLimits.maxItemsPerPush`):
   * an answer lost with a cut connection must not leave a refused record marked synced on the
   * PC (its place in the chain is passed by the heads; docs/sync.md "The client").
   */
  rejections: z.array(
    z.strictObject({ kind: z.enum(pushKinds), id, reason: z.enum(rejectReasons), message: z.string(), retry: z.boolean(), at: isoInstant }),
  ),
  heads: headsSchema,
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// ── Public lookup ─────────────────────────────────────────────────────────────────────

/**
 * The public verification information of the pilot plan's Annex 2, in its order: what the
 * lookup shows and the NQI platform receives (docs/rules.md R-PUBLIC). One list for both.
 */
export const annex2Keys = [
  'instrument_name',
  'model',
  'serial',
  'accuracy_class',
  'manufacturer',
  'production_date',
  'verification_date',
  'valid_until',
  'conclusion',
  'institution',
] as const;
export type Annex2Key = (typeof annex2Keys)[number];

/**
 * GET /api/public/meters/{serial}: exactly the Annex-2 keys of the pilot plan, plus
 * `integrity` and `recall`. Nothing else is exposed (docs/rules.md R-PUBLIC).
 */
export const publicMeterSchema = z.strictObject({
  instrument_name: z.string(),
  model: z.string(),
  serial: z.string(),
  accuracy_class: z.string(),
  manufacturer: z.string(),
  production_date: isoDate,
  verification_date: isoDate,
  valid_until: isoDate.nullable(),
  /** 合格 / 不合格 */
  conclusion: z.enum(['合格', '不合格']),
  institution: z.string(),
  integrity: z.enum(['verified', 'broken']),
  recall: z.strictObject({ id, issuedOn: isoDate, reason: z.string(), action: z.string() }).nullable(),
});
export type PublicMeter = z.infer<typeof publicMeterSchema>;

// The answer's keys are the Annex-2 keys and these two, no more, no fewer (checked by the compiler).
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _publicKeysAreAnnex2: Exactly<keyof PublicMeter, Annex2Key | 'integrity' | 'recall'> = true;
void _publicKeysAreAnnex2;

/** Every API error: a stable reason code clients switch on, and a message for people. */
export const apiErrorSchema = z.strictObject({
  status: z.literal('error'),
  reason: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
