import { LitElement, css, html } from 'lit';
import { TEST_POINTS, defaultProfile, type TestPoint } from '../../domain/index.ts';
import { createStatsClient, type BatchStatistics, type StatsClient } from '../../stats/index.ts';
import { ewmaChart } from '../../stats/ewma.ts';
import { batchReview, type BatchSummary } from '../../store/batchSummary.ts';
import { controlChartData, type ControlSeries } from '../../store/controlChartData.ts';
import type { BatchColumns, ErjianDb } from '../../store/index.ts';
import { Task, TaskStatus, initialState, loadStyles, renderLoad } from '../load.ts';
import { appStore } from '../appStore.ts';
import '../batch-point-card.ts';
import { errorText, shownError } from '../i18n/errorText.ts';
import { t } from '../i18n/i18n.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { hrefOf } from '../route.ts';
import { batchCsv } from './batchCsv.ts';
import { download, readRecords } from './batchRecords.ts';
import './control-chart.ts';
import { count, dateTime, percent } from './format.ts';
import './meters-table.ts';

type Review = { summary: BatchSummary; columns: BatchColumns; db: ErjianDb };
type Stats = { kind: 'done'; result: BatchStatistics; ms: number } | { kind: 'empty' } | { kind: 'no-meter-type' };
type Export = { kind: 'idle' } | { kind: 'reading'; done: number; of: number } | { kind: 'error'; message: string };
type Centre = 'zero' | 'firstK';

/** The centre of the EWMA chart when the person asks for the process's own level. */
const FIRST_K = 20;

/**
 * Runs a step under a performance measure (`erjian:batch:<name>`), so the browser test and
 * DevTools can read what each part of opening a 10,000-meter batch costs.
 */
async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    performance.measure(`erjian:batch:${name}`, { start });
  }
}

/** A point's errors without the meters that have no valid run there (NaN in the column). */
function finiteOnly(column: Float64Array): Float64Array {
  let n = 0;
  for (const v of column) if (Number.isFinite(v)) n++;
  if (n === column.length) return column.slice();
  const out = new Float64Array(n);
  let k = 0;
  for (const v of column) if (Number.isFinite(v)) out[k++] = v;
  return out;
}

/**
 * One batch for the verifier / approver (核验员 / 批准人): the counts and pass rate in big
 * type, the error statistics per flow point from the statistics worker (histogram against
 * ±MPE, bias status with its sign), the EWMA control chart of bench-run means per bench
 * and point, every meter's verdict, the CSV export, and the way to the certificate and labels.
 *
 * Three loads (ui/load.ts): the batch's review for `batchId`, then its statistics and its
 * control-chart data for that review. Each is superseded when the batch changes, so what
 * is shown is always of the batch in the header.
 */
export class BatchDetailView extends LitElement {
  static override properties = {
    batchId: { type: String },
    exporting: { state: true },
    centre: { state: true },
  };
  declare batchId: string;
  declare exporting: Export;
  declare centre: Centre;
  private client: StatsClient | undefined;

  /** The batch's summary and error columns; null: no such batch. */
  private readonly review = new Task(this, {
    args: () => [this.batchId] as const,
    task: async ([batchId], { signal }): Promise<Review | null | typeof initialState> => {
      if (batchId === '') return initialState;
      const { db } = await appStore();
      const review = await timed('summary', () => batchReview(db, batchId));
      signal.throwIfAborted();
      return review ? { ...review, db } : null;
    },
  });

  private readonly stats = new Task(this, {
    args: () => [this.reviewOfBatch()] as const,
    task: async ([review], { signal }): Promise<Stats | typeof initialState> => (review === null ? initialState : this.computeStatistics(review, signal)),
  });

