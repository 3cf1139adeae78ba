import { LitElement, css, html, svg } from 'lit';
import { civilDate, defaultProfile } from '../../domain/index.ts';
import type { EwmaChart } from '../../stats/ewma.ts';
import type { RunMean } from '../../store/controlChartData.ts';
import { t } from '../i18n/i18n.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { signedPct } from './format.ts';

const W = 560;
const H = 230;
const PAD = { l: 52, r: 12, t: 14, b: 30 };
/** space between the axis and the first and last run, so no dot sits on the axis */
const INSET = 10;
/** up to this many runs, each is drawn as a big dot */
const FEW = 60;

/** A step of 1, 2 or 5 × 10ⁿ giving about `target` ticks over `span`. */
function niceStep(span: number, target = 4): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/** MM-DD of the Tai'an day (docs/rules.md R-DATE). */
const localDay = (iso: string) => civilDate(new Date(iso), defaultProfile.timeZone.value).slice(5);

/**
 * An EWMA control chart of one bench and flow point: the run means as dots in time order,
 * the EWMA as a line, the centre line and the control limits; a point whose EWMA is beyond
 * a limit is marked with a triangle pointing the way it went (a shape, not colour alone),
 * and the header says in words whether the chart is in control.
 *
 * @csspart svg - the chart
 */
