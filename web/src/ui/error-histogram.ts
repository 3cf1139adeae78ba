import { LitElement, css, html, svg } from 'lit';
import { signedPct } from './batches/format.ts';

/** The histogram part of a batch statistics result (issue 3, point 1). */
export interface HistogramData {
  lo: number;
  width: number;
  counts: ArrayLike<number>;
  below: number;
  above: number;
}

/**
 * A histogram of one flow point's indication errors (%) with the ±MPE limits and the
 * batch mean drawn on it: where a picture beats a table — a batch drifting towards a
 * limit, or skewed to over-reading, is seen at once.
 *
 * @csspart svg - the chart
 */
export class ErrorHistogram extends LitElement {
  static override properties = {
    data: { attribute: false },
    mpe: { type: Number },
    mean: { type: Number },
    label: { type: String },
  };
  declare data: HistogramData | undefined;
  declare mpe: number;
  declare mean: number;
  declare label: string;

  constructor() {
    super();
    this.data = undefined;
    this.mpe = 2;
    this.mean = Number.NaN;
    this.label = '';
  }

  static override styles = css`
    :host { display: block; }
    svg { width: 100%; height: auto; display: block; }
    .bar { fill: #5b8fd1; }
    .limit { stroke: #c62828; stroke-width: 2; stroke-dasharray: 6 4; }
    .mean { stroke: #15202b; stroke-width: 2; }
    .axis { stroke: #8a97a5; stroke-width: 1; }
    text { font-size: 15px; fill: #4a5a6a; font-family: inherit; }
    .limit-label { fill: #c62828; font-weight: 700; }
  `;

  override render() {
    const d = this.data;
    if (!d || d.counts.length === 0) return html``;
    const W = 360;
    const H = 170;
    const padL = 8;
    const padR = 8;
    const padT = 18;
    const padB = 26;
    const bins = d.counts.length;
    const hi = d.lo + bins * d.width;
    // The x range always shows both limits, so a chart is never missing its red lines.
    const xmin = Math.min(d.lo, -this.mpe * 1.1);
    const xmax = Math.max(hi, this.mpe * 1.1);
    const x = (v: number) => padL + ((v - xmin) / (xmax - xmin)) * (W - padL - padR);
    let peak = 1;
    for (let i = 0; i < bins; i++) peak = Math.max(peak, d.counts[i] ?? 0);
    const y = (c: number) => H - padB - (c / peak) * (H - padT - padB);
    const bars = [];
    for (let i = 0; i < bins; i++) {
      const c = d.counts[i] ?? 0;
      if (c === 0) continue;
      const x0 = x(d.lo + i * d.width);
      const x1 = x(d.lo + (i + 1) * d.width);
      bars.push(svg`<rect class="bar" x=${x0} y=${y(c)} width=${Math.max(0.5, x1 - x0 - 0.5)} height=${H - padB - y(c)}></rect>`);
    }
    const meanLine = Number.isFinite(this.mean)
      ? svg`<line class="mean" x1=${x(this.mean)} x2=${x(this.mean)} y1=${padT - 6} y2=${H - padB}></line>`
      : '';
    return html`<svg part="svg" viewBox="0 0 ${W} ${H}" role="img" aria-label=${this.label}>
      ${bars}
      <line class="axis" x1=${padL} x2=${W - padR} y1=${H - padB} y2=${H - padB}></line>
      <line class="limit" x1=${x(-this.mpe)} x2=${x(-this.mpe)} y1=${padT - 6} y2=${H - padB}></line>
      <line class="limit" x1=${x(this.mpe)} x2=${x(this.mpe)} y1=${padT - 6} y2=${H - padB}></line>
      ${meanLine}
      <text class="limit-label" x=${x(-this.mpe)} y=${13} text-anchor="middle">−${this.mpe}%</text>
      <text class="limit-label" x=${x(this.mpe)} y=${13} text-anchor="middle">+${this.mpe}%</text>
      <text x=${x(0)} y=${H - 8} text-anchor="middle">0</text>
      <text x=${padL} y=${H - 8} data-testid="axis-min">${signedPct(xmin, 1)}%</text>
      <text x=${W - padR} y=${H - 8} text-anchor="end" data-testid="axis-max">${signedPct(xmax, 1)}%</text>
    </svg>`;
  }
}

customElements.define('erjian-error-histogram', ErrorHistogram);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-error-histogram': ErrorHistogram;
  }
}
