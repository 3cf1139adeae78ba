/**
 * The institute's screens' texts (#/institute). zh-CN first; every key has an English text
 * (checked by the type).
 */
import { locale } from '../i18n/i18n.ts';

export const instituteZh = {
  'inst.heading': '法定计量检定机构 · 监督抽检',
  'inst.register': '授权企业资质（只读）',
} as const;

export type InstituteKey = keyof typeof instituteZh;

export const instituteEn: Record<InstituteKey, string> = {
  'inst.heading': 'Legal metrology institute · supervision sampling',
  'inst.register': 'Authorised enterprises (read only)',
};

export function it(key: InstituteKey, params: Record<string, string | number> = {}): string {
  const text = locale() === 'en' ? instituteEn[key] : instituteZh[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
