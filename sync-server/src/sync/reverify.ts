/**
 * The server's re-verification of one verification record (issue 12 "The server re-verifies";
 * docs/sync.md "Re-verification"; docs/records.md "Per-meter check"): what the PC's per-meter
 * check does, on the copies the server holds and with the same code.
 *
 * 1. The cited ranges: at least one, each of the record's own device, each covered by a
 *    checkpoint the server holds, each held, and the last line the one the record signed
 *    (`toHash`). The lines' chain itself was checked when they were taken (lines.ts).
 * 2. The session: its signed start is held; the bench identity of an `ID` line (WMB/1) or a
 *    `SETUP` step line (a PLC bench, docs/bench-config.md) inside the cited lines is the
 *    session's signed bench (id, uRelPct, method).
 * 3. The runs, rebuilt from the raw text of the cited lines (WMB/1, or a PLC bench's frames and step lines) (the replay of `rebuildMeterRuns`) and
 *    counted as the session counts them (domain `countRuns`), run for run.
 * 4. The verdict and 有效期 recomputed with the named profile: compared on pass/fail, the
 *    decisions and the figures as printed; a difference in the unrounded figures only is
 *    logged, not refused (another engine's last digit of Math.exp).
 */
import { decodeMessage } from '../../../web/src/bench/wmb1/codec.ts';
import { isPlcConfig, methodOf, parseBenchConfig } from '../../../web/src/bench/config/benchConfig.ts';
import { decodeStep } from '../../../web/src/bench/orchestrated/steps.ts';
import { replayBenchRuns } from '../../../web/src/bench/replay.ts';
import type { Replay } from '../../../web/src/bench/wmb1/replay.ts';
import { asciiBytes } from '../../../web/src/bench/types.ts';
import type { RegulationProfile } from '../../../web/src/domain/index.ts';
import type { VerificationRecord } from '../../../web/src/store/recordTypes.ts';
import { compareRuns, compareVerdicts, recomputeVerdict } from '../../../web/src/store/recomputeVerification.ts';
import { Refusal, type CitedReplay, type IngestContext } from './context.ts';
import { storedLines } from './lines.ts';
import { sessionRow } from './sessions.ts';
import type { VerificationBody } from './wire.ts';

export interface Reverified {
  profile: RegulationProfile;
  passed: boolean;
}

/** A range's lines and their replay, read and replayed once per push. */
function cited(ctx: IngestContext, fromSeq: number, toSeq: number): CitedReplay {
  const key = `${fromSeq}-${toSeq}`;
  let c = ctx.replays.get(key);
  if (!c) {
    const lines = storedLines(ctx, fromSeq, toSeq);
    c = { lines, replay: replayBenchRuns(lines) };
    ctx.replays.set(key, c);
  }
  return c;
}

type Ranges = { lines: CitedReplay['lines']; replays: Replay[] };

/** The cited ranges against what the server holds. */
function checkRanges(ctx: IngestContext, v: VerificationBody): Refusal | Ranges {
  if (v.rawLines.length === 0) return new Refusal('raw-lines-foreign', 'the verification cites no raw lines: its runs cannot be rebuilt');
  const out: Ranges = { lines: [], replays: [] };
  for (const r of v.rawLines) {
    if (r.deviceId !== ctx.deviceId) return new Refusal('raw-lines-foreign', `the verification cites lines of device ${r.deviceId}; a record cites its own device's lines`);
    if (r.toSeq < r.fromSeq) return new Refusal('schema-invalid', `range ${r.fromSeq}…${r.toSeq} is empty`);
    if (r.toSeq > ctx.head.checkpoint.seq) return new Refusal('unsigned', `line ${r.toSeq} is covered by no checkpoint on the server (highest: ${ctx.head.checkpoint.seq}): push the checkpoint first`, true);
    if (r.toSeq > ctx.head.lines.seq) return new Refusal('raw-lines-missing', `the server holds lines up to ${ctx.head.lines.seq}; the record cites up to ${r.toSeq}`, true);
    if (r.toHash === undefined) return new Refusal('schema-invalid', 'a format-2 verification names the hash of its last cited line (toHash)');
    const c = cited(ctx, r.fromSeq, r.toSeq);
    const last = c.lines[c.lines.length - 1];
    if (c.lines.length !== r.toSeq - r.fromSeq + 1 || !last) return new Refusal('raw-lines-missing', `lines ${r.fromSeq}…${r.toSeq} are not all held`, true);
    if (last.hash !== r.toHash) return new Refusal('cited-line-differs', `line ${r.toSeq} is ${last.hash} on the server; the record signed ${r.toHash}`);
    out.lines.push(...c.lines);
    out.replays.push(c.replay);
  }
  return out;
}

/** One meter's completed runs in the cited lines (as `rebuildMeterRuns`), null when they never load it. */
function rebuiltRuns(ranges: Ranges, serial: string) {
  // One range (the usual case): its replay as made once; several: replayed together, in order.
  const replay = ranges.replays.length === 1 ? ranges.replays[0]! : replayBenchRuns(ranges.lines);
  return replay.serials.has(serial) ? replay.runs.filter((r) => r.serial === serial).map((r) => r.run) : null;
}

