import { LitElement, css, html, nothing } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import QRCode from 'qrcode';
import { loadCertificateData } from '../../store/certificates.ts';
import { appStore } from '../appStore.ts';
import { printTitle } from '../printTitle.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { Task, TaskStatus, initialState, loadStyles, renderLoad } from '../load.ts';
import { hrefOf } from '../route.ts';
import { certificateModel, type CertificateModel, type MeterRow } from './certificateModel.ts';
import { blockText, fill, meterBlockText } from './certificateText.ts';
import { lookupBaseOf, lookupUrl } from './lookupUrl.ts';
import { readSyncState } from '../../store/syncState.ts';
import { PageStyle } from './pageStyle.ts';

/** 3 × 8 labels on an A4 sheet (64 × 35 mm each inside 8 mm margins). */
export const LABELS_PER_PAGE = 24;

/**
 * Per-meter labels for the batch's issued meters: serial, model, verification date,
 * 有效期至, the 合格 mark, the enterprise and a QR code of the public lookup URL (Annex 2
 * information, docs/architecture.md flow 7), drawn by the `qrcode` library. A failed meter
 * is never labelled (pilot plan: only passed meters are published); it is listed below
 * the sheet with the reason. Big batches are paged (1, 5 or 20 sheets shown and printed at
 * once); QR codes are made only for the sheets shown.
 */
