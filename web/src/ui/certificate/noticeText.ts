/**
 * A failed meter's reasons as the 检定结果通知书 prints them (docs/rules.md R-ISSUE): one
 * sentence per reason of the stored verdict (domain `VerdictReason`, docs/rules.md R-ITEMS), worded from its stable item and code
 * (docs/architecture.md house rule 5), with the figures behind it: for the indication error the point, the
 * E of every valid run there and the MPE; for a checklist the item's key; for tightness
 * leak / damage or the figure the domain gave. A code this build has no words for (a newer
 * verdict) is still printed, with its code, never dropped.
 */
import { t, type MessageKey } from '../i18n/i18n.ts';
import type { FailedItem } from './certificateModel.ts';
import { fill } from './certificateText.ts';

const ITEM_KEYS: Record<string, MessageKey> = {
  'external-examination': 'item.external-examination',
  function: 'item.function',
  tightness: 'item.tightness',
  'indication-error': 'item.indication-error',
  scope: 'item.scope',
};

const REASON_KEYS: Record<string, MessageKey> = {
  'indication-error/point-failed': 'reason.indication-error.point-failed',
  'indication-error/irregular-runs': 'reason.indication-error.irregular-runs',
  'indication-error/no-valid-run': 'reason.indication-error.no-valid-run',
  'indication-error/point-missing': 'reason.indication-error.point-missing',
  'external-examination/item-missing': 'reason.external-examination.item-missing',
  'external-examination/checklist-item-failed': 'reason.external-examination.checklist-item-failed',
  'function/item-missing': 'reason.function.item-missing',
  'function/checklist-item-failed': 'reason.function.checklist-item-failed',
  'tightness/item-missing': 'reason.tightness.item-missing',
  'tightness/leak': 'reason.tightness.leak',
  'tightness/damage': 'reason.tightness.damage',
  'tightness/map-unknown': 'reason.tightness.map-unknown',
  'tightness/pressure-too-low': 'reason.tightness.pressure-too-low',
  'tightness/hold-too-short': 'reason.tightness.hold-too-short',
  'scope/out-of-scope': 'reason.scope.out-of-scope',
};

const CHECKLIST_KEYS: Record<string, MessageKey> = {
  markings: 'checklist.markings',
  seals: 'checklist.seals',
  'register-legible': 'checklist.register-legible',
  'register-advances': 'checklist.register-advances',
};

/** E (%) as printed: sign, two decimals (already rounded half-even by the model). */
export function signedPct(x: number): string {
  return `${x > 0 ? '+' : ''}${x.toFixed(2)} %`;
}

/** A checklist item: its name where this build knows the key, and always the key itself. */
function checklistItem(key: string | undefined): string {
  if (key === undefined) return '—';
  const name = CHECKLIST_KEYS[key];
  return name === undefined || t(name) === key ? key : `${t(name)} (${key})`;
}

export function failedItemText(f: FailedItem): string {
  const r = f.reason;
  const values = {
    point: r.point ?? '',
    errors:
      (f.errorsPct.length === 0 ? '—' : f.errorsPct.map(signedPct).join(t('notice.listSep'))) +
      (f.meanPct === null ? '' : fill(t('notice.mean'), { mean: signedPct(f.meanPct) })),
    mpe: f.mpePct === null ? '—' : String(f.mpePct),
    key: checklistItem(r.detail),
    detail: r.detail ?? '',
    code: r.code,
  };
  // An invalid tightness test is reported as a missing item with why (domain judgeTightness).
  if (r.item === 'tightness' && r.code === 'item-missing' && r.detail !== undefined) {
    return fill(t('reason.tightness.test-invalid'), { detail: r.detail.replace(/^test-invalid:\s*/, '') });
  }
  const key = REASON_KEYS[`${r.item}/${r.code}`];
  if (key !== undefined) return fill(t(key), values);
  if (r.item === 'indication-error' && r.point !== undefined) return fill(t('reason.indication-error.other'), values);
  const item = ITEM_KEYS[r.item];
  return fill(t('reason.other'), { ...values, item: item === undefined ? r.item : t(item) }).trim();
}
