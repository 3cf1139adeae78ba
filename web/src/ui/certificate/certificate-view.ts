import { LitElement, css, html, nothing } from 'lit';
import { CertificateError, issueCertificate, loadCertificateData } from '../../store/certificates.ts';
import { appStore } from '../appStore.ts';
import { printTitle } from '../printTitle.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { errorText, shownError } from '../i18n/errorText.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import { softwareIdentity } from '../softwareIdentity.ts';
import { certificateDocument, documentStyles } from './certificateDocument.ts';
import { certificateModel, type CertificateModel } from './certificateModel.ts';
import { blockText, fill } from './certificateText.ts';
import { PageStyle, pageCounterContent } from './pageStyle.ts';

const PAGE = '@page { size: A4; margin: 15mm 15mm 18mm; }';

type Loaded = { state: 'loading' } | { state: 'missing' } | { state: 'failed'; message: string } | { state: 'ready'; model: CertificateModel };

/**
 * The printable A4 batch certificate (issue 5). When the domain blocks issuance (no
 * authorisation cached, expired / suspended / revoked, outside the pilot scope, a bench
 * above MPE/5, no passed meter), a banner says every reason and there is no issue
 * button; otherwise the approver types their name and issues it (store
 * `issueCertificate`, which checks again as it writes), then prints. Screen-only
 * controls are hidden in print; the page is A4 with 15 mm margins.
 */
export class CertificateView extends LitElement {
  static override properties = {
    batchId: { type: String },
    loaded: { state: true },
    approver: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare batchId: string;
  declare loaded: Loaded;
  declare approver: string;
  declare busy: boolean;
  declare error: string | null;
  private readonly page = new PageStyle(PAGE);

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.batchId = '';
    this.loaded = { state: 'loading' };
    this.approver = '';
    this.busy = false;
    this.error = null;
  }

  static override styles = [
    documentStyles,
    css`
      :host { display: block; }
      .controls { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: center; margin: 0 auto 1rem; max-width: 210mm; font-size: 1.05rem; }
      .controls a { color: #0b5cab; }
      .controls input { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #8a99a8; border-radius: 6px; width: 10rem; }
      button { font: inherit; padding: 0.5rem 1.3rem; border-radius: 8px; border: 2px solid #0b5cab; background: #0b5cab; color: #fff; cursor: pointer; }
      button[disabled] { opacity: 0.5; cursor: default; }
      button.secondary { background: #fff; color: #0b5cab; }
      .blocked { max-width: 210mm; margin: 0 auto 1rem; box-sizing: border-box; background: #fdecee; border: 2px solid #b00020; border-radius: 8px; padding: 0.8rem 1.2rem; color: #15202b; }
      .blocked strong { color: #b00020; font-size: 1.15rem; }
      .blocked ul { margin: 0.4rem 0 0; padding-left: 1.4rem; font-size: 1.05rem; line-height: 1.6; }
      .info { max-width: 210mm; margin: 0 auto 1rem; color: #0a6b2b; font-weight: 600; }
      .warn { max-width: 210mm; margin: 0 auto 1rem; color: #8a4b00; }
      .error { max-width: 210mm; margin: 0 auto 1rem; color: #b00020; font-weight: 600; }
      @media print {
        .screen-only { display: none !important; }
      }
    `,
  ];

  /** A saved PDF is named after the certificate, not the app (ui/printTitle.ts). */
  private readonly printName = printTitle(() => {
    const c = this.loaded.state === 'ready' ? this.loaded.model.inForce : null;
    return `${t('cert.title')} ${c !== null ? c.id : this.batchId}`;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.page.attach();
    this.printName.attach();
  }

  override disconnectedCallback(): void {
    this.page.detach();
    this.printName.detach();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('batchId') && this.batchId !== '') void this.load();
  }

  /** Every printed page names the certificate (or the draft's batch) and counts the pages. */
  protected override updated(): void {
    if (this.loaded.state !== 'ready') return;
    const c = this.loaded.model.inForce;
    const footer = c !== null ? fill(t('cert.footer'), { number: c.id }) : fill(t('cert.footerDraft'), { batch: this.batchId });
    this.page.update(`${PAGE.slice(0, -1)} @bottom-center { content: ${pageCounterContent(footer)}; font-size: 8pt; color: #333; } }`);
  }

