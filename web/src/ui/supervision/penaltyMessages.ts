/**
 * The penalty ladder's words (docs/penalties.md): the sentence a bench PC shows when the ladder
 * or a decision on the authorisation stops it issuing — with the decision's date and 文号 —
 * and the regulator's penalties tab (#/regulator?tab=penalties). zh-CN first; every key has an
 * English text, and every refusal code a sentence in both (checked by the type: a code
 * without a sentence does not compile).
 */
import type { DecisionRef, EnterpriseStanding, IsoDate, PenaltyEventType, StandingRefusalCode } from '../../domain/index.ts';
import { locale } from '../i18n/i18n.ts';

/** The refusals that rest on a decision: the ladder's, and the authorisation's suspension or revocation. */
export type DecisionRefusalCode = StandingRefusalCode | 'authorisation-suspended' | 'authorisation-revoked';

/** What a refusal's sentence names (the domain's CertificateBlock carries them). */
export interface RefusalFacts {
  decision?: DecisionRef;
  model?: string;
  deadline?: IsoDate;
  /** the authorisation's id */
  detail?: string;
}

type Sentence = (f: RefusalFacts) => string;

const onZh = (f: RefusalFacts) => (f.decision ? `已于 ${f.decision.date} ` : '已');
const refZh = (f: RefusalFacts) => (f.decision?.reference ? `（文号 ${f.decision.reference}）` : '');
const sinceZh = (f: RefusalFacts) => (f.decision ? `（自 ${f.decision.date} 起${f.decision.reference ? `，文号 ${f.decision.reference}` : ''}）` : '');
const onEn = (f: RefusalFacts) => (f.decision ? ` on ${f.decision.date}` : '');
const refEn = (f: RefusalFacts) => (f.decision?.reference ? ` (ref. ${f.decision.reference})` : '');

export const refusalSentencesZh = {
  'model-blocked': (f) => `型号 ${f.model ?? ''} ${onZh(f)}因抽检不合格暂停生产、出厂和销售${refZh(f)}，整改验收前不得出具二检合一证书或标签。`,
  'enterprise-sales-stopped': (f) =>
    `企业${onZh(f)}被责令限期整改${refZh(f)}${f.deadline ? `，整改期限至 ${f.deadline}` : ''}；整改期间停止销售二检合一水表，不得出具二检合一证书或标签。`,
  'enterprise-pilot-stopped': (f) => `企业的二检合一试点${onZh(f)}因整改不合格被停止并公示${refZh(f)}，不得出具二检合一证书或标签。`,
  'enterprise-revoked': (f) => `企业的二检合一资质${onZh(f)}被取消${refZh(f)}，不得出具二检合一证书或标签。`,
  'authorisation-suspended': (f) => `授权 ${f.detail ?? ''} 已暂停${sinceZh(f)}，暂停期间不得出具二检合一证书或标签。`,
  'authorisation-revoked': (f) => `授权 ${f.detail ?? ''} 已撤销${sinceZh(f)}，不得出具二检合一证书或标签。`,
} satisfies Record<DecisionRefusalCode, Sentence>;

export const refusalSentencesEn = {
  'model-blocked': (f) =>
    `Model ${f.model ?? ''} was stopped${onEn(f)} after a non-conforming sampling — no production, shipping or sale${refEn(f)}. No 二检合一 certificate or label until its rectification is accepted.`,
  'enterprise-sales-stopped': (f) =>
    `The enterprise was ordered to rectify${onEn(f)}${refEn(f)}${f.deadline ? `, by ${f.deadline}` : ''}. Sales of 二检合一 meters are stopped meanwhile: no 二检合一 certificate or label.`,
  'enterprise-pilot-stopped': (f) => `The 二检合一 pilot was stopped for the enterprise${onEn(f)} after a failed rectification, and published${refEn(f)}. No 二检合一 certificate or label.`,
  'enterprise-revoked': (f) => `The enterprise's 二检合一 qualification was revoked${onEn(f)}${refEn(f)}. No 二检合一 certificate or label.`,
  'authorisation-suspended': (f) => `Authorisation ${f.detail ?? ''} was suspended${onEn(f)}${refEn(f)}. No 二检合一 certificate or label while it is.`,
  'authorisation-revoked': (f) => `Authorisation ${f.detail ?? ''} was revoked${onEn(f)}${refEn(f)}. No 二检合一 certificate or label.`,
} satisfies Record<DecisionRefusalCode, Sentence>;

