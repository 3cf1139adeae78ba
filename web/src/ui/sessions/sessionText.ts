/** Words for a session's state and its interruption, from their stable codes (docs/architecture.md house rule 5). */
import type { SessionRecord } from '../../store/index.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { interruptionCode } from './sessionModel.ts';

export function stateText(s: SessionRecord): string {
  return t(`session.state.${s.state}` as MessageKey);
}

export function interruptionText(reason: string | null): string {
  const code = interruptionCode(reason);
  if (code === null) return '—';
  const key = `session.reason.${code}` as MessageKey;
  return t(key) ?? code;
}

/** E of a run, signed, two decimals, or — for a run the domain could not evaluate. */
export function runError(errorPct: number | undefined): string {
  if (errorPct === undefined || !Number.isFinite(errorPct)) return '—';
  return `${errorPct > 0 ? '+' : errorPct < 0 ? '−' : ''}${Math.abs(errorPct).toFixed(2)} %`;
}
