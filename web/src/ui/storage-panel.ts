import { LitElement, css, html } from 'lit';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';
import { formatBytes, readStorageStatus, requestPersistence, type StorageStatus } from './storageStatus.ts';

/**
 * Storage used and quota, and whether storage is persistent — the operator's
 * assurance that the original record is not evicted by the browser.
 */
export class StoragePanel extends LitElement {
  static override properties = { status: { state: true } };
  declare status: StorageStatus | undefined;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.status = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    this.status = await readStorageStatus();
  }

  private async request(): Promise<void> {
    await requestPersistence();
    await this.refresh();
  }

  static override styles = css`
    :host { display: block; margin-top: 2rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.6rem 1.5rem; margin: 0; }
    dt { color: #4a5a6a; }
    dd { margin: 0; font-weight: 600; }
    .warn { color: #a15c00; }
    button { font: inherit; padding: 0.3rem 0.9rem; margin-top: 0.5rem; border-radius: 6px; border: 1px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; }
  `;

  override render() {
    const s = this.status;
    const persisted = s?.persisted;
    return html`
      <h3>${t('storage.heading')}</h3>
      <dl>
        <dt>${t('storage.used')}</dt>
        <dd data-testid="storage-used">${formatBytes(s?.usageBytes ?? null)}</dd>
        <dt>${t('storage.quota')}</dt>
        <dd data-testid="storage-quota">${formatBytes(s?.quotaBytes ?? null)}</dd>
        <dt>${t('storage.persisted')}</dt>
        <dd data-testid="storage-persisted" class=${persisted === false ? 'warn' : ''}>
          ${persisted === true ? t('storage.persisted.yes') : persisted === false ? t('storage.persisted.no') : t('storage.persisted.unknown')}
          ${persisted === false ? html`<div><button @click=${this.request}>${t('storage.request')}</button></div>` : ''}
        </dd>
      </dl>
    `;
  }
}

customElements.define('erjian-storage', StoragePanel);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-storage': StoragePanel;
  }
}