  private readonly controlSeries = new Task(this, {
    args: () => [this.reviewOfBatch()] as const,
    task: async ([review]): Promise<ControlSeries[] | typeof initialState> =>
      review === null ? initialState : timed('control-chart-data', () => controlChartData(review.db, review.summary, defaultProfile)),
  });

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.batchId = '';
    this.exporting = { kind: 'idle' };
    this.centre = 'zero';
  }

  /** The review, once it is the one of the batch shown (never the last batch's while the next one loads). */
  private reviewOfBatch(): Review | null {
    const r = this.review.status === TaskStatus.COMPLETE ? this.review.value : undefined;
    return r && r.summary.batch.id === this.batchId ? r : null;
  }

  override disconnectedCallback(): void {
    this.client?.terminate();
    this.client = undefined;
    super.disconnectedCallback();
  }

  private async computeStatistics({ summary, columns }: Review, signal: AbortSignal): Promise<Stats> {
    if (columns.n === 0) return { kind: 'empty' };
    // The MPE lines and the bias status need the nameplate's accuracy class: never guessed (docs/rules.md R-METER).
    if (!summary.meterType) return { kind: 'no-meter-type' };
    const started = performance.now();
    this.client ??= createStatsClient();
    // Copies go to the worker (their buffers are transferred); the table keeps the originals.
    const { result } = await this.client.describeBatch({
      columns: { Q3: finiteOnly(columns.q3), Q2: finiteOnly(columns.q2), Q1: finiteOnly(columns.q1) },
      profile: defaultProfile,
      accuracyClass: summary.meterType.accuracyClass,
    });
    signal.throwIfAborted();
    performance.measure('erjian:batch:statistics', { start: started });
    return { kind: 'done', result, ms: performance.now() - started };
  }

  private async exportCsv({ summary, columns, db }: Review): Promise<void> {
    const ids = columns.verificationIds;
    this.exporting = { kind: 'reading', done: 0, of: ids.length };
    try {
      const records = await readRecords(db, ids, (done) => (this.exporting = { kind: 'reading', done, of: ids.length }));
      download(`${summary.batch.id}.csv`, batchCsv(records, summary.batch.meterTypeModel));
      this.exporting = { kind: 'idle' };
    } catch (err) {
      this.exporting = { kind: 'error', message: errorText(shownError(err)) };
    }
  }

  static override styles = [loadStyles, css`
    :host { display: block; }
    a.back { color: var(--erjian-primary); text-decoration: none; font-size: 1.05rem; }
    .title { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; margin: 0.6rem 0 0.3rem; }
    h2 { font-size: 2rem; margin: 0; }
    .actions { margin-left: auto; display: flex; gap: 0.6rem; flex-wrap: wrap; align-items: center; }
    .button, button { font: inherit; font-size: 1.1rem; padding: 0.55rem 1.2rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); text-decoration: none; cursor: pointer; }
    button.primary { background: var(--erjian-primary); color: #fff; }
    button[disabled] { opacity: 0.6; cursor: progress; }
    .facts { color: #4a5a6a; font-size: 1.05rem; margin: 0 0 1.2rem; line-height: 1.7; }
    .facts b { color: #15202b; font-weight: 600; }
    .tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1rem; margin-bottom: 2rem; }
    .tile { background: #fff; border-radius: 12px; padding: 1rem 1.2rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    .tile .label { color: #4a5a6a; font-size: 1.1rem; }
    /* a figure never wraps ("100.00" / "%"): it shrinks with a narrow window instead */
    .tile .value { font-size: clamp(1.6rem, 3.4vw, 2.6rem); font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1.2; white-space: nowrap; }
    .tile.pass .value { color: #1b6e20; }
    .tile.fail .value { color: #b71c1c; }
    h3 { font-size: 1.45rem; margin: 2rem 0 0.3rem; }
    .lead { color: #4a5a6a; margin: 0 0 1rem; line-height: 1.6; }
    .meta { color: #4a5a6a; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
    .charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }
    .centre { display: flex; gap: 1rem; align-items: center; margin-bottom: 0.8rem; font-size: 1.05rem; flex-wrap: wrap; }
    .centre label { display: flex; gap: 0.3rem; align-items: center; cursor: pointer; }
    .hint { color: #4a5a6a; font-size: 0.95rem; margin: -0.3rem 0 0.8rem; }
    .legend { display: flex; gap: 1.2rem; flex-wrap: wrap; color: #4a5a6a; margin: 0 0 0.8rem; }
    .legend .dot { color: #8a97a5; } .legend .line { color: var(--erjian-primary); font-weight: 800; }
    .legend .lim { color: #c62828; font-weight: 800; } .legend .tri { color: #c62828; }
    .error { color: #b71c1c; font-weight: 700; }
    progress { width: 14rem; height: 1.1rem; vertical-align: middle; }
    @media (max-width: 800px) { .tiles { grid-template-columns: repeat(2, 1fr); } .charts { grid-template-columns: 1fr; } }
    @media print { .actions, .centre, a.back { display: none; } .tile, .charts > * { box-shadow: none; border: 1px solid #ccc; } }
  `];

  private renderHeader(review: Review) {
    const s = review.summary;
    const busy = this.exporting.kind === 'reading';
    const e = this.exporting;
    return html`
      <a class="back" href=${hrefOf({ view: 'batches' })}>${t('batch.back')}</a>
      <div class="title">
        <h2>${t('batch.heading')} <span data-testid="batch-id">${s.batch.id}</span></h2>
        <span class="actions">
          ${e.kind === 'reading' ? html`<progress max=${e.of} value=${e.done}></progress>` : ''}
          ${e.kind === 'error' ? html`<span class="error" role="alert">${e.message}</span>` : ''}
          <button class="primary" data-testid="export-csv" ?disabled=${busy || s.verified === 0} @click=${() => this.exportCsv(review)}>
            ${busy ? t('batch.exporting') : t('batch.exportCsv')}
          </button>
          <a class="button" data-testid="to-certificate" href=${hrefOf({ view: 'certificate', batchId: s.batch.id })}>${t('batch.certificate')}</a>
          <a class="button" data-testid="to-labels" href=${hrefOf({ view: 'labels', batchId: s.batch.id })}>${t('batch.labels')}</a>
          ${s.failed > 0 ? html`<a class="button" data-testid="to-notice" href=${hrefOf({ view: 'notice', batchId: s.batch.id })}>${t('batch.notice')}</a>` : ''}
        </span>
      </div>
      <p class="facts">
        <b>${s.batch.meterTypeModel}</b>${s.meterType ? html` · ${s.meterType.name} DN${s.meterType.dn} · Q3 ${s.meterType.q3M3h} m³/h · R${s.meterType.r}` : ''}
        · ${t('batch.productionDate')} <b>${s.batch.productionDate}</b><br />
        ${t('batch.dates')} <b data-testid="batch-dates">${s.firstVerificationDate ?? '—'}${s.lastVerificationDate !== s.firstVerificationDate ? ` – ${s.lastVerificationDate ?? '—'}` : ''}</b> ·
        ${t('batch.period')} <b>${dateTime(s.firstActivity)} – ${dateTime(s.lastActivity)}</b> · ${t('batch.benches')}
        <b>${s.benches.join(t('batch.listSeparator')) || '—'}</b> · ${t('batch.sessions')} <b>${count(s.sessions.length)}</b>
      </p>
      <div class="tiles">
        <div class="tile"><div class="label">${t('batch.verified')}</div><div class="value" data-testid="count-verified">${count(s.verified)}</div></div>
        <div class="tile pass"><div class="label">✓ ${t('batch.passed')}</div><div class="value" data-testid="count-passed">${count(s.passed)}</div></div>
        <div class="tile fail"><div class="label">✗ ${t('batch.failed')}</div><div class="value" data-testid="count-failed">${count(s.failed)}</div></div>
        <div class="tile"><div class="label">${t('batch.passRate')}</div><div class="value" data-testid="pass-rate">${percent(s.passRate)}</div></div>
      </div>
    `;
  }

  private renderStatisticsBody(st: Stats) {
    if (st.kind === 'empty') return html`<p class="meta">${t('batch.stats.none')}</p>`;
    if (st.kind === 'no-meter-type') return html`<p class="error" role="alert">${t('batch.noMeterType')}</p>`;
    return html`<p class="meta" data-testid="stats-done">
          ${t('batch.stats.engine')}: <b data-testid="stats-engine">${st.result.engine.toUpperCase()}</b> · ${st.ms.toFixed(0)} ms
        </p>
        <div class="grid">
          ${TEST_POINTS.map((p) => {
            const ps = st.result.points[p];
            return html`<erjian-batch-point .point=${p} .stats=${ps.statistics} .bias=${ps.bias ?? undefined} .mpe=${ps.mpePct}></erjian-batch-point>`;
          })}
        </div>`;
  }

  private renderStatistics() {
    return html`<h3>${t('batch.stats.heading')}</h3>
      <p class="lead">${t('batch.stats.lead')}</p>
      ${renderLoad(this.stats, (st) => this.renderStatisticsBody(st), { loading: t('batch.stats.computing') })}`;
  }

  private renderControlCharts() {
    return html`<h3>${t('batch.control.heading')}</h3>
      <p class="lead">${t('batch.control.lead')}</p>
      ${renderLoad(this.controlSeries, (series) => this.renderControlSeries(series))}`;
  }

  private renderControlSeries(series: ControlSeries[]) {
    const target = this.centre === 'zero' ? 0 : { firstK: FIRST_K };
    const pick = (c: Centre) => () => (this.centre = c);
    return series.length === 0
          ? html`<p class="meta">${t('batch.control.none')}</p>`
          : html`<div class="centre">
                ${t('batch.control.centre')}:
                <label><input type="radio" name="centre" .checked=${this.centre === 'zero'} @change=${pick('zero')} />${t('batch.control.centre.zero')}</label>
                <label
                  ><input type="radio" name="centre" data-testid="centre-firstK" .checked=${this.centre === 'firstK'} @change=${pick('firstK')} />${t(
                    'batch.control.centre.firstK',
                  )}</label
                >
              </div>
              <p class="hint">${t('batch.control.centreHint')}</p>
              <div class="legend" aria-hidden="true">
                <span><span class="dot">●</span> ${t('batch.control.legend.mean')}</span>
                <span><span class="line">━</span> ${t('batch.control.legend.ewma')}</span>
                <span><span class="lim">╌</span> ${t('batch.control.legend.limits')}</span>
                <span><span class="tri">▲▼</span> ${t('batch.control.legend.signal')}</span>
              </div>
              <div class="charts" data-testid="control-charts">
                ${series.map(
                  (s) => html`<erjian-control-chart
                    .heading=${`${s.benchId} · ${t(`point.${s.point}` as `point.${TestPoint}`)}`}
                    .means=${s.means}
                    .chart=${ewmaChart(
                      s.means.map((m) => m.meanPct),
                      { target },
                    )}
                  ></erjian-control-chart>`,
                )}
              </div>`;
  }

  override render() {
    return renderLoad(this.review, (review) =>
      review === null
        ? html`<a class="back" href=${hrefOf({ view: 'batches' })}>${t('batch.back')}</a>
            <p class="error" data-testid="batch-missing">${t('batch.notFound')} (${this.batchId})</p>`
        : html`
            ${this.renderHeader(review)} ${this.renderStatistics()} ${this.renderControlCharts()}
            <h3>${t('batch.meters.heading')}</h3>
            <erjian-meters-table .columns=${review.columns} .db=${review.db}></erjian-meters-table>
          `,
    );
  }
}

customElements.define('erjian-batch-detail', BatchDetailView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-batch-detail': BatchDetailView;
  }
}
