/**
 * The A4 batch documents (templates and print styles), from the certificate model:
 *
 * - the 检定证书 (certificate) for the conforming meters, and
 * - the 检定结果通知书 (notice of verification result) for the failed ones
 *   (JJG 162-2019 检定结果的处理; docs/rules.md R-ISSUE), each with a number of its own.
 *
 * Both carry the same facts: the authorised enterprise that verified (检定单位) and its
 * authorisation, the legal metrology institute, the meter type with its manufacturer
 * (制造单位, from the nameplate), batch and dates, the regulation with the profile id/version
 * and its repeat rule (docs/rules.md R-REPEAT), the software identification (OIML D 31
 * §6.2.2; docs/rules.md R-SOFTWARE: "on every certificate") and the benches with their expanded
 * uncertainty and the ≤ MPE/5 judgement (docs/rules.md R-UNCERT). Dates of issue are the pilot's
 * civil dates (docs/rules.md R-DATE). A meter table's header repeats on every printed page
 * (thead as table-header-group), so a 10,000-meter batch prints as one table.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { defaultProfile, TEST_POINTS, type IsoDate } from '../../domain/index.ts';
import type { Certificate } from '../../store/index.ts';
import { locale, t } from '../i18n/i18n.ts';
import { softwareIdentity } from '../softwareIdentity.ts';
import type { CertificateModel, FailedRow, MeterRow } from './certificateModel.ts';
import { fill, methodText, repeatRuleText } from './certificateText.ts';
import { failedItemText } from './noticeText.ts';

const dash = '—';

/** Which document: its words, its record and the prefix of its test ids. */
interface Doc {
  kind: 'certificate' | 'notice';
  id: 'cert' | 'notice';
  record: Certificate | null;
  issuedOn: IsoDate | null;
}

function docOf(m: CertificateModel, kind: Doc['kind']): Doc {
  return kind === 'certificate'
    ? { kind, id: 'cert', record: m.inForce, issuedOn: m.issuedOn }
    : { kind, id: 'notice', record: m.notice, issuedOn: m.noticeIssuedOn };
}

function pct(x: number | null): string {
  if (x === null) return dash;
  return `${x > 0 ? '+' : ''}${x.toFixed(2)}`;
}

function range(d: { first: IsoDate; last: IsoDate } | null): string {
  return d === null ? dash : d.first === d.last ? d.first : `${d.first} – ${d.last}`;
}

function field(label: string, value: unknown, testId?: string): TemplateResult {
  return html`<div class="field"><span class="k">${label}</span><span class="v" data-testid=${testId ?? nothing}>${value}</span></div>`;
}

function heading(d: Doc): TemplateResult {
  const title = d.kind === 'certificate' ? t('cert.title') : t('notice.title');
  return html`
    <header class="doc-head">
      <div class="titles">
        <h1 class=${locale() === 'zh-CN' ? 'spaced' : ''} data-testid=${`${d.id}-title`}>${title}</h1>
        <p class="sub">${t('cert.subtitle')}</p>
      </div>
      <div class="no">
        <div>${d.kind === 'certificate' ? t('cert.number') : t('notice.number')}${t('cert.colon')}<strong data-testid=${`${d.id}-number`}>${d.record?.id ?? t('cert.numberPending')}</strong></div>
        ${d.issuedOn !== null
          ? html`<div>${t('cert.issuedOn')}${t('cert.colon')}<span data-testid=${`${d.id}-issued-on`}>${d.issuedOn}</span></div>`
          : html`<div class="draft" data-testid=${`${d.id}-draft`}>${t('cert.draft')}</div>`}
      </div>
    </header>
    ${d.issuedOn !== null
      ? nothing
      : html`<div class="watermark" aria-hidden="true" data-testid=${`${d.id}-watermark`}>${d.kind === 'certificate' ? t('cert.watermark') : t('notice.watermark')}</div>`}
  `;
}

function enterprise(m: CertificateModel, d: Doc): TemplateResult {
  const a = m.issuance.authorisation;
  return html`
    <section class="grid">
      <h2>${t('cert.sectionEnterprise')}</h2>
      <div class="field wide">
        <span class="k">${t('cert.enterprise')}</span><span class="v" data-testid=${`${d.id}-enterprise`}>${m.data.enterprise?.name ?? t('cert.enterpriseUnknown')}</span>
      </div>
      ${field(t('cert.authorisation'), a?.certificateNo ?? a?.id ?? dash, `${d.id}-authorisation`)}
      ${field(t('cert.authorisationValidity'), m.validity ? `${m.validity.validFrom} – ${m.validity.validUntil}` : dash, `${d.id}-authorisation-validity`)}
      <div class="field wide">
        <span class="k">${t('cert.institute')}</span>${m.institution !== null && m.institution.trim() !== ''
          ? html`<span class="v" data-testid=${`${d.id}-institute`}>${m.institution}</span>`
          : html`<span class="v blank" data-testid=${`${d.id}-institute`}>${t('cert.instituteBlank')}</span>`}
      </div>
    </section>
  `;
}

