import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { CertificateError, issueCertificate, issueNotice, loadCertificateData } from '../../store/certificates.ts';
import type { CertificateBlock } from '../../domain/index.ts';
import type { Certificate, NoticeBlock } from '../../store/index.ts';
import { readSyncState } from '../../store/syncState.ts';
import { appStore } from '../appStore.ts';
import { printTitle } from '../printTitle.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { errorText, shownError } from '../i18n/errorText.ts';
import { defaultProfile } from '../../domain/index.ts';
import { locale, t } from '../i18n/i18n.ts';
import { Task, TaskStatus, initialState, loadStyles, renderLoad } from '../load.ts';
import { hrefOf } from '../route.ts';
import { softwareIdentity } from '../softwareIdentity.ts';
import { certificateDocument, documentStyles, noticeDocument } from './certificateDocument.ts';
import { certificateModel, type CertificateModel } from './certificateModel.ts';
import { blockText, fill } from './certificateText.ts';
import { PageStyle, pageCounterContent } from './pageStyle.ts';

const PAGE = '@page { size: A4; margin: 15mm 15mm 18mm; }';

export type BatchDocumentKind = 'certificate' | 'notice';

/** What differs between the certificate and the notice screens. */
interface KindParts {
  /** prefix of the screen's test ids */
  id: 'cert' | 'notice';
  record(m: CertificateModel): Certificate | null;
  decision(m: CertificateModel): { allowed: true } | { allowed: false; blocks: (CertificateBlock | NoticeBlock)[] };
  changed(m: CertificateModel): boolean;
  document(m: CertificateModel): TemplateResult;
  issue: typeof issueCertificate;
  inForceCode: 'certificate-in-force' | 'notice-in-force';
}

const KINDS: Record<BatchDocumentKind, KindParts> = {
  certificate: {
    id: 'cert',
    record: (m) => m.inForce,
    decision: (m) => m.issuance.certificate,
    changed: (m) => m.changedSinceIssue,
    document: certificateDocument,
    issue: issueCertificate,
    inForceCode: 'certificate-in-force',
  },
  notice: {
    id: 'notice',
    record: (m) => m.notice,
    decision: (m) => m.noticeIssuance,
    changed: (m) => m.noticeChangedSinceIssue,
    document: noticeDocument,
    issue: issueNotice,
    inForceCode: 'notice-in-force',
  },
};

/** An instant as the pilot's clock shows it (docs/rules.md R-DATE): the printed date's day, whatever this PC's zone. */
function pilotTime(iso: string | null): string {
  if (iso === null) return '—';
  const timeZone = defaultProfile.timeZone.value;
  return `${new Date(iso).toLocaleString(locale(), { timeZone, dateStyle: 'medium', timeStyle: 'short' })} (${timeZone})`;
}

/**
 * A printable A4 batch document: the 检定证书 (issue 5) for the conforming meters, or (in
 * the subclass below) the 检定结果通知书 for the failed ones. When issuing is blocked (no
 * authorisation cached, expired / suspended / revoked, outside the pilot scope, a bench
 * above MPE/5, no meter to list), a notice says every reason — on the screen and on a
 * printed draft — and there is no issue button; otherwise the approver types their name
 * and issues it (store `issueCertificate` / `issueNotice`, which check again as they
 * write), then prints. Screen-only controls are hidden in print; the page is A4 with 15 mm
 * margins. "Today" is the pilot's date of the browser's clock (certificateModel).
 */
export class CertificateView extends LitElement {
  static override properties = {
    batchId: { type: String },
    approver: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare batchId: string;
  declare approver: string;
  declare busy: boolean;
  declare error: string | null;
  protected readonly kind: BatchDocumentKind = 'certificate';
  private readonly page = new PageStyle(PAGE);

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.batchId = '';
    this.approver = '';
    this.busy = false;
    this.error = null;
  }

