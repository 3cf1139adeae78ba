/**
 * The shapes of what a push item's `body` holds (docs/records.md "Types"), read only AFTER the
 * signature of a signed object held over the bytes received (prepare.ts): the signature
 * already guarantees that nothing was added or dropped since the device signed it, so these
 * schemas only make sure the fields the server reads are there and of the right type. They
 * keep unknown keys (`looseObject`): a newer client's extra signed field is the device's own
 * statement, kept in the stored body, not a reason to refuse.
 */
import { z } from 'zod';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const instant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const text = z.string().max(2000);

const envelope = {
  alg: z.literal('ES256'),
  kid: z.string().max(100),
  signature: z.string().max(200),
};

const head = z.strictObject({ seq: z.number().int().nonnegative(), hash: hex64 });

export const checkpointBodySchema = z.looseObject({
  ...envelope,
  type: z.literal('erjian.checkpoint/1'),
  deviceId: z.uuid(),
  seq: z.number().int().positive(),
  hash: hex64,
  at: instant,
  reason: z.enum(['boundary', 'session-end', 'startup', 'on-demand', 'upgrade']),
  sessionId: z.string().max(200).nullable(),
  records: head.nullable(),
});
export type CheckpointBody = z.infer<typeof checkpointBodySchema>;

const link = {
  ...envelope,
  deviceId: z.uuid(),
  recordSeq: z.number().int().positive(),
  prevRecordHash: hex64,
  id: z.string().min(1).max(200),
};

const rawLineRange = z.looseObject({ deviceId: z.string(), fromSeq: z.number().int().positive(), toSeq: z.number().int().positive(), toHash: hex64.optional() });

/** The meter record and verdict are the domain's; their inner shape is checked by recomputing them (reverify.ts). */
export const verificationBodySchema = z.looseObject({
  ...link,
  type: z.literal('erjian.verification/2'),
  serial: z.string().min(1).max(100),
  batchId: z.string().min(1).max(200),
  sessionId: z.string().min(1).max(200),
  record: z.looseObject({ meter: z.looseObject({ dn: z.number(), q3M3h: z.number(), r: z.number(), accuracyClass: z.number(), deltaL: z.number() }), runs: z.array(z.looseObject({ point: z.string() })) }),
  verdict: z.looseObject({ passed: z.boolean() }),
  verificationDate: isoDate,
  validUntil: isoDate.nullable(),
  operator: text,
  profile: z.looseObject({ id: z.string(), version: z.string() }),
  rawLines: z.array(rawLineRange).max(100),
  createdAt: instant,
  supersedes: z.string().max(200).nullable(),
  reason: z.string().max(2000).nullable(),
});
export type VerificationBody = z.infer<typeof verificationBodySchema>;

const bench = z.looseObject({ id: z.string().min(1).max(200), vendor: z.string().optional(), model: z.string().optional(), protocol: z.string().optional(), method: z.string().optional(), uRelPct: z.number().optional() });

export const sessionStatementBodySchema = z.looseObject({
  ...link,
  type: z.literal('erjian.session/1'),
  event: z.enum(['started', 'ended', 'interrupted', 'resumed', 'closed']),
  sessionId: z.string().min(1).max(200),
  at: instant,
  actor: text,
  bench: bench.nullable(),
  reason: z.string().max(2000).nullable(),
  head: head.nullable(),
});
export type SessionStatementBody = z.infer<typeof sessionStatementBodySchema>;

export const certificateBodySchema = z.looseObject({
  ...link,
  type: z.literal('erjian.certificate/1'),
  batchId: z.string().min(1).max(200),
  issuedAt: instant.nullable(),
  issuedBy: z.string().max(200).nullable(),
  verificationIds: z.array(z.string().max(200)).max(10_000),
  status: z.enum(['draft', 'issued', 'withdrawn']),
  document: z.literal('notice').optional(),
  reason: z.string().max(2000).optional(),
});
export type CertificateBody = z.infer<typeof certificateBodySchema>;

export const deviceStatementBodySchema = z.looseObject({
  ...link,
  type: z.literal('erjian.device/1'),
  event: z.enum(['enrolled', 'upgraded', 'predecessor-acknowledged']),
  at: instant,
  actor: text,
  publicKeyJwk: z.looseObject({ kty: z.string(), crv: z.string(), x: z.string(), y: z.string() }).nullable(),
});
export type DeviceStatementBody = z.infer<typeof deviceStatementBodySchema>;

export const recordBodySchema = z.discriminatedUnion('type', [verificationBodySchema, sessionStatementBodySchema, certificateBodySchema, deviceStatementBodySchema]);
export type RecordBody = z.infer<typeof recordBodySchema>;

/** A production batch as the PC keeps it (store/referenceTypes.ts Batch): unsigned. */
export const batchBodySchema = z.strictObject({
  id: z.string().min(1).max(200),
  meterTypeModel: z.string().min(1).max(200),
  productionDate: isoDate,
  createdBy: z.string().max(200),
  createdAt: instant,
});
export type BatchBody = z.infer<typeof batchBodySchema>;

/** An audit entry as the PC keeps it (store/types.ts AuditEntry): unsigned. */
export const auditBodySchema = z.strictObject({
  id: z.number().int().positive(),
  at: instant,
  actor: z.string().max(200),
  action: z.string().max(200),
  target: z.string().max(500),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditBody = z.infer<typeof auditBodySchema>;

/** The device time a record states (docs/sync.md "Device times"). */
export function recordTime(r: RecordBody): string {
  switch (r.type) {
    case 'erjian.verification/2':
      return r.createdAt;
    case 'erjian.certificate/1':
      return r.issuedAt ?? '';
    default:
      return r.at;
  }
}

/** The highest raw line a record cites (a verification's ranges, a session end's head); 0 for none. */
export function citedTo(r: RecordBody): number {
  if (r.type === 'erjian.verification/2') return Math.max(0, ...r.rawLines.map((x) => x.toSeq));
  if (r.type === 'erjian.session/1') return r.head?.seq ?? 0;
  return 0;
}