function meterType(m: CertificateModel, d: Doc): TemplateResult {
  const mt = m.data.meterType;
  const dates =
    d.kind === 'certificate'
      ? field(t('cert.verificationDates'), range(m.dates), `${d.id}-verification-dates`)
      : field(t('notice.verificationDates'), range(m.failedDates), `${d.id}-verification-dates`);
  return html`
    <section class="grid">
      <h2>${t('cert.sectionMeter')}</h2>
      ${field(t('cert.meterName'), mt.name, `${d.id}-meter-name`)} ${field(t('cert.model'), mt.model, `${d.id}-model`)}
      ${field(t('cert.dn'), `DN${mt.dn}`, `${d.id}-dn`)} ${field(t('cert.q3'), `${mt.q3M3h} m³/h`, `${d.id}-q3`)}
      ${field(t('cert.r'), `R${mt.r}`, `${d.id}-r`)} ${field(t('cert.class'), fill(t('cert.classValue'), { class: mt.accuracyClass }), `${d.id}-class`)}
      ${field(t('cert.manufacturer'), mt.manufacturer, `${d.id}-manufacturer`)} ${field(t('cert.batch'), m.data.batch.id, `${d.id}-batch`)}
      ${field(t('cert.productionDate'), m.data.batch.productionDate, `${d.id}-production-date`)} ${dates}
    </section>
  `;
}

function basis(m: CertificateModel, d: Doc): TemplateResult {
  // The software and profile that made the records; this build's when they agree (the usual case).
  const software = m.software.length > 0 ? m.software : [{ version: softwareIdentity.version, sha256: softwareIdentity.sha256 }];
  const profiles = m.profiles.length > 0 ? m.profiles : [{ id: defaultProfile.id, version: defaultProfile.version }];
  // The rule of each profile the records were made with (docs/rules.md R-REPEAT); named per profile when several.
  const rules = m.repeatRules.length > 0 ? m.repeatRules : [{ profile: profiles[0]!, rule: defaultProfile.repeatRule.value }];
  const ruleText = rules.map((r) => (rules.length > 1 ? `${r.profile.id} · ${r.profile.version}: ${repeatRuleText(r)}` : repeatRuleText(r))).join('；');
  return html`
    <section class="grid">
      <h2>${t('cert.sectionBasis')}</h2>
      <div class="field wide"><span class="k">${t('cert.regulation')}</span><span class="v" data-testid=${`${d.id}-regulation`}>${t('cert.regulationValue')}</span></div>
      <div class="field wide"><span class="k">${t('cert.profile')}</span><span class="v" data-testid=${`${d.id}-profile`}>${profiles.map((p) => `${p.id} · ${p.version}`).join('；')}</span></div>
      <div class="field wide"><span class="k">${t('cert.repeatRule')}</span><span class="v" data-testid=${`${d.id}-repeat-rule`}>${ruleText}</span></div>
      <div class="field wide">
        <span class="k">${t('cert.software')}</span>
        <span class="v mono" data-testid=${`${d.id}-software`}>${software.map((s) => html`<span class="sw">erjian ${s.version} · SHA-256 ${s.sha256}</span>`)}</span>
      </div>
    </section>
  `;
}

