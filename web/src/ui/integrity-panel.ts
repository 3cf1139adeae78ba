import { LitElement, css, html } from 'lit';
import { verifyIntegrity, type IntegrityReport } from '../store/integrity.ts';
import { receiptAnchors } from '../store/syncState.ts';
import { appStore } from './appStore.ts';
import { errorText, shownError, type ShownError } from './i18n/errorText.ts';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';
import { fill, integrityProblemText } from './meter/meterText.ts';

/** Problems listed under the first one; the rest are counted. */
const LISTED = 8;

/**
 * "Verify integrity" for this PC's whole original record (store/integrity.ts; docs/records.md
 * "What the checks hold"): the raw-line chain from the first line, every signed checkpoint,
 * the record chain, the sessions, against the key pinned at enrolment — with progress for a
 * long chain, every problem named and located, and lines no checkpoint covers yet shown as
 * unsigned (未签名), never as OK (docs/rules.md R-RECORD; OIML D 31 integrity protection).
 * Read-only: it never repairs anything.
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
    button { font: inherit; font-size: 1.1rem; padding: 0.5rem 1.4rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
    button:disabled { opacity: 0.6; cursor: default; }
    button:focus-visible { outline: 3px solid #ffd24d; }
    progress { width: 100%; height: 1rem; margin-top: 0.6rem; }
    .result { margin-top: 0.8rem; padding: 0.8rem 1.2rem; border-radius: 10px; border: 3px solid; }
    .result.ok { border-color: #1b6e20; background: #e8f5e9; }
    .result.broken { border-color: #b71c1c; background: #fdecea; }
    .result.unsigned { border-color: #8a5300; background: #fff6e5; }
    .unsigned-note { color: #8a5300; font-size: 1.2rem; font-weight: 800; margin: 0.4rem 0; }
    .problems { margin: 0.3rem 0 0.6rem; padding-left: 1.2rem; color: #b71c1c; }
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
      // The server's signed receipts say what it holds: the local record must still agree (docs/records.md).
      const anchors = await receiptAnchors(db, device.deviceId);
      this.report = await verifyIntegrity(db, device.deviceId, { onProgress: (n) => (this.done = n), anchors });
    } catch (err) {
      this.error = shownError(err);
    } finally {
      this.running = false;
    }
  }

  private renderReport(r: IntegrityReport) {
    const first = r.firstProblem;
    const seq = first?.seq ?? first?.recordSeq ?? r.unsigned?.fromSeq;
    const verdict = r.status === 'ok' ? t('integrity.ok') : r.status === 'broken' ? t('integrity.broken') : '';
    const unsigned = r.unsigned ? fill(t('integrity.unsigned'), { from: r.unsigned.fromSeq, to: r.unsigned.toSeq, count: r.unsigned.toSeq - r.unsigned.fromSeq + 1 }) : null;
    const rest = r.problems.slice(1, 1 + LISTED);
    return html`<div class="result ${r.status === 'ok' ? 'ok' : r.status}" data-testid="integrity-result" data-ok=${String(r.ok)} data-status=${r.status} data-code=${first?.code ?? ''} data-seq=${seq ?? ''}>
      ${verdict ? html`<div class="verdict">${verdict}</div>` : ''}
      ${first ? html`<div class="break" data-testid="integrity-break">${fill(t('integrity.firstBreak'), { what: integrityProblemText(first) })}</div>` : ''}
      ${rest.length > 0
        ? html`<ul class="problems" data-testid="integrity-problems">
            ${rest.map((p) => html`<li data-code=${p.code}>${integrityProblemText(p)}</li>`)}
            ${r.problems.length > 1 + LISTED ? html`<li>${fill(t('integrity.more'), { count: r.problems.length - 1 - LISTED })}</li>` : ''}
          </ul>`
        : ''}
      ${unsigned ? html`<div class="unsigned-note" data-testid="integrity-unsigned">${unsigned}</div>` : ''}
      <dl>
        <dt>${t('integrity.lines')}</dt><dd data-testid="integrity-lines">${r.linesChecked}</dd>
        <dt>${t('integrity.checkpoints')}</dt><dd data-testid="integrity-checkpoints">${r.checkpointsChecked}</dd>
        <dt>${t('integrity.records')}</dt><dd data-testid="integrity-records">${r.recordsChecked}</dd>
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
