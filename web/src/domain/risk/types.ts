/**
 * The risk detectors' input and output (docs/risk.md). The shapes are independent of any
 * storage: the sync server builds them from its tables (sync-server/src/supervision/riskData.ts),
 * the rates test from a generator (test/risk/generator.ts). Times are ISO instants; a
 * device's times are what its clock said, a server's what the server's clock said.
 */
import type { TestPoint } from '../types.ts';

/** A contiguous range of one device's original record (inclusive): the link to the raw data. */
export interface RawRef {
  deviceId: string;
  fromSeq: number;
  toSeq: number;
}

/** One meter's result in one bench run (a WMB/1 `MV` line and the verification that used it). */
export interface RiskMeterResult {
  serial: string;
  batchId: string | null;
  /** indicated volume Vi (L) as the bench sent it */
  indicatedL: number;
  /** E (%) of the run as the verification evaluated it; null when the run was not valid or not evaluated */
  errorPct: number | null;
  /** MPE (%) of the run's zone; null when not evaluated */
  mpePct: number | null;
  /** the `MV` line */
  ref: RawRef;
}

/** One bench run (WMB/1 `RUN` … `RD`): all mounted meters at one flow point together. */
export interface RiskBenchRun {
  deviceId: string;
  sessionId: string;
  benchId: string;
  /** the bench's run id */
  runId: string;
  point: TestPoint;
  /** mean actual flow the bench reported (`RE lph=`, L/h) */
  flowLph: number | null;
  /** run duration the bench reported (`RE dur=`, s) */
  durationS: number | null;
  /** the reference volume in litres (tank L, weighed kg ≈ L, pulses / k) */
  referenceL: number | null;
  /** the smallest volume a valid run at this point may have (L), from the meter type; null if unknown */
  minimumVolumeL: number | null;
  /** device time of the run's start (`RS` line) and end (`RE` line) */
  startedAt: string | null;
  endedAt: string | null;
  meters: RiskMeterResult[];
  /** from the `RUN` command (or `RS`) to `RD` */
  ref: RawRef;
}

/** One bench session as the sync server knows it. */
export interface RiskSession {
  deviceId: string;
  sessionId: string;
  benchId: string;
  /** positions of the bench (`ID positions=`), null if not seen */
  positions: number | null;
  startedAt: string;
  endedAt: string | null;
  ref: RawRef | null;
}

/** The chain fields of one stored raw line. */
export interface RiskLine {
  deviceId: string;
  seq: number;
  sessionId: string | null;
  /** the device's time of the line */
  receivedAt: string;
  /** the server's time it stored the line */
  storedAt: string;
  prevHash: string;
  hash: string;
}

/** A bench PC installation: its chain and what it says it replaced. */
export interface RiskDevice {
  deviceId: string;
  /** the device its enrolment names as its predecessor (a replaced PC), or null */
  predecessor: string | null;
}

export interface RiskDataset {
  devices: RiskDevice[];
  sessions: RiskSession[];
  benchRuns: RiskBenchRun[];
  /** per device in seq order (the adapter and the generator both give them so) */
  lines: RiskLine[];
}

export type RiskKind =
  | 'batch-bias'
  | 'drift-ewma'
  | 'drift-cusum'
  | 'copied-errors'
  | 'low-spread'
  | 'volume-inconsistent'
  | 'clock-jump'
  | 'back-dated'
  | 'chain-restart'
  | 'rate-implausible';

export const RISK_KINDS: readonly RiskKind[] = [
  'batch-bias',
  'drift-ewma',
  'drift-cusum',
  'copied-errors',
  'low-spread',
  'volume-inconsistent',
  'clock-jump',
  'back-dated',
  'chain-restart',
  'rate-implausible',
];

/** One finding: what, about what, the numbers that show it, and the raw lines to look at. */
export interface RiskFinding {
  kind: RiskKind;
  /** stable: the same finding found again has the same key (the server stores it once) */
  key: string;
  /** what it is about: a batch and point, a bench and point, a session, a device … */
  subject: string;
  /** one English sentence with the numbers (the UI writes its own Chinese from `evidence`) */
  message: string;
  evidence: Record<string, unknown>;
  rawRefs: RawRef[];
}

/** Millisecond instant of an ISO time; NaN if it is not one. */
export function ms(iso: string): number {
  return Date.parse(iso);
}

/** Round for evidence: figures people read, not float noise. */
export function r4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** At most `n` refs, merging adjacent ranges of one device. */
export function capRefs(refs: readonly RawRef[], n = 5): RawRef[] {
  const out: RawRef[] = [];
  for (const r of refs) {
    const last = out.at(-1);
    if (last && last.deviceId === r.deviceId && r.fromSeq <= last.toSeq + 1 && r.toSeq >= last.fromSeq) {
      last.fromSeq = Math.min(last.fromSeq, r.fromSeq);
      last.toSeq = Math.max(last.toSeq, r.toSeq);
    } else out.push({ ...r });
  }
  return out.slice(0, n);
}
