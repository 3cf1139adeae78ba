import { LitElement, css, html } from 'lit';
import { listBatchSummaries, type BatchSummary } from '../../store/batchSummary.ts';
import { appStore } from '../appStore.ts';
import { t } from '../i18n/i18n.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { Task, loadStyles, renderLoad } from '../load.ts';
import { hrefOf } from '../route.ts';
import { count, dateTime, percent } from './format.ts';

/**
 * The batches on this PC, most recently worked on first: what the verifier (核验员) opens
 * to pick a batch to review. Each row shows the counts from the batch summary (column
 * store and index keys, so the list stays quick with batches of 10,000+ meters).
 */
export class BatchesView extends LitElement {
  static override properties = { filter: { type: String } };
  declare filter: string;

  /** Read afresh each time the list is shown (ui/load.ts). */
  private readonly list = new Task(this, {
    autoRun: false,
    task: async (): Promise<BatchSummary[]> => {
      const { db } = await appStore();
      const start = performance.now();
      const batches = await listBatchSummaries(db);
      // Read by the browser test and DevTools: the list must stay quick with big batches.
      performance.measure('erjian:batches:list', { start });
      return batches;
    },
  });

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.filter = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.list.run();
  }

  static override styles = [
    loadStyles,
    css`
    :host { display: block; }
    h2 { font-size: 1.8rem; margin: 0 0 0.4rem; }
    .lead { color: #4a5a6a; font-size: 1.1rem; margin: 0 0 1.4rem; }
    table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 12px; overflow: hidden; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    th, td { padding: 0.9rem 1rem; text-align: left; border-bottom: 1px solid #e3e8ee; }
    th { background: #f1f4f8; color: #4a5a6a; font-weight: 600; font-size: 1rem; }
    td { font-size: 1.15rem; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    tbody tr { cursor: pointer; }
    tbody tr:hover { background: #f5f9ff; }
    a.batch { color: var(--erjian-primary); font-weight: 700; font-size: 1.25rem; text-decoration: none; }
    a.batch:hover { text-decoration: underline; }
    .rate { font-weight: 800; font-size: 1.35rem; }
    .muted { color: #4a5a6a; }
    .empty { background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    .empty h3 { margin: 0 0 0.6rem; font-size: 1.4rem; }
    .empty p { font-size: 1.15rem; line-height: 1.7; margin: 0 0 1.2rem; }
    .button { display: inline-block; background: var(--erjian-primary); color: #fff; text-decoration: none; padding: 0.6rem 1.4rem; border-radius: 8px; font-size: 1.1rem; }
  `,
  ];

  private renderTable(batches: BatchSummary[]) {
    const open = (id: string) => () => (location.hash = hrefOf({ view: 'batch', batchId: id }));
    return html`<table data-testid="batches-table">
      <thead>
        <tr>
          <th>${t('batches.col.batch')}</th>
          <th>${t('batches.col.meterType')}</th>
          <th>${t('batches.col.productionDate')}</th>
          <th class="num">${t('batches.col.meters')}</th>
          <th class="num">${t('batches.col.passRate')}</th>
          <th>${t('batches.col.lastActivity')}</th>
        </tr>
      </thead>
      <tbody>
        ${batches.map(
          (s) => html`<tr data-testid="batch-row" data-batch=${s.batch.id} @click=${open(s.batch.id)}>
            <td><a class="batch" href=${hrefOf({ view: 'batch', batchId: s.batch.id })}>${s.batch.id}</a></td>
            <td>${s.batch.meterTypeModel}${s.meterType ? html`<div class="muted">${s.meterType.name} DN${s.meterType.dn}</div>` : ''}</td>
            <td>${s.batch.productionDate}</td>
            <td class="num" data-testid="batch-meters">${count(s.verified)}</td>
            <td class="num"><span class="rate" data-testid="batch-pass-rate">${percent(s.passRate)}</span>
              ${s.failed > 0 ? html`<div class="muted">✗ ${count(s.failed)}</div>` : ''}</td>
            <td>${dateTime(s.lastActivity)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    return html`
      <h2>${t('batches.heading')}</h2>
      <p class="lead">${t('batches.lead')}</p>
      ${renderLoad(
        this.list,
        (batches) =>
          batches.length === 0
            ? html`<div class="empty" data-testid="batches-empty">
                <h3>${t('batches.empty.title')}</h3>
                <p>${t('batches.empty.body')}</p>
                <a class="button" href=${hrefOf({ view: 'bench' })}>${t('batches.empty.action')}</a>
              </div>`
            : this.renderTable(batches),
        { loading: t('batches.loading') },
      )}
    `;
  }
}

customElements.define('erjian-batches', BatchesView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-batches': BatchesView;
  }
}