  static override styles = [
    documentStyles,
    loadStyles,
    css`
      :host { display: block; }
      .controls { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: center; margin: 0 auto 1rem; max-width: 210mm; font-size: 1.05rem; }
      .controls a { color: var(--erjian-primary); }
      .controls input { font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #8a99a8; border-radius: 6px; width: 10rem; }
      button { font: inherit; padding: 0.5rem 1.3rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
      button[disabled] { opacity: 0.5; cursor: default; }
      button.secondary { background: #fff; color: var(--erjian-primary); }
      .blocked { max-width: 210mm; margin: 0 auto 1rem; box-sizing: border-box; background: #fdecee; border: 2px solid #b00020; border-radius: 8px; padding: 0.8rem 1.2rem; color: #15202b; }
      .blocked strong { color: #b00020; font-size: 1.15rem; }
      .blocked ul { margin: 0.4rem 0 0; padding-left: 1.4rem; font-size: 1.05rem; line-height: 1.6; }
      .loading, .load-error, .missing { max-width: 210mm; margin: 0 auto 1rem; }
      .info { max-width: 210mm; margin: 0 auto 1rem; color: #0a6b2b; font-weight: 600; }
      .warn { max-width: 210mm; margin: 0 auto 1rem; color: #8a4b00; }
      .error { max-width: 210mm; margin: 0 auto 1rem; color: #b00020; font-weight: 600; }
      @media print {
        .screen-only { display: none !important; }
        /* a printed draft says why it cannot be issued, above the document */
        .blocked { border-width: 1px; border-radius: 0; background: none; padding: 2mm 4mm; margin: 0 0 3mm; font-size: 9pt; }
        .blocked strong { font-size: 10pt; }
        .blocked ul { font-size: 9pt; line-height: 1.4; }
      }
    `,
  ];

  private parts(): KindParts {
    return KINDS[this.kind];
  }

  private documentTitle(): string {
    return this.kind === 'certificate' ? t('cert.title') : t('notice.title');
  }

