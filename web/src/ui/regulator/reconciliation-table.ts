import { LitElement, css, html, nothing } from 'lit';
import { LocaleController } from '../i18n/localeController.ts';
import { rt, type RegulatorKey } from './messages.ts';
import type { ReconciliationCounts, ReconciliationDifference, ReconciliationReport } from './regulatorApi.ts';

const columns: [keyof ReconciliationCounts, RegulatorKey][] = [
  ['expected', 'reg.col.expected'],
  ['on_platform', 'reg.col.onPlatform'],
  ['matched', 'reg.col.matched'],
  ['missing', 'reg.col.missing'],
  ['mismatched', 'reg.col.mismatched'],
  ['extra', 'reg.col.extra'],
];

/**
 * The reconciliation report as tables (docs/nqi.md "Reconciliation"): the counts per
 * verification date and batch with the day's and the range's totals, then every record that
 * differs, with the differing fields as the server and the platform hold them.
 */
export class ReconciliationTable extends LitElement {
  static override properties = { report: { attribute: false } };
  declare report: ReconciliationReport | null;

  constructor() {
    super();
    new LocaleController(this);
    this.report = null;
  }

  static override styles = css`
    :host { display: block; }
    .verdict { font-size: 1.15rem; font-weight: 700; padding: 0.6rem 0.9rem; border-radius: 8px; margin: 0 0 1rem; }
    .verdict.ok { background: var(--erjian-pass-bg, #e6f4ea); color: var(--erjian-pass, #1e6b34); }
    .verdict.bad { background: var(--erjian-fail-bg, #fdecea); color: var(--erjian-danger, #b3261e); }
    table { border-collapse: collapse; width: 100%; margin-bottom: 1.4rem; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid #d5dbe1; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
    th { background: #f2f5f8; font-weight: 700; }
    td.n, th.n { text-align: right; }
    tr.day td { font-weight: 700; background: #fafbfc; }
    tr.total td { font-weight: 700; border-top: 2px solid #8795a1; }
    td.warn { color: var(--erjian-danger, #b3261e); font-weight: 700; }
    h3 { font-size: 1.2rem; margin: 0.4rem 0 0.6rem; }
    .field, td.nowrap { white-space: nowrap; }
    code { font-size: 0.9em; }
    .why { color: var(--erjian-muted); font-size: 0.9em; }
  `;

  private counts(c: ReconciliationCounts) {
    return columns.map(([k]) => html`<td class="n ${k !== 'expected' && k !== 'on_platform' && k !== 'matched' && c[k] > 0 ? 'warn' : ''}">${c[k]}</td>`);
  }

  private difference(d: ReconciliationDifference) {
    return html`<tr data-testid="reg-difference" data-kind=${d.kind}>
      <td>${rt(`reg.kind.${d.kind}`)}${d.kind === 'missing' ? html`<div class="why">${rt(`reg.publication.${d.publication ?? 'none'}`)}</div>` : nothing}</td>
      <td class="nowrap">${d.verification_date}</td>
      <td class="nowrap">${d.batch_id ?? rt('reg.noBatch')}</td>
      <td>${d.serial ?? ''}</td>
      <td><code>${d.verification_id ?? ''}</code></td>
      <td><code>${d.platform_id ?? ''}</code></td>
      <td>${d.fields.map((f) => html`<div class="field">${f.field}: ${JSON.stringify(f.server)} → ${JSON.stringify(f.platform)}</div>`)}</td>
    </tr>`;
  }

  override render() {
    const r = this.report;
    if (!r) return nothing;
    const t = r.totals;
    const clear = t.missing === 0 && t.mismatched === 0 && t.extra === 0;
    return html`
      <p class="verdict ${clear ? 'ok' : 'bad'}" role="status" data-testid="reg-verdict">
        ${clear ? rt('reg.allClear', { n: t.expected }) : rt('reg.differs', { missing: t.missing, mismatched: t.mismatched, extra: t.extra })}
      </p>
      <table data-testid="reg-counts">
        <thead>
          <tr><th>${rt('reg.col.day')}</th><th>${rt('reg.col.batch')}</th>${columns.map(([, key]) => html`<th class="n">${rt(key)}</th>`)}</tr>
        </thead>
        <tbody>
          ${r.days.every((d) => d.expected === 0 && d.on_platform === 0)
            ? html`<tr><td colspan="8">${rt('reg.noDays')}</td></tr>`
            : r.days
                .filter((d) => d.expected > 0 || d.on_platform > 0)
                .map(
                  (d) => html`
                    ${d.batches.map((b) => html`<tr data-testid="reg-batch-row"><td>${d.date}</td><td>${b.batch_id ?? rt('reg.noBatch')}</td>${this.counts(b)}</tr>`)}
                    <tr class="day"><td>${d.date}</td><td>${rt('reg.dayTotal')}</td>${this.counts(d)}</tr>
                  `,
                )}
          <tr class="total"><td>${r.from} – ${r.to}</td><td>${rt('reg.total')}</td>${this.counts(t)}</tr>
        </tbody>
      </table>
      ${r.differences.length === 0
        ? nothing
        : html`<h3>${rt('reg.diff.heading')}</h3>
            <table data-testid="reg-differences">
              <thead>
                <tr>
                  <th>${rt('reg.diff.kind')}</th><th>${rt('reg.col.day')}</th><th>${rt('reg.col.batch')}</th><th>${rt('reg.diff.serial')}</th>
                  <th>${rt('reg.diff.verification')}</th><th>${rt('reg.diff.platform')}</th><th>${rt('reg.diff.fields')}</th>
                </tr>
              </thead>
              <tbody>${r.differences.map((d) => this.difference(d))}</tbody>
            </table>`}
    `;
  }
}

customElements.define('erjian-reconciliation-table', ReconciliationTable);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reconciliation-table': ReconciliationTable;
  }
}
