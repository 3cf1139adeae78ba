/**
 * The A4 batch certificate as a document (templates and print styles), from the
 * certificate model: enterprise and authorisation, the legal metrology institute, the
 * meter type, batch and dates, the regulation with the profile id/version, the software
 * identification (OIML D 31 §6.2.2; domain.md §7: "on every certificate"), the benches
 * with their expanded uncertainty and the ≤ MPE/5 judgement (domain.md §4), counts, the
 * list of meters and the signature lines. The meter table's header repeats on every
 * printed page (thead as table-header-group), so a 10,000-meter batch prints as one table.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { defaultProfile, TEST_POINTS } from '../../domain/index.ts';
import { locale, t } from '../i18n/i18n.ts';
import { softwareIdentity } from '../softwareIdentity.ts';
import type { CertificateModel, MeterRow } from './certificateModel.ts';
import { fill, methodText } from './certificateText.ts';

const dash = '—';

function pct(x: number | null): string {
  if (x === null) return dash;
  return `${x > 0 ? '+' : ''}${x.toFixed(2)}`;
}

function field(label: string, value: unknown, testId?: string): TemplateResult {
  return html`<div class="field"><span class="k">${label}</span><span class="v" data-testid=${testId ?? nothing}>${value}</span></div>`;
}

function heading(m: CertificateModel): TemplateResult {
  const number = m.inForce?.id ?? t('cert.numberPending');
  return html`
    <header class="doc-head">
      <div class="titles">
        <h1 class=${locale() === 'zh-CN' ? 'spaced' : ''} data-testid="cert-title">${t('cert.title')}</h1>
        <p class="sub">${t('cert.subtitle')}</p>
      </div>
      <div class="no">
        <div>${t('cert.number')}${t('cert.colon')}<strong data-testid="cert-number">${number}</strong></div>
        ${m.inForce?.issuedAt ? html`<div>${t('cert.issuedOn')}${t('cert.colon')}${m.inForce.issuedAt.slice(0, 10)}</div>` : html`<div class="draft" data-testid="cert-draft">${t('cert.draft')}</div>`}
      </div>
    </header>
    ${m.inForce?.issuedAt ? nothing : html`<div class="watermark" aria-hidden="true" data-testid="cert-watermark">${t('cert.watermark')}</div>`}
  `;
}

function enterprise(m: CertificateModel): TemplateResult {
  const a = m.issuance.authorisation;
  return html`
    <section class="grid">
      <h2>${t('cert.sectionEnterprise')}</h2>
      ${field(t('cert.enterprise'), m.data.enterprise?.name ?? dash, 'cert-enterprise')}
      ${field(t('cert.authorisation'), a?.id ?? dash, 'cert-authorisation')}
      ${field(t('cert.authorisationValidity'), m.validity ? `${m.validity.validFrom} – ${m.validity.validUntil}` : dash, 'cert-authorisation-validity')}
      <div class="field wide">
        <span class="k">${t('cert.institute')}</span><span class="v blank" data-testid="cert-institute">${t('cert.instituteBlank')}</span>
      </div>
    </section>
  `;
}

function meterType(m: CertificateModel): TemplateResult {
  const mt = m.data.meterType;
  return html`
    <section class="grid">
      <h2>${t('cert.sectionMeter')}</h2>
      ${field(t('cert.meterName'), mt.name, 'cert-meter-name')} ${field(t('cert.model'), mt.model, 'cert-model')}
      ${field(t('cert.dn'), `DN${mt.dn}`, 'cert-dn')} ${field(t('cert.q3'), `${mt.q3M3h} m³/h`, 'cert-q3')}
      ${field(t('cert.r'), `R${mt.r}`, 'cert-r')} ${field(t('cert.class'), fill(t('cert.classValue'), { class: mt.accuracyClass }), 'cert-class')}
      ${field(t('cert.manufacturer'), mt.manufacturer, 'cert-manufacturer')} ${field(t('cert.batch'), m.data.batch.id, 'cert-batch')}
      ${field(t('cert.productionDate'), m.data.batch.productionDate, 'cert-production-date')}
      ${field(t('cert.verificationDates'), m.dates ? (m.dates.first === m.dates.last ? m.dates.first : `${m.dates.first} – ${m.dates.last}`) : dash, 'cert-verification-dates')}
    </section>
  `;
}

function basis(m: CertificateModel): TemplateResult {
  // The software and profile that made the records; this build's when they agree (the usual case).
  const software = m.software.length > 0 ? m.software : [{ version: softwareIdentity.version, sha256: softwareIdentity.sha256 }];
  const profiles = m.profiles.length > 0 ? m.profiles : [{ id: defaultProfile.id, version: defaultProfile.version }];
  return html`
    <section class="grid">
      <h2>${t('cert.sectionBasis')}</h2>
      ${field(t('cert.regulation'), t('cert.regulationValue'), 'cert-regulation')}
      ${field(t('cert.profile'), profiles.map((p) => `${p.id} · ${p.version}`).join('；'), 'cert-profile')}
      <div class="field wide">
        <span class="k">${t('cert.software')}</span>
        <span class="v mono" data-testid="cert-software">${software.map((s) => html`<span class="sw">erjian ${s.version} · SHA-256 ${s.sha256}</span>`)}</span>
      </div>
    </section>
  `;
}

function benches(m: CertificateModel): TemplateResult {
  return html`
    <section>
      <h2>${t('cert.sectionBenches')}</h2>
      <table class="benches" data-testid="cert-benches">
        <thead>
          <tr>
            <th>${t('cert.benchId')}</th><th>${t('cert.benchModel')}</th><th>${t('cert.benchMethod')}</th>
            <th>${t('cert.benchU')}</th><th>${t('cert.benchLimit')}</th><th>${t('cert.benchJudgement')}</th>
          </tr>
        </thead>
        <tbody>
          ${m.benches.map(
            (b) => html`<tr data-testid="cert-bench">
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

function summary(m: CertificateModel): TemplateResult {
  const { total, passed, failed } = m.counts;
  const rate = total === 0 ? dash : `${((100 * passed) / total).toFixed(1)} %`;
  return html`
    <section class="summary" data-testid="cert-summary">
      <h2>${t('cert.sectionSummary')}</h2>
      <div><span class="k">${t('cert.count')}</span><strong data-testid="cert-count">${total}</strong></div>
      <div><span class="k">${t('cert.passed')}</span><strong data-testid="cert-passed">${passed}</strong></div>
      <div><span class="k">${t('cert.failed')}</span><strong data-testid="cert-failed">${failed}</strong></div>
      <div><span class="k">${t('cert.passRate')}</span><strong>${rate}</strong></div>
    </section>
  `;
}

function meterRow(r: MeterRow, i: number): TemplateResult {
  return html`<tr class=${r.passed ? '' : 'failed'} data-serial=${r.serial}>
    <td class="num">${i + 1}</td>
    <td class="serial">${r.serial}</td>
    ${TEST_POINTS.map((p) => html`<td class="num">${pct(r.errors[p])}</td>`)}
    <td class="result">${r.passed ? t('cert.resultPassed') : t('cert.resultFailed')}</td>
    <td class="valid">${r.validUntil ?? (r.passed ? t('cert.notIssued') : dash)}</td>
  </tr>`;
}

function meters(m: CertificateModel): TemplateResult {
  const mpe = m.data.meterType.accuracyClass === 1 ? defaultProfile.mpe.value.class1 : defaultProfile.mpe.value.class2;
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
          ${m.rows.map(meterRow)}
        </tbody>
      </table>
      <p class="note">${fill(t('cert.mpeNote'), { upper: mpe.upper, lower: mpe.lower, class: m.data.meterType.accuracyClass })}</p>
    </section>
  `;
}

function signatures(m: CertificateModel): TemplateResult {
  const line = (label: string, name = '') => html`<div class="sign"><span class="k">${label}</span><span class="line">${name}</span></div>`;
  return html`
    <section class="signatures">
      ${line(t('cert.signOperator'), m.operators.join('、'))} ${line(t('cert.signVerifier'))}
      ${line(t('cert.signApprover'), m.inForce?.issuedBy ?? '')} ${line(t('cert.signDate'), m.inForce?.issuedAt?.slice(0, 10) ?? '')}
      <div class="sign institute"><span class="k">${t('cert.signInstitute')}</span><span class="line"></span><span class="stamp"></span></div>
    </section>
  `;
}

export function certificateDocument(m: CertificateModel): TemplateResult {
  return html`<article class="a4" data-testid="certificate">
    ${heading(m)} ${enterprise(m)} ${meterType(m)} ${basis(m)} ${benches(m)} ${summary(m)} ${meters(m)} ${signatures(m)}
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
  .benches td.bad, tr.failed .result { color: #b00020; font-weight: 700; }
  .summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; }
  .summary div { border: 1px solid #999; padding: 1.5mm 2mm; display: flex; justify-content: space-between; }
  .summary strong { font-size: 12pt; white-space: nowrap; }
  .summary .k { min-width: 0; }
  .meters { font-size: 8.5pt; }
  .meters thead { display: table-header-group; }
  .meters tr { break-inside: avoid; }
  .meters td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .meters .serial { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
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
