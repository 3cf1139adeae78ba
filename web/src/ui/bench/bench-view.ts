import { LitElement, css, html } from 'lit';
import { defaultProfile, pilotDate } from '../../domain/index.ts';
import { errorText } from '../i18n/errorText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { BenchController, type BenchState } from './benchController.ts';
import { demoMeterTypes } from './demoMeterTypes.ts';
import './position-card.ts';
import './tightness-result.ts';

const operatorKey = 'erjian.operator';

/** `<model>-YYYYMMDD` of today in Tai'an (docs/rules.md R-DATE), not the PC's own zone. */
function todayBatchId(model: string, now: Date): string {
  return `${model}-${pilotDate(now, defaultProfile).replaceAll('-', '')}`;
}

/**
 * The operator's screen: connect the bench (a serial port or the demo bench), mount
 * meters by scanning their serial numbers, confirm the checks and the tightness test,
 * run Q3 → Q2 → Q1, and read each position's errors and verdict live.
 */
export class BenchView extends LitElement {
  static override properties = { bench: { state: true } };
  declare bench: BenchState;
  readonly controller = new BenchController();
  private source: 'demo' | 'serial' = 'demo';
  private meterModel = demoMeterTypes[0]!.model;
  private batchId = '';
  private operator = '';

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.bench = this.controller.state;
    this.controller.addEventListener('change', () => {
      this.bench = this.controller.state;
    });
    this.operator = localStorage.getItem(operatorKey) ?? '';
    this.batchId = todayBatchId(this.meterModel, this.controller.now());
  }

  private async connect(): Promise<void> {
    const meterType = demoMeterTypes.find((m) => m.model === this.meterModel)!;
    const operator = this.operator.trim() || '检定员';
    localStorage.setItem(operatorKey, operator);
    const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
    const speed = Number(params.get('speed'));
    await this.controller.connect({
      source: this.source,
      meterType,
      batchId: this.batchId.trim() || todayBatchId(meterType.model, this.controller.now()),
      operator,
      ...(speed > 0 ? { demoSpeed: speed } : {}),
    });
    await this.updateComplete;
    this.focusNextScan(0);
  }

  /** After a scan, the cursor moves to the next empty position: scan, scan, scan… */
  private focusNextScan(afterPos: number): void {
    const next = this.bench.positions.find((p) => p.pos > afterPos && p.serial === null);
    const input = this.renderRoot.querySelector(`erjian-position[data-pos="${next?.pos ?? -1}"]`)?.shadowRoot?.querySelector('input');
    (input as HTMLInputElement | null | undefined)?.focus();
  }

  private async onMount(e: CustomEvent<{ pos: number; serial: string }>): Promise<void> {
    await this.controller.mount(e.detail.pos, e.detail.serial);
    await this.updateComplete;
    this.focusNextScan(e.detail.pos);
  }

  private allChecksOk(): void {
    for (const p of this.bench.positions) if (p.serial) this.controller.recordChecks(p.pos, { external: true, function: true });
  }

  private allNoLeak(): void {
    for (const p of this.bench.positions) if (p.serial) this.controller.confirmTightness(p.pos, false);
  }

  private copyTrace(): void {
    void navigator.clipboard?.writeText(this.controller.trace.format());
  }

  static override styles = css`
    :host { display: block; }
    :host([hidden]) { display: none; }
    .panel { background: #fff; border-radius: 12px; padding: 1.2rem 1.5rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); margin-bottom: 1rem; }
    .form { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 1rem; align-items: end; }
    label { display: flex; flex-direction: column; gap: 0.3rem; color: #4a5a6a; }
    select, input, button { font: inherit; font-size: 1.1rem; padding: 0.5rem 0.8rem; border-radius: 8px; border: 2px solid #8a97a5; }
    button { background: #0b5cab; color: #fff; border-color: #0b5cab; cursor: pointer; font-weight: 700; }
    button.secondary { background: #fff; color: #0b5cab; }
    button.danger { background: #b71c1c; border-color: #b71c1c; }
    button[disabled] { opacity: 0.5; cursor: not-allowed; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #ffd24d; }
    .status { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: baseline; }
    .phase { font-size: 1.6rem; font-weight: 800; }
    .live { display: flex; gap: 2rem; flex-wrap: wrap; }
    .live div { display: flex; flex-direction: column; }
    .live .v { font-size: 2.2rem; font-weight: 800; font-variant-numeric: tabular-nums; }
    .live .k { color: #4a5a6a; }
    .actions { display: flex; gap: 0.8rem; flex-wrap: wrap; margin: 1rem 0; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 0.8rem; }
    .error, .lost { color: #b71c1c; font-weight: 700; font-size: 1.1rem; }
    .meta { color: #4a5a6a; }
    details { margin-top: 1rem; }
    .log { font-family: ui-monospace, monospace; font-size: 0.85rem; max-height: 12rem; overflow: auto; }
    .log .warn { color: #8a5300; }
    .log .error { color: #b71c1c; }
  `;

  private renderConnect() {
    const connecting = this.bench.phase === 'connecting';
    return html`<div class="panel">
      <h2>${t('bench.heading')}</h2>
      <div class="form">
        <label>${t('bench.source')}
          <select data-testid="bench-source" @change=${(e: Event) => (this.source = (e.target as HTMLSelectElement).value as 'demo' | 'serial')}>
            <option value="demo" ?selected=${this.source === 'demo'}>${t('bench.source.demo')}</option>
            <option value="serial" ?selected=${this.source === 'serial'}>${t('bench.source.serial')}</option>
          </select>
        </label>
        <label>${t('bench.meterType')}
          <select data-testid="bench-meter-type" @change=${(e: Event) => {
            this.meterModel = (e.target as HTMLSelectElement).value;
            this.batchId = todayBatchId(this.meterModel, this.controller.now());
            this.requestUpdate();
          }}>
            ${demoMeterTypes.map((m) => html`<option value=${m.model} ?selected=${m.model === this.meterModel}>${m.model} · DN${m.dn} · Q3 ${m.q3M3h} · R${m.r}</option>`)}
          </select>
        </label>
        <label>${t('bench.batch')}<input data-testid="bench-batch" .value=${this.batchId} @input=${(e: Event) => (this.batchId = (e.target as HTMLInputElement).value)} /></label>
        <label>${t('bench.operator')}<input data-testid="bench-operator" .value=${this.operator} @input=${(e: Event) => (this.operator = (e.target as HTMLInputElement).value)} /></label>
        <button data-testid="bench-connect" ?disabled=${connecting} @click=${this.connect}>${connecting ? t('bench.connecting') : t('bench.connect')}</button>
      </div>
      ${this.bench.error ? html`<p class="error" role="alert">${errorText(this.bench.error)}</p>` : ''}
    </div>`;
  }

  private renderLive() {
    const l = this.bench.live;
    const num = (v: number | null, d: number) => (v === null ? '—' : v.toFixed(d));
    return html`<div class="live" aria-live="polite">
      <div><span class="k">${t('bench.live.point')}</span><span class="v" data-testid="live-point">${l.point ?? '—'}</span></div>
      <div><span class="k">${t('bench.live.flow')} (L/h)</span><span class="v">${num(l.lph, 1)}</span>
        <span class="meta">${l.targetLph !== null ? `${t('bench.live.target')} ${l.targetLph.toFixed(1)}` : ''}</span></div>
      <div><span class="k">${t('bench.live.water')} (°C)</span><span class="v">${num(l.waterC, 1)}</span></div>
      <div><span class="k">${t('bench.live.pressure')} (kPa)</span><span class="v">${num(l.kpa, 0)}</span></div>
    </div>`;
  }

  private renderSession() {
    const b = this.bench;
    const id = b.identity!;
    const mounted = b.positions.filter((p) => p.serial !== null);
    const ready = b.phase === 'ready';
    const busy = b.phase === 'running' || b.phase === 'tightness';
    // Leak / damage can be confirmed only on a valid tightness test (docs/rules.md R-TIGHT).
    const tightValid = b.tightness?.valid === true;
    const faultCount = Object.values(b.faults).reduce((a, c) => a + c, 0);
    return html`
      <div class="panel">
        <div class="status">
          <span class="phase" data-testid="bench-phase" data-phase=${b.phase}>${t(`bench.phase.${b.phase}`)}</span>
          <span class="meta">${t('bench.identity')}: <b>${id.vendor ?? ''} ${id.model ?? ''} · ${id.sn}</b></span>
          <span class="meta">${t('bench.method')}: ${id.method ? t(`bench.method.${id.method}`) : '—'}</span>
          <span class="meta">${t('bench.uncertainty')}: ${id.uRelPct ?? '—'} %</span>
          <span class="meta">${b.meterType?.model} · ${t('bench.batch')} ${b.batchId}</span>
        </div>
        ${b.phase === 'lost'
          ? html`<p class="lost" role="alert">${t('bench.reconnect')}</p>
              <button data-testid="bench-reconnect" @click=${() => this.controller.reconnect()}>${t('bench.reconnectButton')}</button>`
          : ''}
        ${b.error ? html`<p class="error" role="alert">${errorText(b.error)}</p>` : ''}
        ${this.renderLive()}
        <div class="actions">
          <button class="secondary" data-testid="bench-checks-ok" ?disabled=${!ready || mounted.length === 0} @click=${this.allChecksOk}>${t('bench.checksAllOk')}</button>
          <button class="secondary" data-testid="bench-tightness" ?disabled=${!ready || mounted.length === 0} @click=${() => this.controller.tightness()}>${t('bench.tightness')}</button>
          <button class="secondary" data-testid="bench-no-leak" ?disabled=${!ready || mounted.length === 0 || !tightValid} @click=${this.allNoLeak}>${t('bench.tightnessAllOk')}</button>
          <button data-testid="bench-run" ?disabled=${!ready || mounted.length === 0} @click=${() => this.controller.runAll()}>${t('bench.runAll')}</button>
          <button class="danger" data-testid="bench-abort" ?disabled=${!busy} @click=${() => this.controller.abort()}>${t('bench.abort')}</button>
          <button class="secondary" @click=${() => this.controller.disconnect()}>${t('bench.disconnect')}</button>
        </div>
        <erjian-tightness-result .result=${b.tightness}></erjian-tightness-result>
      </div>
      <div class="grid" @mount=${this.onMount} @checks=${(e: CustomEvent<{ pos: number; ok: { external: boolean; function: boolean } }>) => this.controller.recordChecks(e.detail.pos, e.detail.ok)}
        @leak=${(e: CustomEvent<{ pos: number; leak: boolean }>) => this.controller.confirmTightness(e.detail.pos, e.detail.leak)}>
        ${b.positions.map((p) => html`<erjian-position data-pos=${p.pos} .position=${p} ?canMount=${ready} ?canConfirmLeak=${ready && tightValid}></erjian-position>`)}
      </div>
      ${this.controller.demo ? this.renderDemoFaults() : ''}
      <details>
        <summary>${t('bench.log')} · ${t('bench.faults')}: <span data-testid="bench-faults">${faultCount}</span></summary>
        <button class="secondary" @click=${this.copyTrace}>${t('bench.copyTrace')}</button>
        <div class="log">${b.log.map((l) => html`<div class=${l.level}>${new Date(l.at).toLocaleTimeString()} ${l.text}</div>`)}</div>
      </details>
    `;
  }

  /** Faults on demand, demo bench only: what a real bench or cable does on a bad day. */
  private renderDemoFaults() {
    const sim = this.controller.demo!;
    const port = this.controller.demoPortHandle!;
    return html`<details class="panel">
      <summary>${t('bench.demoFaults')}</summary>
      <div class="actions">
        <button class="secondary" data-testid="demo-unplug" @click=${() => port.unplug()}>${t('bench.fault.unplug')}</button>
        <button class="secondary" @click=${() => sim.inject({ kind: 'bad-checksum', lines: 3 })}>${t('bench.fault.checksum')}</button>
        <button class="secondary" @click=${() => sim.inject({ kind: 'noise', bytes: 40 })}>${t('bench.fault.noise')}</button>
        <button class="secondary" @click=${() => sim.inject({ kind: 'drop-mv', pos: 1 })}>${t('bench.fault.dropMv')}</button>
        <button class="secondary" @click=${() => sim.inject({ kind: 'flow-out-of-band', factor: 1.3 })}>${t('bench.fault.flow')}</button>
        <button class="secondary" data-testid="demo-pressure-dip" @click=${() => sim.inject({ kind: 'pressure-dip', kpa: 100 })}>${t('tight.fault.dip')}</button>
        <button class="secondary" data-testid="demo-pressure-sag" @click=${() => sim.inject({ kind: 'pressure-sag', kpa: 20 })}>${t('tight.fault.sag')}</button>
      </div>
    </details>`;
  }

  override render() {
    return this.bench.identity === null ? this.renderConnect() : this.renderSession();
  }
}

customElements.define('erjian-bench', BenchView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-bench': BenchView;
  }
}
