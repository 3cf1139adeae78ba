/**
 * A synthetic bench PC for the demo seed and the sync load benchmark: it makes, without a
 * browser or a database, exactly what the PWA's store makes on a real PC — the raw WMB/1
 * lines of 10-position bench sessions with their hash chain (web/src/store/chain.ts), a
 * checkpoint at every 500-line boundary and at each session's end (checkpoints.ts), the
 * signed, chained records (recordChain.ts `linkRecords`: the device's enrolment, each
 * session's start and end, each meter's verification built by the store's own
 * `buildVerification`) — so the sync server re-verifies them as it would a real PC's
 * (docs/records.md; docs/sync.md). Errors are drawn from a seeded PRNG around zero, as a
 * production line's are; a few meters fail at Q1.
 *
 * Time is an input: `start` places the first record, and each line follows as a real bench
 * runs (syntheticTiming.ts: a run lasts its volume ÷ its flow, the positions run together,
 * sessions one after another), so the risk detectors find nothing in an honest device's
 * data (docs/risk.md; syntheticDevice.test.ts). Nothing reads the clock: a caller that must
 * end before an instant takes its start from `syntheticStart`.
 */
import { defaultProfile, meterVerdict, tightnessPressures, type MeterRecord, type RegulationProfile, type Run, type TightnessTest } from '../../../web/src/domain/index.ts';
import { decodeMessage, encodeCommand, encodeMessage } from '../../../web/src/bench/wmb1/codec.ts';
import { runOf } from '../../../web/src/bench/session/flowBench.ts';
import { asciiBytes } from '../../../web/src/bench/types.ts';
import { genesisHash, lineHash } from '../../../web/src/store/chain.ts';
import { genesisRecordHash, type ChainedType } from '../../../web/src/store/chainTypes.ts';
import { CHECKPOINT_EVERY, signCheckpoint } from '../../../web/src/store/checkpoints.ts';
import { linkRecords, type ChainHead } from '../../../web/src/store/recordChain.ts';
import type { BenchIdentity, SoftwareRef } from '../../../web/src/store/recordTypes.ts';
import type { Batch, MeterType } from '../../../web/src/store/referenceTypes.ts';
import { jwkThumbprint } from '../../../web/src/store/signing.ts';
import type { DeviceIdentity, RawLineRecord, SignedCheckpoint } from '../../../web/src/store/types.ts';
import { buildVerification } from '../../../web/src/store/verificationBuild.ts';
// the demo's seeded PRNG (demo data only, never for sampling orders)
import { mulberry32 } from '../../../web/src/ui/demo/demoBatch.ts';
import { enrolmentLeadMs, planSession, syntheticSpanMs, timingSeed, type SyntheticTiming } from './syntheticTiming.ts';

/** One signed, chained record as the PC stores it: its type, its id in its table, the object. */
export interface SyntheticRecord {
  type: ChainedType;
  id: string;
  body: Record<string, unknown> & { signature: string };
}

/** What one bench session adds to the device, in the order the PC stores it. */
export interface SessionChunk {
  lines: RawLineRecord[];
  checkpoints: SignedCheckpoint[];
  /** in record-chain order */
  records: SyntheticRecord[];
  /** the batches first used in this session */
  batches: Batch[];
  /** serial → passed, for the meters verified in this session */
  verdicts: Array<{ serial: string; passed: boolean }>;
}

export interface SyntheticOptions {
  /** meters in all */
  meters: number;
  meterType: MeterType;
  /** bench positions per session (10 on a household-meter bench) */
  positions?: number;
  /** meters per production batch */
  batchSize?: number;
  /** the device's enrolment; its first session starts a minute later (syntheticTiming.ts) */
  start: Date;
  /** `physical` (the default): as a bench runs; `forged`: runs faster than any bench and Va ≠ flow × duration */
  timing?: SyntheticTiming;
  seed?: number;
  /** serial numbers: `${serialPrefix}${n}` (n from 1, zero-padded to 7) */
  serialPrefix?: string;
  batchPrefix?: string;
  operator?: string;
  bench?: BenchIdentity;
  software?: SoftwareRef;
  profile?: RegulationProfile;
}

