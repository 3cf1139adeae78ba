import { LitElement, css, html } from 'lit';
import { TEST_POINTS, type TestPoint } from '../../domain/index.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { locale, t } from '../i18n/i18n.ts';
import { errorText, fixed, instantText, runReasonText, timeOfDay } from './meterText.ts';
import type { RunRow, RunTable } from './runRows.ts';

/**
 * The indication error, point by point and run by run (JJG 162-2019 示值误差): Va, Vi, E,
 * MPE, the actual flow and water temperature, whether the run was valid and counted, and
 * its result; the run that decided the point is starred. Every figure is the domain's
 * recomputation (runRows.ts). A stored run names the raw lines it was read from.
 *
 * @fires show-lines - detail: the run's RawLineRange, to show in the raw lines
 */
export class RunTableView extends LitElement {
  static override properties = { table: { attribute: false } };
  declare table: RunTable;
  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
  }

  static override styles = css`
    :host { display: block; }
    section { margin-bottom: 1.2rem; }
    h4 { margin: 0 0 0.3rem; font-size: 1.15rem; display: flex; gap: 1rem; align-items: baseline; }
    .pv { font-weight: 800; }
    .pass { color: #1b6e20; }
    .fail { color: #b71c1c; }
    .invalid { color: #8a5300; }
    .muted { color: #6a7785; }
    table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th { text-align: right; font-weight: 600; color: #4a5a6a; font-size: 0.85rem; padding: 0.25rem 0.5rem; border-bottom: 2px solid #d5dde6; }
    td { text-align: right; padding: 0.3rem 0.5rem; border-bottom: 1px solid #eef1f4; font-size: 1.05rem; white-space: nowrap; }
    td.why { white-space: normal; }
    th:first-child, td:first-child { text-align: left; }
    td.e { font-size: 1.4rem; font-weight: 800; }
    td.res { font-size: 1.2rem; font-weight: 800; white-space: nowrap; }
    tr.uncounted td { color: #6a7785; background: #f7f8fa; }
    tr.uncounted td.e { font-weight: 600; }
    tr.deciding td { background: #f4f8fd; }
    .star { color: var(--erjian-primary); font-weight: 800; }
    .note { color: #4a5a6a; font-size: 0.9rem; margin: 0.4rem 0 0; }
    .reasons { font-size: 0.85rem; }
    button.lines { font: inherit; font-size: 0.85rem; font-family: ui-monospace, monospace; padding: 0.1rem 0.4rem; border-radius: 6px; border: 1px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; }
  `;

  private showLines(row: RunRow): void {
    this.dispatchEvent(new CustomEvent('show-lines', { detail: row.stored?.rawLines, bubbles: true, composed: true }));
  }

  private renderRow(row: RunRow, n: number) {
    const ev = row.evaluation;
    const cls = !ev.valid ? 'invalid' : ev.pass ? 'pass' : 'fail';
    const mark = !ev.valid ? `? ${t('verdict.invalid')}` : ev.pass ? `✓ ${t('verdict.pass')}` : `✗ ${t('verdict.fail')}`;
    return html`<tr
      class=${row.counted ? (row.deciding ? 'deciding' : '') : 'uncounted'}
      data-testid="run-${row.point}-${n}"
      data-counted=${String(row.counted)}
      data-deciding=${String(row.deciding)}
      data-record-index=${row.recordIndex ?? ''}
    >
      <td>${n}${row.deciding ? html` <span class="star" title=${t('meter.deciding')}>★</span>` : ''}</td>
      <td data-col="va">${fixed(ev.vaL, 4)}</td>
      <td data-col="vi">${fixed(row.run.indicatedL, 4)}</td>
      <td class="e ${row.counted ? cls : ''}" data-col="e">${errorText(ev.errorPct)}</td>
      <td data-col="mpe">±${ev.mpePct} %</td>
      <td data-col="flow">${fixed(row.run.flowLph, 1)}</td>
      <td data-col="temp">${fixed(row.run.waterTempC, 1)}</td>
      <td class="why" data-col="valid">${ev.valid ? t('meter.yes') : html`<span class="invalid">${t('meter.no')}</span> <span class="reasons">${ev.reasons.map(runReasonText).join(locale() === 'zh-CN' ? '、' : ', ')}</span>`}</td>
      <td data-col="counted">${row.counted ? t('meter.yes') : t('meter.notCounted')}</td>
      <td class="res ${cls}" data-col="pass">${mark}</td>
      <td>
        ${row.stored
          ? html`<button class="lines" data-testid="lines-${row.point}-${n}" title=${t('meter.showLines')} @click=${() => this.showLines(row)}>
              ${row.stored.rawLines.fromSeq}–${row.stored.rawLines.toSeq}
            </button>`
          : '—'}
      </td>
      <td class="muted" title=${row.stored ? instantText(row.stored.completedAt) : ''}>${row.stored ? timeOfDay(row.stored.completedAt).slice(0, 8) : '—'}</td>
    </tr>`;
  }

  private renderPoint(point: TestPoint) {
    const rows = this.table.rows[point];
    const pv = this.table.verdict.points[point];
    return html`<section data-testid="point-${point}">
      <h4>
        <span>${t(`point.${point}`)}</span>
        <span class="pv ${pv.passed ? 'pass' : 'fail'}" data-testid="point-verdict-${point}">${pv.passed ? `✓ ${t('verdict.pass')}` : `✗ ${t('verdict.fail')}`}</span>
      </h4>
      ${rows.length === 0
        ? html`<p class="muted">${t('meter.noRuns')}</p>`
        : html`<table>
            <thead>
              <tr>
                <th>${t('meter.col.run')}</th><th>${t('meter.col.va')}</th><th>${t('meter.col.vi')}</th><th>${t('meter.col.e')}</th>
                <th>${t('meter.col.mpe')}</th><th>${t('meter.col.flow')}</th><th>${t('meter.col.temp')}</th><th>${t('meter.col.valid')}</th>
                <th>${t('meter.col.counted')}</th><th>${t('meter.col.pass')}</th><th>${t('meter.col.lines')}</th><th>${t('meter.col.when')}</th>
              </tr>
            </thead>
            <tbody>${rows.map((r, i) => this.renderRow(r, i + 1))}</tbody>
          </table>`}
    </section>`;
  }

  override render() {
    return html`${TEST_POINTS.map((p) => this.renderPoint(p))}
      <p class="note">${t('meter.decidingNote')}</p>`;
  }
}

customElements.define('erjian-run-table', RunTableView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-run-table': RunTableView;
  }
}
