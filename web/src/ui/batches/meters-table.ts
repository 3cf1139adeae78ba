import { LitElement, css, html } from 'lit';
import type { BatchColumns, ErjianDb } from '../../store/index.ts';
import { t } from '../i18n/i18n.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { hrefOf } from '../route.ts';
import { count, signedPct } from './format.ts';
import { syncText } from '../sync/messages.ts';
import '../sync/sync-mark.ts';

export const PAGE_ROWS = 50;

/**
 * The batch's meters, one row per current verification, a page at a time: the verdict,
 * the errors and the serial come from the batch columns already in memory, so paging
 * through 10,000 rows costs nothing; only the page's dates are read from the records
 * (PAGE_ROWS at a time). "Failed only" keeps the rows to act on.
 */
export class MetersTable extends LitElement {
  static override properties = {
    columns: { attribute: false },
    db: { attribute: false },
    failedOnly: { state: true },
    page: { state: true },
    dates: { state: true },
  };
  declare columns: BatchColumns | undefined;
  declare db: ErjianDb | undefined;
  declare failedOnly: boolean;
  declare page: number;
  declare dates: Map<string, string>;
  private rows: number[] = [];
  private datesFor = '';

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.columns = undefined;
    this.db = undefined;
    this.failedOnly = false;
    this.page = 0;
    this.dates = new Map();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('columns') || changed.has('failedOnly')) {
      const c = this.columns;
      this.rows = [];
      if (c) for (let i = 0; i < c.n; i++) if (!this.failedOnly || c.passed[i] !== 1) this.rows.push(i);
      this.page = Math.min(this.page, Math.max(0, Math.ceil(this.rows.length / PAGE_ROWS) - 1));
    }
  }

  protected override updated(): void {
    void this.loadDates();
  }

  private pageRows(): number[] {
    return this.rows.slice(this.page * PAGE_ROWS, (this.page + 1) * PAGE_ROWS);
  }

  /** Reads the verification dates of the rows on the page (once per page shown). */
  private async loadDates(): Promise<void> {
    const c = this.columns;
    if (!c || !this.db) return;
    const ids = this.pageRows().map((i) => c.verificationIds[i]!);
    const key = ids.join('|');
    if (key === this.datesFor) return;
    this.datesFor = key;
    const records = await this.db.verifications.bulkGet(ids);
    if (this.datesFor !== key) return; // the page changed meanwhile
    this.dates = new Map(records.flatMap((r) => (r ? [[r.id, r.verificationDate] as [string, string]] : [])));
  }

  static override styles = css`
    :host { display: block; }
    .bar { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.8rem; font-size: 1.1rem; }
    label { display: flex; gap: 0.4rem; align-items: center; cursor: pointer; }
    input[type='checkbox'] { width: 1.3rem; height: 1.3rem; }
    .pager { margin-left: auto; display: flex; gap: 0.6rem; align-items: center; }
    button { font: inherit; padding: 0.4rem 1rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; }
    button[disabled] { opacity: 0.4; cursor: default; }
    table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 12px; overflow: hidden; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    th, td { padding: 0.5rem 0.9rem; text-align: left; border-bottom: 1px solid #e3e8ee; font-size: 1.05rem; }
    th { background: #f1f4f8; color: #4a5a6a; font-weight: 600; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    a { color: var(--erjian-primary); font-weight: 600; text-decoration: none; font-variant-numeric: tabular-nums; }
    a:hover { text-decoration: underline; }
    .pass { color: #1b6e20; font-weight: 700; }
    .fail { color: #b71c1c; font-weight: 700; }
    tr.failed { background: #fdf3f2; }
    .muted { color: #4a5a6a; }
  `;

  override render() {
    const c = this.columns;
    if (!c) return html``;
    const pages = Math.max(1, Math.ceil(this.rows.length / PAGE_ROWS));
    return html`
      <div class="bar">
        <label
          ><input type="checkbox" data-testid="failed-only" .checked=${this.failedOnly} @change=${(e: Event) => {
            this.failedOnly = (e.target as HTMLInputElement).checked;
            this.page = 0;
          }} />${t('batch.meters.failedOnly')}</label
        >
        <span class="muted" data-testid="meters-count">${count(this.rows.length)} ${t('batch.meters.count')}</span>
        <span class="pager">
          <button ?disabled=${this.page === 0} @click=${() => (this.page -= 1)}>${t('batch.meters.prev')}</button>
          <span data-testid="meters-page">${t('batch.meters.pageBefore')} ${this.page + 1} / ${pages} ${t('batch.meters.pageAfter')}</span>
          <button ?disabled=${this.page >= pages - 1} @click=${() => (this.page += 1)}>${t('batch.meters.next')}</button>
        </span>
      </div>
      ${this.rows.length === 0
        ? html`<p class="muted">${t('batch.meters.none')}</p>`
        : html`<table data-testid="meters-table">
            <thead>
              <tr>
                <th>${t('batch.meters.serial')}</th>
                <th>${t('batch.meters.verdict')}</th>
                <th class="num">E(Q3) %</th>
                <th class="num">E(Q2) %</th>
                <th class="num">E(Q1) %</th>
                <th>${t('batch.meters.date')}</th>
                <th>${syncText('mark.label')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.pageRows().map((i) => {
                const passed = c.passed[i] === 1;
                return html`<tr class=${passed ? '' : 'failed'} data-testid="meter-row">
                  <td><a href=${hrefOf({ view: 'meter', serial: c.serials[i]! })}>${c.serials[i]}</a></td>
                  <td class=${passed ? 'pass' : 'fail'}>${passed ? t('batch.meters.pass') : t('batch.meters.fail')}</td>
                  <td class="num">${signedPct(c.q3[i]!)}</td>
                  <td class="num">${signedPct(c.q2[i]!)}</td>
                  <td class="num">${signedPct(c.q1[i]!)}</td>
                  <td>${this.dates.get(c.verificationIds[i]!) ?? '…'}</td>
                  <td><erjian-sync-mark compact kind="record" item=${c.verificationIds[i]!}></erjian-sync-mark></td>
                </tr>`;
              })}
            </tbody>
          </table>`}
    `;
  }
}

customElements.define('erjian-meters-table', MetersTable);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-meters-table': MetersTable;
  }
}