/** A held tightness test at the profile's setpoint (docs/rules.md R-TIGHT): 5 s ramp, the hold, no sag. */
function heldTightness(type: MeterType, profile: RegulationProfile): TightnessTest {
  const p = tightnessPressures({ mapMpa: type.mapMpa }, profile);
  if (p === null) throw new Error(`meter type ${type.model} has no MAP`);
  const trace = [];
  for (let t = 0; t <= 5 + p.holdSeconds; t++) trace.push({ tS: t, kpa: Math.round((t < 5 ? (p.setpointKpa * t) / 5 : p.setpointKpa) * 10) / 10 });
  return { setpointKpa: p.setpointKpa, trace, gauge: { id: 'PG-DEMO', uKpa: 10 }, leak: false, damage: false };
}

/** The seed when none is given. */
export const DEFAULT_SEED = 20261130;
/** Bench positions when none are given: a household-meter bench's 10. */
export const DEFAULT_POSITIONS = 10;
/** A device made from `syntheticStart` ends this long before the instant it was given. */
export const END_MARGIN_MS = 60_000;

/**
 * The `start` of a device whose last record is dated `END_MARGIN_MS` before `until`, from
 * the same options the device is made with (docs/sync.md "What the server trusts": device
 * times after the server's receipt are refused). Every caller that seeds "up to now" uses
 * this, never a guess from the number of meters.
 */
export function syntheticStart(o: Pick<SyntheticOptions, 'meters' | 'meterType' | 'positions' | 'profile' | 'timing' | 'seed'>, until: Date): Date {
  const span = syntheticSpanMs({
    meters: o.meters,
    meterType: o.meterType,
    positions: o.positions ?? DEFAULT_POSITIONS,
    profile: o.profile ?? defaultProfile,
    timing: o.timing ?? 'physical',
    seed: o.seed ?? DEFAULT_SEED,
  });
  return new Date(until.getTime() - span - END_MARGIN_MS);
}

const strip = (s: string): string => s.replace(/\r\n$/, '');

export class SyntheticDevice {
  readonly deviceId: string;
  readonly device: DeviceIdentity;
  private lineHead = { seq: 0, hash: genesisHash };
  private recordHead: ChainHead = { seq: 0, hash: genesisRecordHash };
  /** when the next session starts */
  private t: number;
  private made = 0;
  private sessionNo = 0;
  private readonly rnd: () => number;
  /** the timing's own PRNG, so the errors are the same whatever the timing */
  private readonly rndTime: () => number;
  private readonly o: Required<Omit<SyntheticOptions, 'seed'>>;
  private readonly batchesSeen = new Set<string>();
  private readonly tightness: TightnessTest;

  private constructor(device: DeviceIdentity, options: SyntheticOptions) {
    this.device = device;
    this.deviceId = device.deviceId;
    this.rnd = mulberry32(options.seed ?? DEFAULT_SEED);
    this.rndTime = mulberry32(timingSeed(options.seed ?? DEFAULT_SEED));
    this.o = {
      positions: DEFAULT_POSITIONS,
      batchSize: 1000,
      timing: 'physical',
      serialPrefix: 'SYN',
      batchPrefix: 'SYN-B',
      operator: '演示检定员',
      bench: { id: 'DEMO-BENCH', vendor: 'Demo Bench Works', model: 'WMB-SIM', protocol: 'WMB/1', method: 'weighing', uRelPct: 0.2 },
      software: { version: '0.1.0', sha256: '0'.repeat(64) },
      profile: defaultProfile,
      ...options,
    };
    this.t = this.o.start.getTime() + enrolmentLeadMs(this.o.timing);
    this.tightness = heldTightness(this.o.meterType, this.o.profile);
  }

  /** A new device with a fresh ECDSA P-256 key (non-extractable, as on a PC). */
  static async create(options: SyntheticOptions, deviceId: string = crypto.randomUUID()): Promise<SyntheticDevice> {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const publicKeyJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const device: DeviceIdentity = { id: 'device', deviceId, privateKey: pair.privateKey, publicKeyJwk, kid: await jwkThumbprint(publicKeyJwk), createdAt: options.start.toISOString() };
    return new SyntheticDevice(device, options);
  }

  get metersLeft(): number {
    return this.o.meters - this.made;
  }