const decisionCodes = Object.keys(refusalSentencesZh) as DecisionRefusalCode[];

export function isDecisionRefusal(code: string): code is DecisionRefusalCode {
  return (decisionCodes as string[]).includes(code);
}

/** The sentence of a refusal that rests on a decision, in the person's language. */
export function refusalSentence(code: DecisionRefusalCode, facts: RefusalFacts): string {
  return (locale() === 'en' ? refusalSentencesEn : refusalSentencesZh)[code](facts);
}

// ── the regulator's penalties tab ──────────────────────────────────────────────────────

export const penaltyZh = {
  'pen.lead': '处罚惩戒（试点方案 五.2、承诺书第六条）：抽检不合格即整批退回，该型号规格停工、停止出厂和销售，直至整改验收合格；第二次限期整改，整改期间停止销售二检合一水表；整改不合格停止试点并公示；第三次取消二检合一资质。检定台电脑同步后即按此拒绝出具证书和标签。',
  'pen.loading': '正在读取…',
  'pen.enterprises': '企业',
  'pen.col.enterprise': '企业',
  'pen.col.standing': '状态',
  'pen.col.count': '抽检不合格次数',
  'pen.col.blocked': '暂停的型号',
  'pen.col.events': '记录',
  'pen.open': '查看',
  'pen.none': '无',
  'pen.standing.normal': '正常',
  'pen.standing.batch-returned': '整批退回',
  'pen.standing.rectifying': '限期整改中',
  'pen.standing.pilot-stopped': '试点已停止',
  'pen.standing.revoked': '资质已取消',
  'pen.standingLead.normal': '可以出具二检合一证书和标签。',
  'pen.standingLead.batch-returned': '抽检不合格的批次已退回；下列型号暂停生产、出厂和销售，直至整改验收合格。',
  'pen.standingLead.rectifying': '限期整改中，停止销售二检合一水表，不得出具证书和标签。',
  'pen.standingLead.pilot-stopped': '整改不合格，二检合一试点已停止并公示。',
  'pen.standingLead.revoked': '二检合一资质已取消并公示；只有新的授权才能恢复。',
  'pen.count': '抽检不合格：{n} 次（第 3 次取消资质）',
  'pen.deadline': '整改期限至 {date}',
  'pen.blocked': '暂停的型号规格',
  'pen.blockedItem': '{model}：{date} 起暂停{ref}{batch}',
  'pen.blockedRef': '（文号 {ref}）',
  'pen.blockedBatch': '，批次 {batch}',
  'pen.noBlocked': '没有暂停的型号。',
  'pen.lastDecision': '最近决定：{date} {what}{ref}',
  'pen.timeline': '处罚记录',
  'pen.noEvents': '没有记录。',
  'pen.col.date': '日期',
  'pen.col.event': '事项',
  'pen.col.step': '状态变化',
  'pen.col.reason': '原因',
  'pen.col.decidedBy': '决定机关 / 人',
  'pen.col.reference': '文号',
  'pen.col.recorded': '录入',
  'pen.published': '已公示',
  'pen.event.non-conforming-sampling': '抽检不合格',
  'pen.event.rectification-passed': '整改验收合格',
  'pen.event.rectification-failed': '整改验收不合格',
  'pen.event.authorisation-revoked': '取消资质',
  'pen.event.new-authorisation': '重新授权',
  'pen.eventModel': '型号 {model}',
  'pen.eventBatch': '批次 {batch}',
  'pen.eventSampling': '抽检 {sampling}',
  'pen.eventDeadline': '整改期限至 {date}',
  'pen.decide': '录入监管决定',
  'pen.decideLead': '决定日期不得晚于今天（{today}）；每项决定都要写明原因、决定机关和文号，检定台电脑会显示日期和文号。',
  'pen.form.type': '决定',
  'pen.form.date': '决定日期',
  'pen.form.reason': '原因',
  'pen.form.decidedBy': '决定机关 / 人',
  'pen.form.reference': '文号',
  'pen.form.model': '型号规格',
  'pen.form.modelAll': '（整改验收覆盖全部暂停型号）',
  'pen.form.samplingId': '抽检编号',
  'pen.form.batchId': '批次号（可不填）',
  'pen.form.deadline': '整改期限',
  'pen.form.authorisationId': '新授权编号',
  'pen.form.submit': '录入',
  'pen.form.saving': '正在录入…',
  'pen.form.saved': '已录入：{what}，企业状态为“{standing}”。检定台电脑下次同步后生效。',
  'pen.form.samplingNote': '抽检不合格通常由双随机抽检结论自动录入；只有抽检记录不在本系统时才在此直接录入。',
  'pen.regulatorOnly': '只有市场监管部门可以录入决定。',
  'pen.error.invalid-transition': '企业当前的状态不允许这项决定。',
  'pen.error.event-out-of-order': '决定日期早于上一项记录。请核对日期。',
  'pen.error.missing-deadline': '第二次抽检不合格要责令限期整改：请填写整改期限。',
  'pen.error.invalid-event': '资料不完整或不一致（例如整改验收要写明型号，整改期限要晚于决定日期）。请补充后再试。',
  'pen.error.model-not-blocked': '这个型号没有被暂停。请核对型号。',
  'pen.error.date-in-future': '决定日期不能晚于今天。',
  'pen.error.unknown-model': '这个型号不是该企业登记的表型。',
  'pen.error.unknown-authorisation': '这个授权编号没有登记给该企业。',
  'pen.error.schema-invalid': '资料不完整：日期、原因、决定机关和文号都要填写。',
  'pen.error.other': '服务器拒绝了请求（{reason}）。',
} as const;

