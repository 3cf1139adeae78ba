import { LitElement, css, html } from 'lit';
import type { BatchBias, TestPoint } from '../domain/index.ts';
import './error-histogram.ts';
import type { ColumnStatistics } from '../stats/types.ts';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';

// null is how the kernel says "not defined for this column" (n too small, sd = 0).
const fmt = (v: number | null, digits = 3) => (v !== null && Number.isFinite(v) ? v.toFixed(digits) : '—');
const signed = (v: number | null, digits = 2) =>
  v !== null && Number.isFinite(v) ? `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(digits)}` : '—';

/**
 * One flow point of a batch: the mean error in big type with its sign, the bias status
 * as a word and a mark (never colour alone), and the histogram against ±MPE.
 */
export class BatchPointCard extends LitElement {
  static override properties = {
    point: { type: String },
    stats: { attribute: false },
    bias: { attribute: false },
    mpe: { type: Number },
  };
  declare point: TestPoint;
  declare stats: ColumnStatistics | undefined;
  declare bias: BatchBias | undefined;
  declare mpe: number;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.point = 'Q3';
    this.stats = undefined;
    this.bias = undefined;
    this.mpe = 2;
  }

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; padding: 1.2rem 1.4rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h3 { margin: 0 0 0.6rem; font-size: 1.3rem; }
    .headline { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
    .mean { font-size: 2.6rem; font-weight: 800; font-variant-numeric: tabular-nums; }
    .badge { font-size: 1.2rem; font-weight: 700; padding: 0.25rem 0.8rem; border-radius: 999px; border: 2px solid; }
    .ok { color: #1b6e20; border-color: #1b6e20; background: #e8f5e9; }
    .warn { color: #8a5300; border-color: #c77800; background: #fff4e0; }
    .alarm { color: #b71c1c; border-color: #b71c1c; background: #fdecea; }
    .direction { color: #4a5a6a; }
    /* Labels may wrap, figures never: a confidence interval split over two lines misreads. */
    dl { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0.3rem 1rem; margin: 0.8rem 0; font-size: 0.95rem; }
    dt { color: #4a5a6a; }
    dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; text-align: right; }
  `;

  override render() {
    const s = this.stats;
    const b = this.bias;
    if (!s) return html`<h3>${t(`point.${this.point}`)}</h3>`;
    const mark = b?.status === 'ok' ? '✓' : b?.status === 'warn' ? '⚠' : '✕';
    const direction = !b ? '' : b.sign > 0 ? t('bias.over') : b.sign < 0 ? t('bias.under') : t('bias.zero');
    return html`
      <h3>${t(`point.${this.point}`)}</h3>
      <div class="headline">
        <span class="mean" data-testid="mean-${this.point}" title=${t('stats.mean')}>${signed(s.mean, 3)} %</span>
        ${b
          ? html`<span class="badge ${b.status}" data-testid="bias-${this.point}" aria-label=${t('bias.label')}>${mark} ${t(`bias.${b.status}`)}</span>
              <span class="direction">${direction}</span>`
          : ''}
      </div>
      <erjian-error-histogram .data=${s.histogram} .mpe=${this.mpe} .mean=${s.mean ?? Number.NaN} label=${t(`point.${this.point}`)}></erjian-error-histogram>
      <dl>
        <dt>${t('stats.n')}</dt><dd data-testid="n-${this.point}">${s.n.toLocaleString()}</dd>
        <dt>${t('stats.sd')}</dt><dd>${fmt(s.sd)} %</dd>
        <dt>${t('stats.ci95')}</dt><dd>${s.ci95 ? `[${signed(s.ci95[0], 3)}, ${signed(s.ci95[1], 3)}] %` : '—'}</dd>
        <dt>${t('stats.range')}</dt><dd>${signed(s.min)} / ${signed(s.max)} %</dd>
        <dt>${t('stats.beyondMpe')} (±${this.mpe} %)</dt><dd>${s.beyond_mpe.toLocaleString()}</dd>
        <dt>${t('stats.beyondHalfMpe')}</dt><dd>${s.beyond_half_mpe.toLocaleString()}</dd>
        <dt>${t('stats.cpk')}</dt><dd>${fmt(s.cpk, 2)}</dd>
      </dl>
    `;
  }
}

customElements.define('erjian-batch-point', BatchPointCard);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-batch-point': BatchPointCard;
  }
}
