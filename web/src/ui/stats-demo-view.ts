import { LitElement, css, html } from 'lit';
import { TEST_POINTS, defaultProfile } from '../domain/index.ts';
import { createStatsClient, type BatchStatistics, type StatsClient } from '../stats/index.ts';
import './batch-point-card.ts';
import { generateDemoBatch } from './demo/demoBatch.ts';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';

type Phase = { kind: 'idle' } | { kind: 'generating'; done: number } | { kind: 'computing' } | { kind: 'done'; ms: number } | { kind: 'error'; message: string };

/**
 * Batch statistics on simulated data: shows what the verifier sees for a batch (the
 * statistics worker, WASM kernel, bias status, histograms) without a bench or records,
 * and proves the screen stays responsive for a million meters.
 */
export class StatsDemoView extends LitElement {
  static override properties = { size: { state: true }, phase: { state: true }, result: { state: true } };
  declare size: number;
  declare phase: Phase;
  declare result: BatchStatistics | undefined;
  private client: StatsClient | undefined;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    const fromUrl = Number(new URLSearchParams(location.hash.split('?')[1] ?? '').get('n'));
    this.size = Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : 100_000;
    this.phase = { kind: 'idle' };
    this.result = undefined;
  }

  override disconnectedCallback(): void {
    this.client?.terminate();
    this.client = undefined;
    super.disconnectedCallback();
  }

  private async compute(): Promise<void> {
    const n = this.size;
    this.phase = { kind: 'generating', done: 0 };
    try {
      const batch = await generateDemoBatch(n, 20190101, (done) => {
        this.phase = { kind: 'generating', done };
      });
      this.phase = { kind: 'computing' };
      this.client ??= createStatsClient();
      const started = performance.now();
      const { result } = await this.client.describeBatch({
        columns: { Q3: batch.q3, Q2: batch.q2, Q1: batch.q1 },
        profile: defaultProfile,
        accuracyClass: 2,
      });
      this.result = result;
      this.phase = { kind: 'done', ms: performance.now() - started };
    } catch (err) {
      this.phase = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    }
  }

  static override styles = css`
    :host { display: block; }
    .controls { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; margin: 1rem 0 1.5rem; }
    label { display: flex; flex-direction: column; gap: 0.3rem; color: #4a5a6a; }
    select, button { font: inherit; font-size: 1.15rem; padding: 0.5rem 1rem; border-radius: 8px; }
    button { background: var(--erjian-primary); color: #fff; border: none; cursor: pointer; min-width: 10rem; }
    button[disabled] { opacity: 0.6; cursor: progress; }
    progress { width: 16rem; height: 1.2rem; }
    .meta { color: #4a5a6a; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
    .error { color: #b71c1c; font-weight: 700; }
  `;

  private renderProgress() {
    const p = this.phase;
    if (p.kind === 'generating') return html`<progress max=${this.size} value=${p.done}></progress>`;
    if (p.kind === 'computing') return html`<progress></progress> ${t('statsDemo.running')}`;
    if (p.kind === 'done' && this.result)
      return html`<span class="meta" data-testid="stats-done">${t('statsDemo.engine')}: <b data-testid="stats-engine">${this.result.engine.toUpperCase()}</b> · ${t('statsDemo.elapsed')}: ${p.ms.toFixed(0)} ms</span>`;
    if (p.kind === 'error') return html`<span class="error" role="alert">${p.message}</span>`;
    return '';
  }

  override render() {
    const busy = this.phase.kind === 'generating' || this.phase.kind === 'computing';
    const sizes = [1_000, 10_000, 100_000, 1_000_000];
    if (!sizes.includes(this.size)) sizes.push(this.size);
    return html`
      <h2>${t('statsDemo.heading')}</h2>
      <p>${t('statsDemo.lead')}</p>
      <div class="controls">
        <label
          >${t('statsDemo.size')}
          <select data-testid="stats-size" @change=${(e: Event) => (this.size = Number((e.target as HTMLSelectElement).value))}>
            ${sizes.map((s) => html`<option value=${s} ?selected=${s === this.size}>${s.toLocaleString()}</option>`)}
          </select>
        </label>
        <button data-testid="stats-run" ?disabled=${busy} @click=${this.compute}>${busy ? t('statsDemo.running') : t('statsDemo.run')}</button>
        ${this.renderProgress()}
      </div>
      ${this.result
        ? html`<div class="grid">
            ${TEST_POINTS.map((p) => {
              const ps = this.result!.points[p];
              return html`<erjian-batch-point .point=${p} .stats=${ps.statistics} .bias=${ps.bias ?? undefined} .mpe=${ps.mpePct}></erjian-batch-point>`;
            })}
          </div>`
        : ''}
    `;
  }
}

customElements.define('erjian-stats-demo', StatsDemoView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-stats-demo': StatsDemoView;
  }
}
