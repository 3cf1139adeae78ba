import { LitElement, css, html } from 'lit';
import { verifyIntegrity, type IntegrityReport } from '../store/integrity.ts';
import { appStore } from './appStore.ts';
import { errorText, shownError, type ShownError } from './i18n/errorText.ts';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';
import { chainBreakText, checkpointProblemText, fill } from './meter/meterText.ts';

/**
 * "Verify integrity" for this PC's whole original record: recomputes the hash chain from
 * the first line and checks every signed checkpoint (store/integrity.ts), with progress
 * for a long chain, and names the first broken link by its seq (docs/rules.md R-RECORD; OIML D 31
 * integrity protection). Read-only: it never repairs anything.
 */
export class IntegrityPanel extends LitElement {
  static override properties = { report: { state: true }, running: { state: true }, done: { state: true }, total: { state: true }, error: { state: true } };
  declare report: IntegrityReport | null;
  declare running: boolean;
  declare done: number;
  declare total: number;
  declare error: ShownError | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.report = null;
    this.running = false;
    this.done = 0;
    this.total = 0;
    this.error = null;
  }

  static override styles = css`
    :host { display: block; margin-top: 1.5rem; }
    h3 { margin: 0 0 0.4rem; }
    .lead { color: #4a5a6a; margin: 0 0 0.8rem; }
    button { font: inherit; font-size: 1.1rem; padding: 0.5rem 1.4rem; border-radius: 8px; border: 2px solid #0b5cab; background: #0b5cab; color: #fff; cursor: pointer; }
    button:disabled { opacity: 0.6; cursor: default; }
    button:focus-visible { outline: 3px solid #ffd24d; }
    progress { width: 100%; height: 1rem; margin-top: 0.6rem; }
    .result { margin-top: 0.8rem; padding: 0.8rem 1.2rem; border-radius: 10px; border: 3px solid; }
    .result.ok { border-color: #1b6e20; background: #e8f5e9; }
    .result.broken { border-color: #b71c1c; background: #fdecea; }
    .verdict { font-size: 1.5rem; font-weight: 900; }
    .ok .verdict { color: #1b6e20; }
    .broken .verdict, .break { color: #b71c1c; }
    .break { font-size: 1.2rem; font-weight: 700; margin: 0.4rem 0; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.5rem; margin: 0.5rem 0 0; }
    dt { color: #4a5a6a; }
    dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
    .mono { font-family: ui-monospace, monospace; font-size: 0.85rem; word-break: break-all; }
    .error { color: #b71c1c; font-weight: 700; }
  `;

  private async run(): Promise<void> {
    this.running = true;
    this.report = null;
    this.error = null;
    this.done = 0;
    try {
      const { db, device } = await appStore();
      // seq has no gaps on an intact chain, so the last seq is the line count to expect.
      const last = await db.rawLines.where('[deviceId+seq]').between([device.deviceId, 0], [device.deviceId, Number.MAX_SAFE_INTEGER], true, true).last();
      this.total = last?.seq ?? 0;
      this.report = await verifyIntegrity(db, device.deviceId, { onProgress: (n) => (this.done = n) });
    } catch (err) {
      this.error = shownError(err);
    } finally {
      this.running = false;
    }
  }

  private renderReport(r: IntegrityReport) {
    const problem = r.firstBreak ? chainBreakText(r.firstBreak) : r.checkpointProblem ? checkpointProblemText(r.checkpointProblem) : null;
    const seq = r.firstBreak?.seq ?? r.checkpointProblem?.seq;
    return html`<div class="result ${r.ok ? 'ok' : 'broken'}" data-testid="integrity-result" data-ok=${String(r.ok)} data-seq=${seq ?? ''}>
      <div class="verdict">${r.ok ? t('integrity.ok') : t('integrity.broken')}</div>
      ${problem ? html`<div class="break" data-testid="integrity-break">${fill(t('integrity.firstBreak'), { what: problem })}</div>` : ''}
      <dl>
        <dt>${t('integrity.lines')}</dt><dd data-testid="integrity-lines">${r.linesChecked}</dd>
        <dt>${t('integrity.checkpoints')}</dt><dd data-testid="integrity-checkpoints">${r.checkpointsChecked}</dd>
        <dt>${t('integrity.device')}</dt><dd class="mono">${r.deviceId}</dd>
      </dl>
    </div>`;
  }

  override render() {
    return html`
      <h3>${t('integrity.heading')}</h3>
      <p class="lead">${t('integrity.lead')}</p>
      <button data-testid="integrity-run" ?disabled=${this.running} @click=${this.run}>${t('integrity.run')}</button>
      ${this.running
        ? html`<div role="status">${fill(t('integrity.running'), { done: this.done, total: this.total })}</div>
            <progress max=${Math.max(1, this.total)} value=${this.done}></progress>`
        : ''}
      ${this.error ? html`<p class="error" role="alert">${errorText(this.error)}</p>` : ''}
      ${this.report ? this.renderReport(this.report) : ''}
    `;
  }
}

customElements.define('erjian-integrity', IntegrityPanel);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-integrity': IntegrityPanel;
  }
}