function benches(m: CertificateModel, d: Doc): TemplateResult {
  return html`
    <section>
      <h2>${t('cert.sectionBenches')}</h2>
      <table class="benches" data-testid=${`${d.id}-benches`}>
        <thead>
          <tr>
            <th>${t('cert.benchId')}</th><th>${t('cert.benchModel')}</th><th>${t('cert.benchMethod')}</th>
            <th>${t('cert.benchU')}</th><th>${t('cert.benchLimit')}</th><th>${t('cert.benchJudgement')}</th>
          </tr>
        </thead>
        <tbody>
          ${m.benches.map(
            (b) => html`<tr data-testid=${`${d.id}-bench`}>
              <td>${b.bench.id}</td>
              <td>${[b.bench.vendor, b.bench.model].filter((x) => x !== undefined).join(' ') || dash}</td>
              <td>${methodText(b.bench.method)}</td>
              <td>${b.uRelPct === null ? t('cert.benchNoU') : `${b.uRelPct} %`}</td>
              <td>${b.limitPct} %</td>
              <td class=${b.ok ? 'ok' : 'bad'}>${b.ok ? `✓ ${t('cert.benchOk')}` : `✗ ${t('cert.benchNotOk')}`}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>
  `;
}

function summary(m: CertificateModel, d: Doc): TemplateResult {
  const { total, passed, failed } = m.counts;
  const rate = total === 0 ? dash : `${((100 * passed) / total).toFixed(1)} %`;
  return html`
    <section class="summary" data-testid=${`${d.id}-summary`}>
      <h2>${t('cert.sectionSummary')}</h2>
      <div><span class="k">${t('cert.count')}</span><strong data-testid=${`${d.id}-count`}>${total}</strong></div>
      <div><span class="k">${t('cert.passed')}</span><strong data-testid=${`${d.id}-passed`}>${passed}</strong></div>
      <div><span class="k">${t('cert.failed')}</span><strong data-testid=${`${d.id}-failed`}>${failed}</strong></div>
      <div><span class="k">${t('cert.passRate')}</span><strong>${rate}</strong></div>
    </section>
  `;
}

function meterRow(r: MeterRow, i: number): TemplateResult {
  return html`<tr data-serial=${r.serial}>
    <td class="num">${i + 1}</td>
    <td class="serial">${r.serial}</td>
    ${TEST_POINTS.map((p) => html`<td class="num">${pct(r.errors[p])}</td>`)}
    <td class="result">${t('cert.resultPassed')}</td>
    <td class="valid">${r.validUntil ?? dash}</td>
  </tr>`;
}

function mpeNote(m: CertificateModel, key: 'cert.mpeNote' | 'notice.mpeNote'): string {
  const mpe = m.data.meterType.accuracyClass === 1 ? defaultProfile.mpe.value.class1 : defaultProfile.mpe.value.class2;
  return fill(t(key), { upper: mpe.upper, lower: mpe.lower, class: m.data.meterType.accuracyClass });
}

function meters(m: CertificateModel): TemplateResult {
  return html`
    <section class="list">
      <h2>${t('cert.sectionMeters')}</h2>
      <table class="meters" data-testid="cert-meters">
        <thead>
          <tr>
            <th>${t('cert.colNo')}</th><th>${t('cert.colSerial')}</th>
            ${TEST_POINTS.map((p) => html`<th>${fill(t('cert.colE'), { point: p })}</th>`)}
            <th>${t('cert.colResult')}</th><th>${t('cert.colValidUntil')}</th>
          </tr>
        </thead>
        <tbody>
          ${m.certified.map(meterRow)}
        </tbody>
      </table>
      <p class="note">${mpeNote(m, 'cert.mpeNote')}</p>
      ${m.counts.failed > 0
        ? html`<p class="note" data-testid="cert-failed-note">
            ${m.notice === null ? fill(t('cert.failedNotePending'), { n: m.counts.failed }) : fill(t('cert.failedNote'), { n: m.counts.failed, number: m.notice.id })}
          </p>`
        : nothing}
      ${m.excluded.length > 0
        ? html`<p class="note" data-testid="cert-excluded">${t('cert.excludedHeading')} ${m.excluded.map((r) => r.serial).join(t('notice.listSep'))}</p>`
        : nothing}
    </section>
  `;
}

function failedRow(r: FailedRow, i: number): TemplateResult {
  return html`<tr data-serial=${r.serial} data-testid="notice-meter">
    <td class="num">${i + 1}</td>
    <td class="serial">${r.serial}</td>
    <td class="date">${r.verificationDate}</td>
    <td class="items">
      <ul>
        ${r.items.map((f) => html`<li data-item=${f.reason.item} data-code=${f.reason.code} data-point=${f.reason.point ?? nothing}>${failedItemText(f)}</li>`)}
      </ul>
    </td>
    <td class="result">${t('notice.resultFailed')}</td>
  </tr>`;
}

function failedMeters(m: CertificateModel): TemplateResult {
  return html`
    <section class="list">
      <h2>${t('notice.sectionMeters')}</h2>
      <p class="statement" data-testid="notice-statement">${t('notice.statement')}</p>
      ${m.failed.length === 0
        ? html`<p data-testid="notice-none">${t('notice.none')}</p>`
        : html`<table class="meters failed" data-testid="notice-meters">
            <thead>
              <tr>
                <th>${t('cert.colNo')}</th><th>${t('cert.colSerial')}</th><th>${t('notice.colDate')}</th><th>${t('notice.colItems')}</th><th>${t('cert.colResult')}</th>
              </tr>
            </thead>
            <tbody>
              ${m.failed.map(failedRow)}
            </tbody>
          </table>`}
      <p class="note">${mpeNote(m, 'notice.mpeNote')}</p>
    </section>
  `;
}

function signatures(m: CertificateModel, d: Doc): TemplateResult {
  const line = (label: string, name = '') => html`<div class="sign"><span class="k">${label}</span><span class="line">${name}</span></div>`;
  return html`
    <section class="signatures">
      ${line(t('cert.signOperator'), m.operators.join('、'))} ${line(t('cert.signVerifier'))}
      ${line(t('cert.signApprover'), d.record?.issuedBy ?? '')} ${line(t('cert.signDate'), d.issuedOn ?? '')}
      <div class="sign institute"><span class="k">${t('cert.signInstitute')}</span><span class="line"></span><span class="stamp"></span></div>
    </section>
  `;
}

export function certificateDocument(m: CertificateModel): TemplateResult {
  const d = docOf(m, 'certificate');
  return html`<article class="a4" data-testid="certificate">
    ${heading(d)} ${enterprise(m, d)} ${meterType(m, d)} ${basis(m, d)} ${benches(m, d)} ${summary(m, d)} ${meters(m)} ${signatures(m, d)}
  </article>`;
}

/** The 检定结果通知书: the same facts as the certificate, then the failed meters with their items and values. */
export function noticeDocument(m: CertificateModel): TemplateResult {
  const d = docOf(m, 'notice');
  return html`<article class="a4" data-testid="notice">
    ${heading(d)} ${enterprise(m, d)} ${meterType(m, d)} ${basis(m, d)} ${benches(m, d)} ${summary(m, d)} ${failedMeters(m)} ${signatures(m, d)}
  </article>`;
}

export const documentStyles = css`
  .a4 { background: #fff; color: #000; width: 210mm; box-sizing: border-box; padding: 15mm; margin: 0 auto; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.15); font-size: 10pt; line-height: 1.45; }
  .doc-head { display: flex; align-items: flex-end; justify-content: space-between; border-bottom: 2px solid #000; padding-bottom: 3mm; margin-bottom: 4mm; }
  h1 { font-size: 22pt; margin: 0; font-weight: 700; }
  h1.spaced { letter-spacing: 0.5em; }
  .sub { margin: 1mm 0 0; font-size: 10pt; }
  .no { text-align: right; font-size: 10pt; white-space: nowrap; }
  .draft { color: #b00020; font-weight: 700; }
  /* A draft printed with Ctrl+P must not pass for a certificate: fixed, so on every printed page. */
  .watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; font-size: 38pt; font-weight: 800; color: rgba(176, 0, 32, 0.13); transform: rotate(-28deg); pointer-events: none; z-index: 5; white-space: nowrap; }
  h2 { break-after: avoid; font-size: 11pt; margin: 0 0 1.5mm; padding-bottom: 0.5mm; border-bottom: 1px solid #999; grid-column: 1 / -1; }
  section { margin-bottom: 4mm; break-inside: avoid; }
  /* the meter list runs over as many pages as it needs, from right under the summary */
  section.list { break-inside: auto; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 6mm; }
  .field { display: flex; gap: 3mm; }
  .field.wide { grid-column: 1 / -1; }
  .k { color: #333; white-space: nowrap; min-width: 26mm; }
  .v { font-weight: 600; }
  .blank { flex: 1; font-weight: 400; color: #555; border-bottom: 1px solid #000; padding: 0 2mm; }
  .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; font-weight: 400; }
  .sw { display: block; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #666; padding: 0.6mm 1.5mm; text-align: left; }
  th { background: #eee; font-weight: 600; font-size: 9pt; }
  .benches td.ok { color: #0a6b2b; font-weight: 600; }
  .benches td.bad, .meters.failed .result { color: #b00020; font-weight: 700; }
  .meters.failed td { vertical-align: top; }
  .meters.failed .items ul { margin: 0; padding-left: 4mm; }
  .meters.failed .date, .meters.failed .result { white-space: nowrap; }
  .statement { margin: 0 0 2mm; font-weight: 600; }
  .summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; }
  .summary div { border: 1px solid #999; padding: 1.5mm 2mm; display: flex; justify-content: space-between; }
  .summary strong { font-size: 12pt; white-space: nowrap; }
  .summary .k { min-width: 0; }
  .meters { font-size: 8.5pt; }
  .meters thead { display: table-header-group; }
  .meters tr { break-inside: avoid; }
  .meters td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .meters .serial { font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: nowrap; }
  .note { font-size: 8.5pt; color: #333; margin: 1mm 0 0; }
  .signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm 10mm; margin-top: 8mm; break-inside: avoid; }
  .sign { display: flex; align-items: flex-end; gap: 3mm; }
  .sign .line { flex: 1; border-bottom: 1px solid #000; min-height: 7mm; padding-left: 2mm; }
  .sign.institute { grid-column: 1 / -1; }
  .stamp { width: 32mm; height: 32mm; border: 1px dashed #bbb; border-radius: 50%; }
  @media print {
    .a4 { width: auto; padding: 0; box-shadow: none; margin: 0; }
  }
`;
