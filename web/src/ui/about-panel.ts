import { LitElement, css, html } from 'lit';
import './integrity-panel.ts';
import './storage-panel.ts';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';
import { shortChecksum, softwareIdentity } from './softwareIdentity.ts';

/**
 * The About panel: the software identification of the legally relevant part
 * (version + SHA-256, OIML D 31 §6.2.2) and the regulation profile in force, so an
 * inspector can compare them with the approved figures; this PC's storage; and the
 * integrity check of the whole original record.
 *
 * @csspart checksum - the full SHA-256 checksum
 */
export class AboutPanel extends LitElement {
  static override properties = { copied: { state: true } };
  declare copied: boolean;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.copied = false;
  }

  static override styles = css`
    :host { display: block; }
    h2 { font-size: 1.6rem; margin: 0 0 1rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.6rem 1.5rem; margin: 0; }
    dt { color: #4a5a6a; }
    dd { margin: 0; font-weight: 600; }
    .checksum { font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; font-size: 0.95rem; }
    .short { font-family: ui-monospace, monospace; font-size: 1.6rem; letter-spacing: 0.08em; color: var(--erjian-primary); }
    .scope { color: #4a5a6a; font-size: 0.9rem; margin-top: 1rem; }
    button { font: inherit; padding: 0.3rem 0.9rem; margin-left: 0.8rem; border-radius: 6px; border: 1px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; }
  `;

  private async copy(): Promise<void> {
    const { version, sha256, profile } = softwareIdentity;
    await navigator.clipboard?.writeText(`erjian ${version} sha256:${sha256} profile:${profile.id}@${profile.version}`);
    this.copied = true;
  }

  override render() {
    const { version, sha256, profile } = softwareIdentity;
    return html`
      <h2>${t('about.heading')}</h2>
      <section aria-label=${t('about.softwareId')}>
        <h3>${t('about.softwareId')}</h3>
        <dl>
          <dt>${t('about.version')}</dt>
          <dd data-testid="sw-version">${version}</dd>
          <dt>${t('about.checksum')}</dt>
          <dd>
            <span class="short">${shortChecksum(sha256)}</span>
            <button @click=${this.copy}>${this.copied ? t('about.copied') : t('about.copy')}</button>
            <div class="checksum" part="checksum" data-testid="sw-sha256">${sha256}</div>
          </dd>
          <dt>${t('about.profile')}</dt>
          <dd data-testid="profile">${profile.id} · ${profile.version}</dd>
          <dt>${t('about.regulation')}</dt>
          <dd>${t('about.regulationValue')}</dd>
        </dl>
        <p class="scope">${t('about.scope')}</p>
      </section>
      <erjian-storage></erjian-storage>
      <erjian-integrity></erjian-integrity>
    `;
  }
}

customElements.define('erjian-about', AboutPanel);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-about': AboutPanel;
  }
}
