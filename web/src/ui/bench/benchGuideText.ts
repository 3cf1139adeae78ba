/**
 * The bench screen's guiding sentences, built from the domain's and the screen's stable
 * codes (docs/architecture.md house rule 5: never parsed from English text).
 */
import type { MeterVerdict, MountProblem, SessionStartRefusal, VerdictReason } from '../../domain/index.ts';
import { fill } from '../certificate/certificateText.ts';
import { locale, t, type MessageKey } from '../i18n/i18n.ts';
import { verdictReasonText } from '../meter/meterText.ts';
import { positionRuns, type StartBlocker } from './startBlockers.ts';

export function connectRefusalText(r: SessionStartRefusal): string {
  return fill(t(`guide.refuse.${r.code}`), r.code === 'batch-of-another-type' ? { batchId: r.batchId, batchModel: r.batchModel, chosenModel: r.chosenModel } : {});
}

export function startBlockerText(b: StartBlocker): string {
  const list = locale() === 'zh-CN' ? '、' : ', ';
  return fill(t(`guide.block.${b.code}`), 'positions' in b ? { positions: positionRuns(b.positions, list) } : {});
}

/** "还不能开始检定：…；…" — every blocker in one line. */
export function startBlockersText(blockers: readonly StartBlocker[]): string {
  return `${t('guide.cannotStart')}${blockers.map(startBlockerText).join(locale() === 'zh-CN' ? '；' : '; ')}`;
}

/** Why a scanned serial number is not mounted, for position `pos`. */
export function mountProblemText(pos: number, text: string, problem: MountProblem, model: string): string {
  const values: Record<string, string | number> = { text: text.trim(), model };
  if (problem.code === 'characters-not-allowed') values['characters'] = problem.characters.map((c) => `“${c}”`).join(locale() === 'zh-CN' ? '、' : ', ');
  if (problem.code === 'too-short') values['min'] = problem.min;
  if (problem.code === 'too-long') values['max'] = problem.max;
  if (problem.code === 'format-mismatch') values['example'] = problem.example;
  if (problem.code === 'already-mounted') Object.assign(values, { serial: problem.serial, pos: problem.pos });
  if (problem.code === 'meter-of-another-batch') Object.assign(values, { serial: problem.serial, batchId: problem.batchId });
  const reason = fill(t(`guide.serial.${problem.code}` as MessageKey), values);
  return fill(t('guide.scan.refused'), { pos, reason });
}

/**
 * One reason of the domain's verdict in the few words a bench row has room for; what the
 * row cannot say briefly (a missing item, an unknown MAP) in the meter page's own words.
 */
function shortReason(r: VerdictReason): string {
  if (r.code === 'checklist-item-failed' && (r.item === 'external-examination' || r.item === 'function')) return t(`guide.why.${r.item}`);
  if (r.item === 'tightness' && (r.code === 'leak' || r.code === 'damage')) return t(`guide.why.${r.code}`);
  if (r.item === 'indication-error' && r.point !== undefined && (r.code === 'point-failed' || r.code === 'point-missing' || r.code === 'no-valid-run' || r.code === 'irregular-runs')) {
    return fill(t(`guide.why.${r.code}`), { point: r.point });
  }
  return verdictReasonText(r);
}

/** Why a meter did not pass, in one line (its record page has every reason with its figures). */
export function verdictReasonsText(v: MeterVerdict): string {
  return [...new Set(v.reasons.map(shortReason))].join(locale() === 'zh-CN' ? '；' : '; ');
}