export type PenaltyKey = keyof typeof penaltyZh;

export const penaltyEn: Record<PenaltyKey, string> = {
  'pen.lead':
    'The penalty ladder (pilot plan §五.2, undertaking item 6): any non-conforming sampling returns the batch and stops work, shipping and sale of that model until its rectification is accepted; the 2nd orders rectification with a deadline, no sales of 二检合一 meters meanwhile; a failed rectification stops the pilot, published; the 3rd revokes the 二检合一 qualification. Bench PCs refuse certificates and labels accordingly after their next sync.',
  'pen.loading': 'Loading…',
  'pen.enterprises': 'Enterprises',
  'pen.col.enterprise': 'Enterprise',
  'pen.col.standing': 'Standing',
  'pen.col.count': 'Non-conforming samplings',
  'pen.col.blocked': 'Models stopped',
  'pen.col.events': 'Records',
  'pen.open': 'Open',
  'pen.none': 'none',
  'pen.standing.normal': 'Normal',
  'pen.standing.batch-returned': 'Batch returned',
  'pen.standing.rectifying': 'Rectifying',
  'pen.standing.pilot-stopped': 'Pilot stopped',
  'pen.standing.revoked': 'Qualification revoked',
  'pen.standingLead.normal': 'May issue 二检合一 certificates and labels.',
  'pen.standingLead.batch-returned': 'The non-conforming batch was returned; the models below are stopped (work, shipping, sale) until their rectification is accepted.',
  'pen.standingLead.rectifying': 'Rectifying: sales of 二检合一 meters stopped, no certificates or labels.',
  'pen.standingLead.pilot-stopped': 'The rectification failed: the 二检合一 pilot is stopped, and published.',
  'pen.standingLead.revoked': 'The 二检合一 qualification is revoked, and published; only a new authorisation restores it.',
  'pen.count': 'Non-conforming samplings: {n} (the 3rd revokes)',
  'pen.deadline': 'Rectify by {date}',
  'pen.blocked': 'Models and specifications stopped',
  'pen.blockedItem': '{model}: stopped since {date}{ref}{batch}',
  'pen.blockedRef': ' (ref. {ref})',
  'pen.blockedBatch': ', batch {batch}',
  'pen.noBlocked': 'No model is stopped.',
  'pen.lastDecision': 'Last decision: {date} {what}{ref}',
  'pen.timeline': 'Record of decisions',
  'pen.noEvents': 'Nothing recorded.',
  'pen.col.date': 'Date',
  'pen.col.event': 'Decision',
  'pen.col.step': 'Standing',
  'pen.col.reason': 'Reason',
  'pen.col.decidedBy': 'Decided by',
  'pen.col.reference': 'Ref. (文号)',
  'pen.col.recorded': 'Recorded',
  'pen.published': 'published',
  'pen.event.non-conforming-sampling': 'Non-conforming sampling',
  'pen.event.rectification-passed': 'Rectification accepted',
  'pen.event.rectification-failed': 'Rectification failed',
  'pen.event.authorisation-revoked': 'Qualification revoked',
  'pen.event.new-authorisation': 'New authorisation',
  'pen.eventModel': 'model {model}',
  'pen.eventBatch': 'batch {batch}',
  'pen.eventSampling': 'sampling {sampling}',
  'pen.eventDeadline': 'rectify by {date}',
  'pen.decide': 'Record a decision',
  'pen.decideLead': 'Dated today ({today}) or earlier; every decision names its reason, who decided and its 文号, which bench PCs show.',
  'pen.form.type': 'Decision',
  'pen.form.date': 'Date of the decision',
  'pen.form.reason': 'Reason',
  'pen.form.decidedBy': 'Decided by',
  'pen.form.reference': 'Ref. (文号)',
  'pen.form.model': 'Model',
  'pen.form.modelAll': '(the acceptance covers every stopped model)',
  'pen.form.samplingId': 'Sampling id',
  'pen.form.batchId': 'Batch (optional)',
  'pen.form.deadline': 'Rectify by',
  'pen.form.authorisationId': 'New authorisation id',
  'pen.form.submit': 'Record',
  'pen.form.saving': 'Recording…',
  'pen.form.saved': 'Recorded: {what}; the enterprise is now “{standing}”. Bench PCs act on it after their next sync.',
  'pen.form.samplingNote': 'A non-conforming sampling is normally recorded by the sampling\'s conclusion; record it here only when the sampling is not in this system.',
  'pen.regulatorOnly': 'Only the regulator records decisions.',
  'pen.error.invalid-transition': 'The enterprise’s present standing does not allow this decision.',
  'pen.error.event-out-of-order': 'The decision is dated before the last one. Check the date.',
  'pen.error.missing-deadline': 'The 2nd non-conforming sampling orders rectification: enter the deadline.',
  'pen.error.invalid-event': 'Incomplete or inconsistent (an accepted rectification names its model; the deadline lies after the decision). Complete it and try again.',
  'pen.error.model-not-blocked': 'This model is not stopped. Check the model.',
  'pen.error.date-in-future': 'A decision cannot be dated after today.',
  'pen.error.unknown-model': 'This model is not a registered meter type of the enterprise.',
  'pen.error.unknown-authorisation': 'This authorisation is not registered for the enterprise.',
  'pen.error.schema-invalid': 'Incomplete: the date, reason, who decided and the 文号 are all needed.',
  'pen.error.other': 'The server refused the request ({reason}).',
};

export function pt(key: PenaltyKey, params: Record<string, string | number> = {}): string {
  const text = locale() === 'en' ? penaltyEn[key] : penaltyZh[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function standingText(s: EnterpriseStanding): string {
  return pt(`pen.standing.${s}`);
}

export function eventText(type: PenaltyEventType): string {
  return pt(`pen.event.${type}`);
}

const knownErrors = ['invalid-transition', 'event-out-of-order', 'missing-deadline', 'invalid-event', 'model-not-blocked', 'date-in-future', 'unknown-model', 'unknown-authorisation', 'schema-invalid'] as const;

/** What to tell the regulator about a refused decision, from the server's reason code. */
export function penaltyErrorText(reason: string): string {
  return (knownErrors as readonly string[]).includes(reason) ? pt(`pen.error.${reason as (typeof knownErrors)[number]}`) : pt('pen.error.other', { reason });
}
