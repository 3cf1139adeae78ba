/**
 * The bench's event log, keyed by code (docs/architecture.md house rule 5): what the
 * controller and the session report is kept as facts, and worded only when shown, in the
 * language chosen then (issue 10 item 6). Bench names and serial numbers are data and
 * stay as the bench and the operator wrote them.
 */
import type { TestPoint } from '../../domain/index.ts';
import type { TightnessConditionCode } from '../../domain/index.ts';
import { fill } from '../certificate/certificateText.ts';
import { errorText, type ShownError } from '../i18n/errorText.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';

export type BenchLog =
  | { code: 'identified'; sn: string; vendor: string; model: string; positions: number | null }
  | { code: 'session-resumed'; meters: number }
  | { code: 'tightness-valid'; requiredKpa: number; heldS: number; decayKpa: number | null; leakHint: boolean }
  | { code: 'tightness-invalid'; reasons: TightnessConditionCode[] }
  | { code: 'tightness-no-answer'; willRepeat: boolean }
  | { code: 'run-invalid'; point: TestPoint; reasons: string[]; willRepeat: boolean }
  | { code: 'run-incomplete'; point: TestPoint; positions: number[]; willRepeat: boolean }
  | { code: 'run-aborted'; point: TestPoint; reason: string; willRepeat: boolean }
  | { code: 'run-interrupted'; point: TestPoint; cause: 'device-lost' | 'timeout'; willRepeat: boolean }
  | { code: 'connection-lost' }
  | { code: 'reconnected' }
  | { code: 'verdicts-stored'; count: number }
  | { code: 'paused' }
  | { code: 'run-without-lines'; point: TestPoint; runId: string }
  | { code: 'runs-not-stored'; point: TestPoint; runId: string }
  | { code: 'journal-not-stored' }
  | { code: 'error'; error: ShownError };

const has = (key: string): key is MessageKey => t(key as MessageKey) !== undefined;

/** A code the catalogue words, or the bench's own text (an unknown ABORT reason is the bench's data). */
function worded(prefix: string, code: string): string {
  const key = `${prefix}${code}`;
  return has(key) ? t(key) : code;
}

const list = (items: readonly string[]) => items.join(t('log.listSeparator'));
const repeat = (willRepeat: boolean) => (willRepeat ? t('log.repeat') : '');

export function logText(l: BenchLog): string {
  switch (l.code) {
    case 'identified':
      return fill(t('log.identified'), { sn: l.sn, vendor: l.vendor, model: l.model, positions: l.positions ?? '?' }).replace(/（\s*）|\(\s*\)/, '');
    case 'session-resumed':
      return fill(t('log.sessionResumed'), { meters: l.meters });
    case 'tightness-valid':
      return fill(t(l.leakHint ? 'log.tightnessLeakHint' : 'log.tightnessValid'), { required: l.requiredKpa, held: Math.round(l.heldS), decay: l.decayKpa === null ? '—' : l.decayKpa.toFixed(1) });
    case 'tightness-invalid':
      return fill(t('log.tightnessInvalid'), { reasons: list(l.reasons.map((r) => worded('log.tightnessReason.', r))) });
    case 'tightness-no-answer':
      return t('log.tightnessNoAnswer') + repeat(l.willRepeat);
    case 'run-invalid':
      return fill(t('log.runInvalid'), { point: l.point, reasons: list(l.reasons.map((r) => worded('runReason.', r))) }) + repeat(l.willRepeat);
    case 'run-incomplete':
      return fill(t('log.runIncomplete'), { point: l.point, positions: list(l.positions.map(String)) }) + repeat(l.willRepeat);
    case 'run-aborted':
      return fill(t('log.runAborted'), { point: l.point, reason: worded('log.abortReason.', l.reason) }) + repeat(l.willRepeat);
    case 'run-interrupted':
      return fill(t('log.runInterrupted'), { point: l.point, cause: t(l.cause === 'device-lost' ? 'log.cause.device-lost' : 'log.cause.timeout') }) + repeat(l.willRepeat);
    case 'connection-lost':
      return t('log.connectionLost');
    case 'reconnected':
      return t('log.reconnected');
    case 'verdicts-stored':
      return fill(t('log.verdictsStored'), { count: l.count });
    case 'paused':
      return t('log.paused');
    case 'run-without-lines':
      return fill(t('log.runWithoutLines'), { point: l.point, runId: l.runId });
    case 'runs-not-stored':
      return fill(t('log.runsNotStored'), { point: l.point, runId: l.runId });
    case 'journal-not-stored':
      return t('log.journalNotStored');
    case 'error':
      return errorText(l.error);
  }
}
