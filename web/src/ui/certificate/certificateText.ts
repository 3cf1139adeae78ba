/**
 * Words for the certificate screens: fill `{name}` placeholders, and say why a certificate
 * or a label is blocked, from the domain's stable codes (STYLE.md rule 5: the message is
 * built from the code, never parsed from the English text).
 */
import type { CertificateBlock, MeterBlockCode } from '../../domain/index.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function blockText(block: Pick<CertificateBlock, 'code' | 'detail'>): string {
  return fill(t(`block.${block.code}` as MessageKey), { detail: block.detail ?? '' });
}

export function meterBlockText(code: MeterBlockCode): string {
  if (code === 'meter-not-passed' || code === 'certificate-blocked') return t(`meterBlock.${code}`);
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