/** The bench's own ID line(s) inside the cited lines against the session's signed start. */
function checkBench(bench: { id: string; uRelPct?: number; method?: string }, lines: ReadonlyArray<{ direction: 'in' | 'out'; text: string; seq: number }>): Refusal | null {
  for (const l of lines) {
    if (l.direction === 'out' && l.text.startsWith('SETUP')) {
      const setup = checkSetup(bench, l.text, l.seq);
      if (setup) return setup;
      continue;
    }
    if (l.direction !== 'in' || !l.text.startsWith('ID')) continue;
    const d = decodeMessage(asciiBytes(l.text.replace(/\r?\n$/, '')));
    if (!d.ok || d.value.verb !== 'ID') continue;
    const id = d.value;
    if (id.sn !== bench.id) return new Refusal('bench-differs', `line ${l.seq}: the bench said it is ${id.sn}; the session was signed for ${bench.id}`);
    if (bench.uRelPct !== undefined && id.uRelPct !== bench.uRelPct) return new Refusal('bench-differs', `line ${l.seq}: the bench declared U = ${id.uRelPct} %; the session was signed with ${bench.uRelPct} %`);
    if (bench.method !== undefined && id.method !== bench.method) return new Refusal('bench-differs', `line ${l.seq}: the bench measures by ${id.method}; the session was signed with ${bench.method}`);
  }
  return null;
}

/** A PLC bench's SETUP step line (docs/bench-config.md "Step lines") against the session's signed bench. */
function checkSetup(bench: { id: string; uRelPct?: number; method?: string }, text: string, seq: number): Refusal | null {
  const step = decodeStep(text);
  if (step?.verb !== 'SETUP') return null;
  let config;
  try {
    config = parseBenchConfig(JSON.parse(step.config));
  } catch {
    return new Refusal('bench-differs', `line ${seq}: the bench configuration the lines were read with does not validate`);
  }
  if (step.bench !== bench.id || config.id !== bench.id) return new Refusal('bench-differs', `line ${seq}: the lines were read on bench ${config.id}; the session was signed for ${bench.id}`);
  if (bench.uRelPct !== undefined && config.uRelPct !== bench.uRelPct) return new Refusal('bench-differs', `line ${seq}: the bench configuration declares U = ${config.uRelPct} %; the session was signed with ${bench.uRelPct} %`);
  if (bench.method !== undefined && isPlcConfig(config) && methodOf(config.setup) !== bench.method) return new Refusal('bench-differs', `line ${seq}: the bench measures by ${methodOf(config.setup)}; the session was signed with ${bench.method}`);
  return null;
}

export function reverify(ctx: IngestContext, v: VerificationBody): Refusal | Reverified {
  const ranges = checkRanges(ctx, v);
  if (ranges instanceof Refusal) return ranges;
  const session = sessionRow(ctx, v.sessionId);
  if (!session) return new Refusal('session-unknown', `session ${v.sessionId} has no signed start on the server`);
  const bench = checkBench(JSON.parse(session.bench) as { id: string; uRelPct?: number; method?: string }, ranges.lines);
  if (bench) return bench;

  const profile = ctx.profiles.find((p) => p.id === v.profile.id && p.version === v.profile.version);
  if (!profile) return new Refusal('profile-unknown', `profile ${v.profile.id} ${v.profile.version} is not one this server knows`);
  // The signature held and the schema read the envelope; the domain reads the rest as the PC made it.
  const record = v as unknown as VerificationRecord;

  const rebuilt = rebuiltRuns(ranges, v.serial);
  if (rebuilt === null) return new Refusal('runs-differ', `the cited lines never mount meter ${v.serial}`);
  let runs;
  try {
    runs = compareRuns(record, rebuilt, profile);
  } catch (err) {
    return new Refusal('runs-differ', `the runs cannot be counted: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (runs) return new Refusal('runs-differ', `run ${runs.runIndex + 1}: ${runs.kind === 'differs' ? 'the record differs from the raw lines' : runs.kind === 'missing-from-record' ? 'the raw lines hold a counted run the record lacks' : 'the raw lines do not hold it'}`);

  const again = recomputeVerdict(record, profile);
  if (!again.ok) return new Refusal('verdict-differs', `the rules cannot evaluate the record: ${again.error}`);
  const cmp = compareVerdicts(again.verdict, record.verdict);
  if (!cmp.printedEqual) {
    return new Refusal('verdict-differs', `recomputed: ${again.verdict.passed ? '合格 passed' : '不合格 failed'}; the record says ${record.verdict.passed ? 'passed' : 'failed'}${again.verdict.passed === record.verdict.passed ? ' (a reason, decision or printed error differs)' : ''}`);
  }
  if (!cmp.exactEqual) {
    ctx.log.warn({ verificationId: v.id, deviceId: ctx.deviceId }, 'verification: the unrounded verdict differs from the recomputed one; the printed one agrees (taken)');
  }
  if (again.validUntil !== v.validUntil) return new Refusal('valid-until-differs', `有效期 recomputed ${String(again.validUntil)}; the record says ${String(v.validUntil)}`);
  return { profile, passed: again.verdict.passed };
}