  private async load(): Promise<void> {
    const batchId = this.batchId;
    try {
      const { db } = await appStore();
      const data = await loadCertificateData(db, batchId);
      if (batchId === this.batchId) this.loaded = { state: 'ready', model: certificateModel(data) };
    } catch (err) {
      if (batchId !== this.batchId) return;
      const code = (err as { code?: unknown }).code;
      this.loaded = code === 'unknown-batch' ? { state: 'missing' } : { state: 'failed', message: errorText(shownError(err)) };
    }
  }

  private async issue(): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const { db } = await appStore();
      await issueCertificate(db, { batchId: this.batchId, issuedBy: this.approver.trim(), software: { version: softwareIdentity.version, sha256: softwareIdentity.sha256 } });
      await this.load();
    } catch (err) {
      // Blocked while the page was open (e.g. the cache changed): reload shows the reasons.
      if (err instanceof CertificateError && err.code !== 'certificate-in-force') await this.load();
      this.error = err instanceof CertificateError && err.code === 'issuance-blocked' ? null : errorText(shownError(err));
    } finally {
      this.busy = false;
    }
  }

  private renderControls(m: CertificateModel) {
    const allowed = m.issuance.certificate.allowed;
    const back = html`<a href=${hrefOf({ view: 'batch', batchId: this.batchId })}>${t('cert.back')}</a>
      <a href=${hrefOf({ view: 'labels', batchId: this.batchId })} data-testid="cert-labels-link">${t('cert.labels')}</a>`;
    if (m.inForce !== null) {
      return html`<div class="controls screen-only">
        ${back}
        <button data-testid="cert-print" @click=${() => window.print()}>${t('cert.print')}</button>
      </div>`;
    }
    if (!allowed) return html`<div class="controls screen-only">${back}</div>`;
    return html`<div class="controls screen-only">
      ${back}
      <label>${t('cert.approverLabel')} <input data-testid="cert-approver" .value=${this.approver} @input=${(e: Event) => (this.approver = (e.target as HTMLInputElement).value)} /></label>
      <button data-testid="cert-issue" ?disabled=${this.busy || this.approver.trim() === ''} @click=${() => void this.issue()}>
        ${this.busy ? t('cert.issuing') : t('cert.issue')}
      </button>
    </div>`;
  }

  private renderNotices(m: CertificateModel) {
    const d = m.issuance.certificate;
    return html`
      ${!d.allowed
        ? html`<div class="blocked screen-only" role="alert" data-testid="cert-blocked">
            <strong>${t('cert.blockedHeading')}</strong>
            <ul>
              ${d.blocks.map((b) => html`<li data-testid="cert-block" data-code=${b.code}>${blockText(b)}</li>`)}
            </ul>
          </div>`
        : nothing}
      ${m.inForce !== null
        ? html`<p class="info screen-only" data-testid="cert-issued">
            ${fill(t('cert.issuedNote'), { id: m.inForce.id, at: new Date(m.inForce.issuedAt ?? '').toLocaleString(), by: m.inForce.issuedBy ?? '' })}
          </p>`
        : nothing}
      ${m.changedSinceIssue ? html`<p class="warn screen-only">${t('cert.changedSince')}</p>` : nothing}
      ${this.error !== null ? html`<p class="error screen-only" role="alert">${this.error}</p>` : nothing}
    `;
  }

  override render() {
    const l = this.loaded;
    if (l.state === 'loading') return html`<p>${t('cert.loading')}</p>`;
    if (l.state === 'missing') return html`<p data-testid="cert-missing">${t('cert.notFound')}: ${this.batchId}</p>`;
    if (l.state === 'failed') return html`<p class="error" role="alert">${l.message}</p>`;
    return html`${this.renderControls(l.model)} ${this.renderNotices(l.model)} ${certificateDocument(l.model)}`;
  }
}

customElements.define('erjian-certificate', CertificateView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-certificate': CertificateView;
  }
}
