import { LitElement, css, html, nothing } from 'lit';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import type { BenchController } from './benchController.ts';

/**
 * Faults on demand, demo benches only: what a real bench or cable does on a bad day — on
 * the WMB/1 demo bench its line faults, on the demo PLC bench a pulled cable on either of
 * its two ports (issue 14: device loss on either handled as today).
 */
export class DemoFaults extends LitElement {
  static override properties = { controller: { attribute: false } };
  declare controller: BenchController | null;

  constructor() {
    super();
    new LocaleController(this);
    this.controller = null;
  }

  static override styles = css`
    :host { display: block; }
    details { background: #fff; border-radius: 12px; padding: 1.2rem 1.5rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); margin-bottom: 1rem; }
    .actions { display: flex; gap: 0.6rem; flex-wrap: wrap; margin: 0.4rem 0; }
    button { font: inherit; font-size: 1.05rem; padding: 0.35rem 0.9rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; font-weight: 700; }
    button:focus-visible { outline: 3px solid #ffd24d; }
  `;

  private renderWmb1() {
    const sim = this.controller?.demo;
    const port = this.controller?.demoPortHandle;
    if (!sim || !port) return nothing;
    return html`<button data-testid="demo-unplug" @click=${() => port.unplug()}>${t('bench.fault.unplug')}</button>
      <button @click=${() => sim.inject({ kind: 'bad-checksum', lines: 3 })}>${t('bench.fault.checksum')}</button>
      <button @click=${() => sim.inject({ kind: 'noise', bytes: 40 })}>${t('bench.fault.noise')}</button>
      <button @click=${() => sim.inject({ kind: 'drop-mv', pos: 1 })}>${t('bench.fault.dropMv')}</button>
      <button @click=${() => sim.inject({ kind: 'flow-out-of-band', factor: 1.3 })}>${t('bench.fault.flow')}</button>
      <button data-testid="demo-pressure-dip" @click=${() => sim.inject({ kind: 'pressure-dip', kpa: 100 })}>${t('tight.fault.dip')}</button>
      <button data-testid="demo-pressure-sag" @click=${() => sim.inject({ kind: 'pressure-sag', kpa: 20 })}>${t('tight.fault.sag')}</button>`;
  }

  private renderPlc() {
    const demo = this.controller?.demoPlc;
    if (!demo) return nothing;
    const balance = demo.balancePort;
    return html`<button data-testid="demo-unplug-plc" @click=${() => demo.plcPort.unplug()}>${t('bench.demoPlc.unplugPlc')}</button>
      ${balance === null ? nothing : html`<button data-testid="demo-unplug-balance" @click=${() => balance.unplug()}>${t('bench.demoPlc.unplugBalance')}</button>`}`;
  }

  override render() {
    if (!this.controller?.demo && !this.controller?.demoPlc) return nothing;
    return html`<details>
      <summary>${t('bench.demoFaults')}</summary>
      <div class="actions">${this.renderWmb1()}${this.renderPlc()}</div>
    </details>`;
  }
}

customElements.define('erjian-demo-faults', DemoFaults);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-demo-faults': DemoFaults;
  }
}