  private async chain(bodies: Array<{ type: ChainedType; id: string; body: Record<string, unknown> }>): Promise<SyntheticRecord[]> {
    const linked = await linkRecords(this.device, bodies, this.recordHead);
    const last = linked.at(-1);
    if (last) this.recordHead = { seq: last.entry.recordSeq, hash: last.entry.hash };
    return linked.map((r) => ({ type: r.entry.type, id: r.entry.recordId, body: r.record as SyntheticRecord['body'] }));
  }

  /** The device's first record: its enrolment (`erjian.device/1` enrolled). */
  async enrolment(): Promise<SyntheticRecord[]> {
    const at = this.o.start.toISOString();
    return this.chain([
      {
        type: 'erjian.device/1',
        id: `${this.deviceId}/enrolled`,
        body: { id: `${this.deviceId}/enrolled`, event: 'enrolled', at, actor: 'system', publicKeyJwk: this.device.publicKeyJwk, predecessor: null, legacy: null },
      },
    ]);
  }

  private async appendLines(texts: Array<{ direction: 'in' | 'out'; text: string; at: number }>, sessionId: string, out: SessionChunk): Promise<void> {
    for (const l of texts) {
      const fields = {
        deviceId: this.deviceId,
        seq: this.lineHead.seq + 1,
        connectionId: `conn-${this.sessionNo}`,
        sessionId,
        direction: l.direction,
        text: l.text,
        receivedAt: new Date(l.at).toISOString(),
        prevHash: this.lineHead.hash,
      };
      const hash = await lineHash(fields);
      out.lines.push({ ...fields, hash });
      this.lineHead = { seq: fields.seq, hash };
      if (fields.seq % CHECKPOINT_EVERY === 0) {
        out.checkpoints.push(await signCheckpoint(this.device, { line: this.lineHead, reason: 'boundary', at: new Date(l.at), sessionId: null, records: this.recordHead }));
      }
    }
  }

  private serial(n: number): string {
    return `${this.o.serialPrefix}${String(n).padStart(7, '0')}`;
  }

