/**
 * Where the bench screen's recorder writes (bench/recorder/sessionRecorder.ts): the bench
 * PC's store. Raw lines to the hash-chained original record, each bench run's runs in one
 * transaction, the session journal as audit entries, and each meter's verification,
 * signed, citing the session's lines (docs/architecture.md "How data flows" 1–4).
 */
import { defaultProfile } from '../../domain/index.ts';
import type { JournalEntry, RawLine, RecordTarget, RecordedRun, RecordedVerdict, SeqRange } from '../../bench/index.ts';
import { appendSessionJournal, recordRuns, recordVerification } from '../../store/index.ts';
import type { AppStore } from '../appStore.ts';
import { softwareIdentity } from '../softwareIdentity.ts';
import type { Reverification } from './benchState.ts';

export interface StoreTargetContext {
  batchId: string;
  operator: string;
  /** a meter verified again: its current record and why, by serial (docs/rules.md R-RECORD) */
  reverification: (serial: string) => Reverification | null;
}

export function storeTarget(store: AppStore, ctx: StoreTargetContext): RecordTarget {
  const deviceId = store.device.deviceId;
  return {
    async appendLine(line: RawLine, sessionId: string | null): Promise<number> {
      const stored = await store.record.append({
        connectionId: line.connectionId,
        sessionId,
        direction: line.direction,
        text: line.text,
        receivedAt: new Date(line.receivedAtMs).toISOString(),
      });
      return stored.seq;
    },
    async recordRuns(runs: readonly RecordedRun[]): Promise<void> {
      await recordRuns(
        store.db,
        runs.map((r) => ({
          sessionId: r.sessionId,
          serial: r.serial,
          position: r.position,
          benchRunId: r.benchRunId,
          point: r.point,
          raw: r.raw,
          run: r.run,
          rawLines: { deviceId, ...r.lines },
          interrupted: false,
        })),
      );
    },
    journal(sessionId: string, entry: JournalEntry): Promise<void> {
      return appendSessionJournal(store.db, sessionId, ctx.operator, entry);
    },
    async recordVerdicts(sessionId: string, verdicts: readonly RecordedVerdict[], lines: SeqRange): Promise<void> {
      for (const v of verdicts) {
        const again = ctx.reverification(v.serial);
        await recordVerification(store.db, store.device, {
          serial: v.serial,
          batchId: ctx.batchId,
          sessionId,
          record: v.record,
          verdict: v.verdict,
          operator: ctx.operator,
          profile: defaultProfile,
          software: { version: softwareIdentity.version, sha256: softwareIdentity.sha256 },
          rawLines: [{ deviceId, ...lines }],
          ...(again === null ? {} : { supersedes: again.supersedes, reason: again.reason }),
        });
      }
    },
  };
}