export class ControlChart extends LitElement {
  static override properties = { heading: { type: String }, means: { attribute: false }, chart: { attribute: false } };
  declare heading: string;
  declare means: readonly RunMean[];
  declare chart: EwmaChart | undefined;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.heading = '';
    this.means = [];
    this.chart = undefined;
  }

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; padding: 0.9rem 1rem 0.6rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: 0.6rem; flex-wrap: wrap; }
    h4 { margin: 0; font-size: 1.15rem; }
    .status { font-weight: 700; font-size: 1.05rem; }
    .ok { color: #1b6e20; }
    .signal { color: #b71c1c; }
    .none { color: #4a5a6a; }
    .why { margin: 0.3rem 0 0; color: #4a5a6a; font-size: 0.95rem; line-height: 1.5; }
    .meta { color: #4a5a6a; font-size: 0.95rem; }
    svg { width: 100%; height: auto; display: block; margin-top: 0.3rem; }
    text { font-size: 13px; fill: #4a5a6a; font-family: inherit; }
    .plot { fill: none; }
    .grid { stroke: #e3e8ee; stroke-width: 1; }
    .axis { stroke: #8a97a5; stroke-width: 1; }
    .day { stroke: #c9d2dc; stroke-width: 1; stroke-dasharray: 2 3; }
    .dots { stroke: #8a97a5; stroke-width: 4; stroke-linecap: round; fill: none; }
    /* a few runs are big dots, easy to see; hundreds stay small so the EWMA line shows through */
    .dots.few { stroke-width: 7; }
    .ewma { stroke: var(--erjian-primary); stroke-width: 2; fill: none; }
    .centre { stroke: #15202b; stroke-width: 1.5; }
    .limit { stroke: #c62828; stroke-width: 1.5; stroke-dasharray: 6 4; fill: none; }
    .signal-mark { fill: #c62828; }
    .limit-label { fill: #c62828; font-weight: 700; }
  `;

  /** The status in words, and its state for tests and styles: flagged, in control, or why nothing can be flagged. */
  private status(c: EwmaChart, signals: number) {
    if (c.noLimits === 'no-spread') return { state: 'no-spread', cls: 'none', text: t('batch.control.noSpread'), why: t('batch.control.noSpread.why') };
    if (c.noLimits === 'too-few') return { state: 'too-few', cls: 'none', text: t('batch.control.tooFew'), why: t('batch.control.tooFew.why') };
    if (signals > 0) return { state: 'signals', cls: 'signal', text: `${t('batch.control.signals')}${signals.toLocaleString()}`, why: null };
    return { state: 'in-control', cls: 'ok', text: t('batch.control.inControl'), why: null };
  }

  override render() {
    const c = this.chart;
    const n = this.means.length;
    if (!c || n === 0) return html``;
    const signals = c.points.filter((p) => p.signal !== 0).length;
    let lo = c.centre;
    let hi = c.centre;
    for (const p of c.points) {
      lo = Math.min(lo, p.x, p.z, p.lcl ?? p.z);
      hi = Math.max(hi, p.x, p.z, p.ucl ?? p.z);
    }
    const margin = (hi - lo) * 0.05 || 0.1;
    const step = niceStep(hi - lo + 2 * margin);
    // The plot spans whole ticks, so its lowest and highest grid lines bound every point:
    // a point is never drawn below the bottom line, which reads as the axis.
    lo = Math.floor((lo - margin) / step + 1e-9) * step;
    hi = Math.ceil((hi + margin) / step - 1e-9) * step;
    const plotW = W - PAD.l - PAD.r - 2 * INSET;
    const x = (i: number) => PAD.l + INSET + (n === 1 ? plotW / 2 : (i / (n - 1)) * plotW);
    const y = (v: number) => PAD.t + ((hi - v) / (hi - lo)) * (H - PAD.t - PAD.b);
    const ticks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, k) => {
      const v = lo + k * step;
      return Math.abs(v) < step / 1e6 ? 0 : v;
    });
    const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    // Day boundaries: a faint line and the date where the next day's runs start.
    const days: { i: number; label: string }[] = [];
    this.means.forEach((m, i) => {
      const label = localDay(m.at);
      if (i === 0 || label !== days.at(-1)!.label) days.push({ i, label });
    });
    const dots = c.points.map((p, i) => `M${x(i).toFixed(1)} ${y(p.x).toFixed(1)}h0`).join('');
    const ewma = c.points.map((p, i) => `${x(i).toFixed(1)},${y(p.z).toFixed(1)}`).join(' ');
    const limit = (key: 'ucl' | 'lcl') =>
      c.points.flatMap((p, i) => (p[key] === null ? [] : [`${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`])).join(' ');
    const marks = c.points
      .map((p, i) => {
        if (p.signal === 0) return '';
        const cx = x(i);
        const cy = y(p.z);
        // Just beyond the line, pointing the way the EWMA went, so the line stays readable.
        return p.signal > 0 ? `M${cx} ${cy - 9}l3.5 6h-7z` : `M${cx} ${cy + 9}l3.5 -6h-7z`;
      })
      .join('');
    const status = this.status(c, signals);
    const top = y(hi);
    const bottom = y(lo);
    return html`
      <header>
        <h4>${this.heading}</h4>
        <span class="meta">${n.toLocaleString()} ${t('batch.control.runs')}</span>
        <span class="status ${status.cls}" data-testid="control-status" data-state=${status.state}>${status.text}</span>
      </header>
      ${status.why !== null ? html`<p class="why" data-testid="control-why">${status.why}</p>` : ''}
      <svg part="svg" viewBox="0 0 ${W} ${H}" role="img" aria-label=${`${this.heading}: ${status.text}`}>
        <rect class="plot" data-testid="plot-area" x=${PAD.l} y=${top} width=${W - PAD.l - PAD.r} height=${bottom - top}></rect>
        ${ticks.map(
          (v) => svg`<line class="grid" x1=${PAD.l} x2=${W - PAD.r} y1=${y(v)} y2=${y(v)}></line>
            <text x=${PAD.l - 6} y=${y(v) + 4} text-anchor="end">${signedPct(v, digits)}%</text>`,
        )}
        ${days.map(
          (d) => svg`<line class="day" x1=${x(d.i)} x2=${x(d.i)} y1=${PAD.t} y2=${H - PAD.b}></line>
            <text x=${x(d.i) + 3} y=${H - 10}>${d.label}</text>`,
        )}
        <line class="axis" x1=${PAD.l} x2=${W - PAD.r} y1=${bottom} y2=${bottom}></line>
        <line class="axis" x1=${PAD.l} x2=${PAD.l} y1=${top} y2=${bottom}></line>
        <line class="centre" x1=${PAD.l} x2=${W - PAD.r} y1=${y(c.centre)} y2=${y(c.centre)}></line>
        <path class="dots ${n <= FEW ? 'few' : ''}" data-testid="control-points" d=${dots}></path>
        ${c.noLimits === null
          ? svg`<polyline class="limit" points=${limit('ucl')}></polyline>
              <polyline class="limit" points=${limit('lcl')}></polyline>`
          : ''}
        <path class="signal-mark" data-testid="control-signals" d=${marks}></path>
        <polyline class="ewma" points=${ewma}></polyline>
      </svg>
    `;
  }
}

customElements.define('erjian-control-chart', ControlChart);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-control-chart': ControlChart;
  }
}