  /** One bench session of up to `positions` meters; null when every meter is made. */
  async nextSession(): Promise<SessionChunk | null> {
    const count = Math.min(this.o.positions, this.metersLeft);
    if (count <= 0) return null;
    this.sessionNo++;
    const out: SessionChunk = { lines: [], checkpoints: [], records: [], batches: [], verdicts: [] };
    const type = this.o.meterType;
    const sessionId = `${this.deviceId.slice(0, 8)}-S${this.sessionNo}`;
    const times = planSession(this.o.timing, this.rndTime, this.t, count, type, this.o.profile);
    this.t = times.nextAt;
    const serials = Array.from({ length: count }, (_, i) => this.serial(this.made + i + 1));
    const batchOf = (n: number) => `${this.o.batchPrefix}${String(Math.floor((n - 1) / this.o.batchSize) + 1).padStart(4, '0')}`;
    const meterNos = serials.map((_, i) => this.made + i + 1);
    for (const n of meterNos) {
      const id = batchOf(n);
      if (this.batchesSeen.has(id)) continue;
      this.batchesSeen.add(id);
      out.batches.push({ id, meterTypeModel: type.model, productionDate: new Date(this.o.start.getTime() - 86_400_000).toISOString().slice(0, 10), createdBy: this.o.operator, createdAt: new Date(times.startedAt).toISOString() });
    }

    // The session's signed start, with the bench as it identified itself.
    const startedAt = new Date(times.startedAt).toISOString();
    out.records.push(
      ...(await this.chain([
        { type: 'erjian.session/1', id: `${sessionId}/started`, body: { id: `${sessionId}/started`, event: 'started', sessionId, at: startedAt, actor: this.o.operator, bench: this.o.bench, reason: null, head: null } },
      ])),
    );

    const b = this.o.bench;
    const texts: Array<{ direction: 'in' | 'out'; text: string; at: number }> = [
      { direction: 'out', text: strip(encodeCommand({ verb: 'HELLO' })), at: times.helloAt },
      { direction: 'in', text: strip(encodeMessage({ verb: 'ID', vendor: b.vendor ?? 'x', model: b.model ?? 'x', sn: b.id, fw: '1.0.0', positions: this.o.positions, method: 'weighing', uRelPct: b.uRelPct ?? 0.2 })), at: times.idAt },
      ...serials.map((s, i) => ({ direction: 'out' as const, text: strip(encodeCommand({ verb: 'LOAD', pos: i + 1, meter: s })), at: times.loadAt[i]! })),
    ];
    const runs = new Map<string, Run[]>(serials.map((s) => [s, []]));
    const errorsOf = serials.map(() => ({ Q3: (this.rnd() - 0.5) * 1.2, Q2: (this.rnd() - 0.5) * 1.6, Q1: (this.rnd() < 0.01 ? 6.5 : (this.rnd() - 0.5) * 3) }));
    times.runs.forEach((rt, k) => {
      const { point } = rt;
      const id = `S${this.sessionNo}R${k + 1}`;
      const re = { verb: 'RE' as const, id, durS: rt.durS, lph: rt.lph, waterC: 20, airC: 20, airHPa: 1013, airRhPct: 50, ref: rt.refL, unit: 'L' as const, k: null };
      texts.push({ direction: 'out', text: strip(encodeCommand({ verb: 'RUN', id, point, lph: rt.targetLph, volL: rt.targetL })), at: rt.runAt });
      texts.push({ direction: 'in', text: strip(encodeMessage({ verb: 'RS', id, point, t0Ms: 0 })), at: rt.rsAt });
      const reLine = strip(encodeMessage(re));
      texts.push({ direction: 'in', text: reLine, at: rt.reAt });
      const decodedRe = decodeMessage(asciiBytes(reLine));
      serials.forEach((s, i) => {
        const text = strip(encodeMessage({ verb: 'MV', id, pos: i + 1, viL: rt.refL * (1 + errorsOf[i]![point] / 100) }));
        texts.push({ direction: 'in', text, at: rt.mvAt[i]! });
        const mv = decodeMessage(asciiBytes(text));
        if (!decodedRe.ok || decodedRe.value.verb !== 'RE' || !mv.ok || mv.value.verb !== 'MV') throw new Error('synthetic WMB/1 line does not decode');
        runs.get(s)!.push(runOf(point, decodedRe.value, mv.value.viL));
      });
      texts.push({ direction: 'in', text: strip(encodeMessage({ verb: 'RD', id, n: count })), at: rt.rdAt });
    });
    const fromSeq = this.lineHead.seq + 1;
    await this.appendLines(texts, sessionId, out);
    const range = { deviceId: this.deviceId, fromSeq, toSeq: this.lineHead.seq };

    // Each meter's verification, as the store builds it, citing every line of the session.
    const now = new Date(times.verifiedAt);
    const bodies = serials.map((serial, i) => {
      const record: MeterRecord = {
        meter: { dn: type.dn, q3M3h: type.q3M3h, r: type.r, accuracyClass: type.accuracyClass, deltaL: type.deltaL, mapMpa: type.mapMpa },
        externalExamination: { items: [{ key: 'nameplate', ok: true }, { key: 'seal', ok: true }] },
        functionCheck: { items: [{ key: 'register-advances', ok: true }] },
        tightness: this.tightness,
        runs: runs.get(serial)!,
      };
      const body = buildVerification(
        {
          serial,
          batchId: batchOf(meterNos[i]!),
          sessionId,
          record,
          verdict: meterVerdict(record, this.o.profile),
          operator: this.o.operator,
          profile: this.o.profile,
          software: this.o.software,
          rawLines: [range],
        },
        this.deviceId,
        now,
      );
      out.verdicts.push({ serial, passed: body.verdict.passed });
      const withHash = { ...body, rawLines: body.rawLines.map((r) => ({ ...r, toHash: this.lineHead.hash })) };
      return { type: 'erjian.verification/2' as const, id: body.id, body: withHash as unknown as Record<string, unknown> };
    });
    out.records.push(...(await this.chain(bodies)));

    // The session's signed end with its head, and the session-end checkpoint over it.
    const endedAt = new Date(times.endedAt);
    out.records.push(
      ...(await this.chain([
        { type: 'erjian.session/1', id: `${sessionId}/ended`, body: { id: `${sessionId}/ended`, event: 'ended', sessionId, at: endedAt.toISOString(), actor: this.o.operator, bench: null, reason: null, head: { ...this.lineHead } } },
      ])),
    );
    if (out.checkpoints.at(-1)?.seq !== this.lineHead.seq) {
      out.checkpoints.push(await signCheckpoint(this.device, { line: this.lineHead, reason: 'session-end', at: endedAt, sessionId, records: this.recordHead }));
    }
    this.made += count;
    return out;
  }
}
