/**
 * The bench connect form's warning when the penalty ladder stands against the session
 * (docs/penalties.md "At the bench"): one sentence per notice, with the decision's date and
 * 文号, keyed by the domain's code (`satisfies Record<code, …>`: a code without a sentence in
 * zh-CN and English does not compile). Dates are the decisions' civil dates as the regulator
 * recorded them. The consequence for the session and the acknowledgement are keys of
 * benchGuideMessages.ts (`guide.standing.*`).
 */
import type { SessionStandingNotice, SessionStandingNoticeCode } from '../../domain/index.ts';
import { locale } from '../i18n/i18n.ts';

type Sentence<C extends SessionStandingNoticeCode> = (n: Extract<SessionStandingNotice, { code: C }>) => string;
type Sentences = { [C in SessionStandingNoticeCode]: Sentence<C> };

const onZh = (date: string | undefined) => (date === undefined ? '已' : `已于 ${date} `);
const refZh = (reference: string | undefined) => (reference === undefined ? '' : `（文号 ${reference}）`);
const onEn = (date: string | undefined) => (date === undefined ? '' : ` on ${date}`);
const refEn = (reference: string | undefined) => (reference === undefined ? '' : ` (ref. ${reference})`);

export const standingNoticeZh = {
  'model-blocked': (n) => `型号 ${n.model} ${onZh(n.since)}因抽检不合格暂停生产、出厂和销售${refZh(n.reference)}。`,
  'enterprise-rectifying': (n) =>
    `企业${onZh(n.date)}被责令限期整改${refZh(n.reference)}${n.deadline === undefined ? '' : `，整改期限至 ${n.deadline}`}；整改期间停止销售二检合一水表。`,
  'enterprise-pilot-stopped': (n) => `企业的二检合一试点${onZh(n.date)}因整改不合格被停止并公示${refZh(n.reference)}。`,
  'enterprise-revoked': (n) => `企业的二检合一资质${onZh(n.date)}被取消${refZh(n.reference)}。`,
} satisfies Sentences;

export const standingNoticeEn = {
  'model-blocked': (n) => `Model ${n.model} was stopped${onEn(n.since)} after a non-conforming sampling — no production, shipping or sale${refEn(n.reference)}.`,
  'enterprise-rectifying': (n) =>
    `The enterprise was ordered to rectify${onEn(n.date)}${refEn(n.reference)}${n.deadline === undefined ? '' : `, by ${n.deadline}`}. Sales of 二检合一 meters are stopped meanwhile.`,
  'enterprise-pilot-stopped': (n) => `The 二检合一 pilot was stopped for the enterprise${onEn(n.date)} after a failed rectification, and published${refEn(n.reference)}.`,
  'enterprise-revoked': (n) => `The enterprise's 二检合一 qualification was revoked${onEn(n.date)}${refEn(n.reference)}.`,
} satisfies Sentences;

/** The notice's sentence in the person's language. */
export function standingNoticeText(n: SessionStandingNotice): string {
  const sentences: Sentences = locale() === 'en' ? standingNoticeEn : standingNoticeZh;
  return (sentences[n.code] as (n: SessionStandingNotice) => string)(n);
}
