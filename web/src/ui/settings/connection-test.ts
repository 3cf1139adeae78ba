import { LitElement, css, html } from 'lit';
import { isPlcConfig, type BenchConfig, type PlcConfig } from '../../bench/config/benchConfig.ts';
import { createDemoPlcBench, type DemoPlcBench } from '../../bench/sim/demoPlcBench.ts';
import { requestSerialPort } from '../../bench/transport/ports.ts';
import type { SerialPortLike } from '../../bench/types.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { locale } from '../i18n/i18n.ts';
import { errorText, shownError } from '../i18n/errorText.ts';
import { fieldLabel } from './configFields.ts';
import { testPlcConnection, type ConnectionReport, type RegisterProbe } from './connectionTest.ts';
import { st } from './messages.ts';

type Stage =
  | { kind: 'idle' }
  | { kind: 'pick-balance'; plcPort: SerialPortLike }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; report: ConnectionReport }
  | { kind: 'note'; text: string };

/** The unit a quantity is read in when the map names none. */
const defaultUnits: Record<string, string> = { flowLph: 'L/h', targetFlowLph: 'L/h', waterTempC: '°C', airTempC: '°C', inletKpa: 'kPa', outletKpa: 'kPa', tightnessKpa: 'kPa', airHPa: 'hPa', airRhPct: '%', volumeL: 'L' };

const said = (err: unknown) => errorText(shownError(err));

/**
 * 测试连接 on #/settings/bench (issue 14 item 1): the demo bench pair, or the serial ports
 * the person picks — the PLC's first, then the balance's, each prompt saying which — then
 * every configured register read once with its unit and a plausibility mark (connectionTest.ts).
 */
export class ConnectionTestPanel extends LitElement {
  static override properties = { config: { attribute: false }, stage: { state: true }, source: { state: true } };
  declare config: BenchConfig | null;
  declare stage: Stage;
  declare source: 'demo' | 'serial';

  constructor() {
    super();
    new LocaleController(this);
    this.config = null;
    this.stage = { kind: 'idle' };
    this.source = 'demo';
  }

  static override styles = css`
    :host { display: block; margin-top: 1.2rem; }
    .bar { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
    select, button { font: inherit; font-size: 1.1rem; padding: 0.45rem 0.9rem; border-radius: 8px; }
    button { border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; font-weight: 700; }
    button:disabled { opacity: 0.5; cursor: default; }
    .prompt { font-size: 1.15rem; font-weight: 700; color: var(--erjian-primary); }
    progress { width: 16rem; height: 1.1rem; }
    .who { font-size: 1.15rem; margin: 0.6rem 0 0; }
    .who .bad, td.bad { color: var(--erjian-danger); font-weight: 700; }
    .who .good, td.good { color: var(--erjian-ok); font-weight: 700; }
    td.warn { color: #8a5300; font-weight: 700; }
    table { border-collapse: collapse; margin-top: 0.6rem; width: 100%; }
    th, td { text-align: left; padding: 0.35rem 0.7rem; border-bottom: 1px solid #dde3ea; }
    td.value { font-size: 1.5rem; font-weight: 800; font-variant-numeric: tabular-nums; text-align: right; }
  `;

  private async start(): Promise<void> {
    const config = this.config;
    if (config === null) return this.note(st('bs.test.invalid'));
    if (!isPlcConfig(config)) return this.note(st('bs.test.wmb1'));
    if (this.source === 'demo') {
      const demo: DemoPlcBench = createDemoPlcBench({ config });
      try {
        await this.run(config, demo.plcPort, demo.balancePort, demo);
      } finally {
        demo.dispose();
      }
      return;
    }
    this.stage = { kind: 'note', text: st('bs.test.pickPlc') };
    let plcPort: SerialPortLike;
    try {
      plcPort = await requestSerialPort();
    } catch (err) {
      return this.cancelled(err);
    }
    if (config.setup.reference.kind === 'balance') this.stage = { kind: 'pick-balance', plcPort };
    else await this.run(config, plcPort, null);
  }

  /** A second click: a browser shows its port picker only inside a person's gesture. */
  private async pickBalance(plcPort: SerialPortLike): Promise<void> {
    const config = this.config;
    if (config === null || !isPlcConfig(config)) return;
    let balancePort: SerialPortLike;
    try {
      balancePort = await requestSerialPort();
    } catch (err) {
      return this.cancelled(err);
    }
    await this.run(config, plcPort, balancePort);
  }

  private cancelled(err: unknown): void {
    // NotFoundError: the person closed the picker without a port.
    this.note(err instanceof DOMException && err.name === 'NotFoundError' ? st('bs.test.cancelled') : said(err));
  }