export class LabelsView extends LitElement {
  static override properties = {
    batchId: { type: String },
    page: { state: true },
    span: { state: true },
    qr: { state: true },
  };
  declare batchId: string;
  /** the first sheet shown (0-based) */
  declare page: number;
  /** how many sheets are shown (and printed) at once */
  declare span: number;
  /** SVG of the QR code per serial, for the page shown */
  declare qr: Map<string, string>;
  private readonly pageStyle = new PageStyle('@page { size: A4; margin: 8mm; }');

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.batchId = '';
    this.page = 0;
    this.span = 1;
    this.qr = new Map();
  }

  static override styles = [
    loadStyles,
    css`
    :host { display: block; }
    .controls { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: center; margin: 0 auto 1rem; max-width: 194mm; font-size: 1.05rem; }
    .controls a { color: var(--erjian-primary); }
    button { font: inherit; padding: 0.45rem 1.2rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
    button.secondary { background: #fff; color: var(--erjian-primary); }
    button[disabled] { opacity: 0.4; cursor: default; }
    select { font: inherit; padding: 0.3rem; margin-left: 0.4rem; }
    .blocked { max-width: 194mm; margin: 0 auto 1rem; box-sizing: border-box; background: #fdecee; border: 2px solid #b00020; border-radius: 8px; padding: 0.8rem 1.2rem; }
    .blocked strong { color: #b00020; font-size: 1.15rem; }
    .sheet { width: 194mm; margin: 0 auto 1rem; break-after: page; display: grid; grid-template-columns: repeat(3, 64mm); grid-auto-rows: 35mm; gap: 0 1mm; background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.15); }
    .label { box-sizing: border-box; border: 1px dashed #aaa; padding: 1.5mm 2mm; display: grid; grid-template-columns: 24mm 1fr; gap: 0 2mm; overflow: hidden; color: #000; font-size: 7.5pt; line-height: 1.3; break-inside: avoid; }
    .qr { width: 24mm; height: 24mm; align-self: center; }
    .qr svg { width: 100%; height: 100%; display: block; }
    .scan { grid-column: 1; font-size: 6pt; white-space: nowrap; text-align: center; color: #333; }
    .text { grid-column: 2; grid-row: 1 / span 2; display: flex; flex-direction: column; gap: 0.3mm; min-width: 0; }
    .mark { align-self: flex-start; border: 1.5px solid #0a6b2b; color: #0a6b2b; font-weight: 700; font-size: 9pt; padding: 0 1.5mm; border-radius: 1mm; }
    .serial { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 700; font-size: 10pt; word-break: break-all; }
    .ent { color: #333; font-size: 6.5pt; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
    .k { color: #444; }
    .unlabelled { max-width: 194mm; margin: 1.5rem auto; }
    /* the messages sit in the sheets' column, like the controls above them */
    .none, .loading, .load-error, .missing { max-width: 194mm; margin: 0 auto 1rem; box-sizing: border-box; }
    .unlabelled li { font-family: ui-monospace, monospace; }
    .unlabelled .why { font-family: inherit; color: #b00020; margin-left: 0.8rem; }
    @media print {
      .screen-only { display: none !important; }
      .sheet { box-shadow: none; margin: 0; }
      .sheet:last-of-type { break-after: auto; }
      .label { border-color: #ddd; }
    }
  `,
  ];

  private readonly printName = printTitle(() => `${t('labels.title')} ${this.batchId}`);

  override connectedCallback(): void {
    super.connectedCallback();
    this.pageStyle.attach();
    this.printName.attach();
  }

  override disconnectedCallback(): void {
    this.pageStyle.detach();
    this.printName.detach();
    super.disconnectedCallback();
  }

  /** `<publicBaseUrl>` of the labels' QR codes (lookupUrl.ts) */
  private lookupBase = lookupBaseOf(null);

  /** The batch's certificate data, as a model (ui/load.ts); null: no such batch. */
  private readonly data = new Task(this, {
    args: () => [this.batchId] as const,
    task: async ([batchId], { signal }): Promise<CertificateModel | null | typeof initialState> => {
      if (batchId === '') return initialState;
      const { db } = await appStore();
      let model: CertificateModel;
      try {
        model = certificateModel(await loadCertificateData(db, batchId));
      } catch (err) {
        if ((err as { code?: unknown }).code === 'unknown-batch') return null;
        throw err;
      }
      // The QR codes open the public lookup the sync pull named (docs/sync.md "Pull").
      this.lookupBase = lookupBaseOf((await readSyncState(db)).publicBaseUrl);
      signal.throwIfAborted();
      this.page = 0;
      await this.makeQr(model, signal);
      return model;
    },
  });

  private labelled(model = this.model()): MeterRow[] {
    return model !== null ? model.rows.filter((r) => r.issuable) : [];
  }

  private model(): CertificateModel | null {
    return this.data.status === TaskStatus.COMPLETE ? (this.data.value ?? null) : null;
  }

  private visible(model = this.model()): MeterRow[] {
    return this.labelled(model).slice(this.page * LABELS_PER_PAGE, (this.page + this.span) * LABELS_PER_PAGE);
  }

  /** The QR codes of the page shown; a 10,000-meter batch never draws 10,000 at once. */
  private async makeQr(model = this.model(), signal?: AbortSignal): Promise<void> {
    const page = this.page;
    const entries = await Promise.all(
      this.visible(model).map(async (r) => [r.serial, await QRCode.toString(lookupUrl(r.serial, this.lookupBase), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })] as const),
    );
    // Only for the page (and the batch) still shown.
    if (page === this.page && signal?.aborted !== true) this.qr = new Map(entries);
  }

  private async goTo(page: number, span = this.span): Promise<void> {
    this.page = page;
    this.span = span;
    await this.makeQr();
  }

  /** The labels shown, one A4 sheet each 24. */
  private sheets(): MeterRow[][] {
    const rows = this.visible();
    return Array.from({ length: Math.ceil(rows.length / LABELS_PER_PAGE) }, (_, i) => rows.slice(i * LABELS_PER_PAGE, (i + 1) * LABELS_PER_PAGE));
  }

  private renderLabel(r: MeterRow, enterprise: string) {
    const svg = this.qr.get(r.serial);
    return html`<div class="label" data-testid="label" data-serial=${r.serial}>
      <div class="qr" data-testid="label-qr" data-url=${lookupUrl(r.serial, this.lookupBase)}>${svg === undefined ? nothing : unsafeSVG(svg)}</div>
      <div class="scan">${t('labels.scan')}</div>
      <div class="text">
        <span class="mark">✓ ${t('labels.mark')}</span>
        <span class="serial" data-testid="label-serial">${r.serial}</span>
        <span>${r.model}</span>
        <span><span class="k">${t('labels.verified')}</span> ${r.verificationDate}</span>
        <span><span class="k">${t('labels.validUntil')}</span> <strong>${r.validUntil}</strong></span>
        <span class="ent">${enterprise}</span>
      </div>
    </div>`;
  }

  private renderUnlabelled(m: CertificateModel) {
    const rows = m.rows.filter((r) => !r.issuable && r.block !== undefined && r.block !== 'certificate-blocked');
    if (rows.length === 0) return nothing;
    return html`<section class="unlabelled screen-only" data-testid="labels-unlabelled">
      <h3>${t('labels.notLabelled')}</h3>
      <ul>
        ${rows.map((r) => html`<li data-testid="unlabelled" data-serial=${r.serial}>${r.serial}<span class="why">${r.block ? meterBlockText(r.block) : ''}</span></li>`)}
      </ul>
    </section>`;
  }

  override render() {
    return renderLoad(this.data, (m) => (m === null ? html`<p class="missing">${t('cert.notFound')}: ${this.batchId}</p>` : this.renderLabels(m)), { loading: t('cert.loading') });
  }

  private renderLabels(m: CertificateModel) {
    const labelled = this.labelled();
    const pages = Math.max(1, Math.ceil(labelled.length / LABELS_PER_PAGE));
    const d = m.issuance.certificate;
    return html`
      <div class="controls screen-only">
        <a href=${hrefOf({ view: 'certificate', batchId: this.batchId })}>${t('nav.certificate')}</a>
        <span data-testid="labels-count">${fill(t('labels.count'), { n: labelled.length })}</span>
        ${labelled.length > 0
          ? html`<button class="secondary" ?disabled=${this.page === 0} @click=${() => void this.goTo(this.page - 1)}>${t('labels.prev')}</button>
              <span data-testid="labels-page">${fill(t('labels.page'), { page: this.page + 1, pages, per: LABELS_PER_PAGE })}</span>
              <button class="secondary" ?disabled=${this.page + this.span >= pages} data-testid="labels-next" @click=${() => void this.goTo(this.page + this.span)}>${t('labels.next')}</button>
              <label
                >${t('labels.span')}
                <select data-testid="labels-span" @change=${(e: Event) => void this.goTo(this.page, Number((e.target as HTMLSelectElement).value))}>
                  ${[1, 5, 20].map((n) => html`<option value=${n} ?selected=${n === this.span}>${n}</option>`)}
                </select></label
              >
              <button data-testid="labels-print" @click=${() => window.print()}>${t('cert.print')}</button>`
          : nothing}
      </div>
      ${!d.allowed
        ? html`<div class="blocked screen-only" role="alert" data-testid="labels-blocked">
            <strong>${t('labels.blockedHeading')}</strong>
            <ul>${d.blocks.map((b) => html`<li data-code=${b.code}>${blockText(b)}</li>`)}</ul>
          </div>`
        : nothing}
      ${labelled.length > 0
        ? this.sheets().map((sheet) => html`<div class="sheet" data-testid="labels-sheet">${sheet.map((r) => this.renderLabel(r, m.data.enterprise?.name ?? ''))}</div>`)
        : html`<p class="none screen-only" data-testid="labels-none">${t('labels.none')}</p>`}
      ${this.renderUnlabelled(m)}
    `;
  }
}

customElements.define('erjian-labels', LabelsView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-labels': LabelsView;
  }
}
