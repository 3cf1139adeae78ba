/**
 * Words for the certificate screens: fill `{name}` placeholders, and say why a certificate
 * or a label is blocked, from the domain's stable codes (docs/architecture.md house rule 5: the message is
 * built from the code, never parsed from the English text).
 */
import type { CertificateBlock, MeterBlockCode } from '../../domain/index.ts';
import type { NoticeBlockCode } from '../../store/certificates.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { isDecisionRefusal, refusalSentence, type RefusalFacts } from '../supervision/penaltyMessages.ts';
import type { RepeatRuleOf } from './certificateModel.ts';

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * Why a certificate, notice or label is blocked. A block that rests on a decision — the penalty
 * ladder's (a blocked model, rectification, a stopped pilot, revocation) or the authorisation's
 * suspension or revocation — says the decision's date and 文号 (ui/supervision/penaltyMessages.ts);
 * without its date (a cache pulled from an older server) the dated sentence only leaves the date out.
 */
export function blockText(block: { code: CertificateBlock['code'] | NoticeBlockCode } & RefusalFacts): string {
  if (isDecisionRefusal(block.code) && (block.decision !== undefined || !block.code.startsWith('authorisation-'))) return refusalSentence(block.code, block);
  return fill(t(`block.${block.code}` as MessageKey), { detail: block.detail ?? '' });
}

export function meterBlockText(code: MeterBlockCode): string {
  if (code === 'meter-not-passed' || code === 'certificate-blocked' || code === 'outside-pilot-scope') return t(`meterBlock.${code}`);
  return t('meterBlock.on-verification-date');
}

/** The bench method as the certificate names it (WMB/1 `method=`). */
export function methodText(method: string | undefined): string {
  if (method === undefined) return '—';
  if (method === 'weighing') return t('cert.method.weighing');
  if (method === 'master' || method === 'master-meter') return t('cert.method.master');
  if (method === 'volumetric' || method === 'volume') return t('cert.method.volumetric');
  return method;
}

/** The repeat rule a profile names (docs/rules.md R-REPEAT), as the certificate prints it. */
export function repeatRuleText(r: RepeatRuleOf): string {
  const rule = r.rule;
  if (rule === null) return fill(t('cert.repeatRule.unknown'), { profile: `${r.profile.id} · ${r.profile.version}` });
  if (rule.rule === 'two-of-three-mean') return t('cert.repeatRule.two-of-three-mean');
  if (rule.maxReruns === 0) return t('cert.repeatRule.rerun-decides.none');
  if (rule.maxReruns === 1) return t('cert.repeatRule.rerun-decides.once');
  return fill(t('cert.repeatRule.rerun-decides'), { n: rule.maxReruns });
}