  private note(text: string): void {
    this.stage = { kind: 'note', text };
  }

  private async run(config: PlcConfig, plcPort: SerialPortLike, balancePort: SerialPortLike | null, demo?: DemoPlcBench): Promise<void> {
    this.stage = { kind: 'running', done: 0, total: 1 };
    const report = await testPlcConnection(config, {
      plcPort,
      balancePort,
      ...(demo ? { clock: demo.clock } : {}),
      onProgress: (done, total) => {
        this.stage = { kind: 'running', done, total };
      },
    });
    this.stage = { kind: 'done', report };
  }

  private renderRow(r: RegisterProbe) {
    const key = r.path.split('.').pop() ?? '';
    const unit = r.def.unit ?? (key === 'counter' || key === 'pulses' ? st('bs.unit.pulses') : (defaultUnits[key] ?? ''));
    const check = r.plausibility === 'failed' ? st('bs.test.failed', { error: said(r.error) }) : st(`bs.test.${r.plausibility}`);
    const cls = r.plausibility === 'ok' ? 'good' : r.plausibility === 'out-of-range' ? 'warn' : 'bad';
    const value = r.value === null ? '—' : Number.isFinite(r.value) ? r.value.toLocaleString(locale(), { maximumFractionDigits: 3 }) : String(r.value);
    return html`<tr data-testid="bs-test-row" data-path=${r.path} data-plausibility=${r.plausibility}>
      <td>${fieldLabel(`setup.${r.path}`, locale(), this.config)}</td>
      <td class="value" data-testid="bs-test-value">${value}</td>
      <td>${unit}</td>
      <td class=${cls}>${check}</td>
    </tr>`;
  }

  private renderReport(report: ConnectionReport) {
    const plc = report.plc.ok ? html`<span class="good">${st('bs.test.plcOk', { flow: report.plc.flowLph.toLocaleString(locale(), { maximumFractionDigits: 2 }) })}</span>` : html`<span class="bad">${st('bs.test.plcFailed', { error: said(report.plc.error) })}</span>`;
    const b = report.balance;
    const balance = b === null ? '' : b.ok ? html`<span class="good">${st('bs.test.balanceOk', { sn: b.sn })}</span>` : html`<span class="bad">${st('bs.test.balanceFailed', { error: said(b.error) })}</span>`;
    return html`<div data-testid="bs-test-result">
      <p class="who" data-testid="bs-test-plc" data-ok=${String(report.plc.ok)}>${plc}</p>
      ${b === null ? '' : html`<p class="who" data-testid="bs-test-balance" data-ok=${String(b.ok)}>${balance}</p>`}
      <table>
        <thead><tr><th>${st('bs.test.col.field')}</th><th>${st('bs.test.col.value')}</th><th>${st('bs.test.col.unit')}</th><th>${st('bs.test.col.check')}</th></tr></thead>
        <tbody>${report.registers.map((r) => this.renderRow(r))}</tbody>
      </table>
      <p>${st('bs.test.done')}</p>
    </div>`;
  }

  override render() {
    const s = this.stage;
    const busy = s.kind === 'running';
    return html`
      <div class="bar">
        <label>${st('bs.test.source')}
          <select data-testid="bs-test-source" .value=${this.source} ?disabled=${busy} @change=${(e: Event) => (this.source = (e.target as HTMLSelectElement).value === 'serial' ? 'serial' : 'demo')}>
            <option value="demo" ?selected=${this.source === 'demo'}>${st('bs.test.demo')}</option>
            <option value="serial" ?selected=${this.source === 'serial'}>${st('bs.test.serial')}</option>
          </select>
        </label>
        <button data-testid="bs-test" ?disabled=${busy || this.config === null} @click=${() => void this.start()}>${st('bs.test')}</button>
        ${s.kind === 'pick-balance'
          ? html`<span class="prompt">${st('bs.test.pickBalance')}</span><button data-testid="bs-test-pick-balance" @click=${() => void this.pickBalance(s.plcPort)}>${st('bs.test.pickBalanceButton')}</button>`
          : ''}
        ${s.kind === 'running' ? html`<progress data-testid="bs-test-progress" value=${s.done} max=${s.total}></progress><span>${st('bs.test.running', { done: s.done, total: s.total })}</span>` : ''}
        ${s.kind === 'note' ? html`<span class="prompt" data-testid="bs-test-note">${s.text}</span>` : ''}
      </div>
      ${s.kind === 'done' ? this.renderReport(s.report) : ''}
    `;
  }
}

customElements.define('erjian-connection-test', ConnectionTestPanel);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-connection-test': ConnectionTestPanel;
  }
}