  /** A saved PDF is named after the document, not the app (ui/printTitle.ts). */
  private readonly printName = printTitle(() => {
    const m = this.model();
    const c = m !== null ? this.parts().record(m) : null;
    return `${this.documentTitle()} ${c !== null ? c.id : this.batchId}`;
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

  /** The batch's certificate data, as a model (ui/load.ts); null: no such batch. */
  private readonly data = new Task(this, {
    args: () => [this.batchId] as const,
    task: async ([batchId]): Promise<CertificateModel | null | typeof initialState> => {
      if (batchId === '') return initialState;
      const { db } = await appStore();
      try {
        const model = certificateModel(await loadCertificateData(db, batchId));
        // The institute's name as the sync pull brought it (docs/sync.md "Pull"); blank before one.
        return { ...model, institution: (await readSyncState(db)).institution };
      } catch (err) {
        if ((err as { code?: unknown }).code === 'unknown-batch') return null;
        throw err;
      }
    },
  });

  private model(): CertificateModel | null {
    return this.data.status === TaskStatus.COMPLETE ? (this.data.value ?? null) : null;
  }

  /** Every printed page names the document (or the draft's batch) and counts the pages. */
  protected override updated(): void {
    const m = this.model();
    if (m === null) return;
    const c = this.parts().record(m);
    const cert = this.kind === 'certificate';
    const footer =
      c !== null ? fill(cert ? t('cert.footer') : t('notice.footer'), { number: c.id }) : fill(cert ? t('cert.footerDraft') : t('notice.footerDraft'), { batch: this.batchId });
    this.page.update(`${PAGE.slice(0, -1)} @bottom-center { content: ${pageCounterContent(footer)}; font-size: 8pt; color: #333; } }`);
  }

  private async issue(): Promise<void> {
    this.busy = true;
    this.error = null;
    const parts = this.parts();
    try {
      const { db } = await appStore();
      await parts.issue(db, { batchId: this.batchId, issuedBy: this.approver.trim(), software: { version: softwareIdentity.version, sha256: softwareIdentity.sha256 } });
      await this.data.run();
    } catch (err) {
      // Blocked while the page was open (e.g. the cache changed): reload shows the reasons.
      if (err instanceof CertificateError && err.code !== parts.inForceCode) await this.data.run();
      this.error = err instanceof CertificateError && err.code === 'issuance-blocked' ? null : errorText(shownError(err));
    } finally {
      this.busy = false;
    }
  }

  private links(m: CertificateModel) {
    const id = this.batchId;
    const back = html`<a href=${hrefOf({ view: 'batch', batchId: id })}>${t('cert.back')}</a>`;
    if (this.kind === 'notice') return html`${back} <a href=${hrefOf({ view: 'certificate', batchId: id })} data-testid="notice-certificate-link">${t('notice.toCertificate')}</a>`;
    return html`${back} <a href=${hrefOf({ view: 'labels', batchId: id })} data-testid="cert-labels-link">${t('cert.labels')}</a>
      ${m.counts.failed > 0 ? html`<a href=${hrefOf({ view: 'notice', batchId: id })} data-testid="cert-notice-link">${t('cert.notice')}</a>` : nothing}`;
  }

  private renderControls(m: CertificateModel) {
    const p = this.parts();
    if (p.record(m) !== null) {
      return html`<div class="controls screen-only">
        ${this.links(m)}
        <button data-testid=${`${p.id}-print`} @click=${() => window.print()}>${t('cert.print')}</button>
      </div>`;
    }
    if (!p.decision(m).allowed) return html`<div class="controls screen-only">${this.links(m)}</div>`;
    return html`<div class="controls screen-only">
      ${this.links(m)}
      <label>${t('cert.approverLabel')} <input data-testid=${`${p.id}-approver`} .value=${this.approver} @input=${(e: Event) => (this.approver = (e.target as HTMLInputElement).value)} /></label>
      <button data-testid=${`${p.id}-issue`} ?disabled=${this.busy || this.approver.trim() === ''} @click=${() => void this.issue()}>
        ${this.busy ? t('cert.issuing') : this.kind === 'certificate' ? t('cert.issue') : t('notice.issue')}
      </button>
    </div>`;
  }

  private renderNotices(m: CertificateModel) {
    const p = this.parts();
    const d = p.decision(m);
    const record = p.record(m);
    const cert = this.kind === 'certificate';
    return html`
      ${!d.allowed
        ? html`<div class="blocked" role="alert" data-testid=${`${p.id}-blocked`}>
            <strong>${cert ? t('cert.blockedHeading') : t('notice.blockedHeading')}</strong>
            <ul>
              ${d.blocks.map((b) => html`<li data-testid=${`${p.id}-block`} data-code=${b.code}>${blockText(b)}</li>`)}
            </ul>
          </div>`
        : nothing}
      ${record !== null
        ? html`<p class="info screen-only" data-testid=${`${p.id}-issued`}>
            ${fill(cert ? t('cert.issuedNote') : t('notice.issuedNote'), { id: record.id, at: pilotTime(record.issuedAt), by: record.issuedBy ?? '' })}
          </p>`
        : nothing}
      ${p.changed(m) ? html`<p class="warn screen-only">${cert ? t('cert.changedSince') : t('notice.changedSince')}</p>` : nothing}
      ${this.error !== null ? html`<p class="error screen-only" role="alert">${this.error}</p>` : nothing}
    `;
  }

  override render() {
    return renderLoad(
      this.data,
      (m) =>
        m === null
          ? html`<p class="missing" data-testid="cert-missing">${t('cert.notFound')}: ${this.batchId}</p>`
          : html`${this.renderControls(m)} ${this.renderNotices(m)} ${this.parts().document(m)}`,
      // Read again after issuing: the document stays while it is.
      { loading: t('cert.loading'), keep: (m) => m !== null && m.data.batch.id === this.batchId },
    );
  }
}

customElements.define('erjian-certificate', CertificateView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-certificate': CertificateView;
  }
}
