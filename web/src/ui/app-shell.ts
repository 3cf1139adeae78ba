import { LitElement, css, html } from 'lit';
import './about-panel.ts';
import './device-notice.ts';
import './home-view.ts';
import './stats-demo-view.ts';
import './bench/bench-view.ts';
import './batches/batches-view.ts';
import './batches/batch-detail-view.ts';
import './meter/meter-view.ts';
import './sessions/sessions-view.ts';
import './sessions/session-view.ts';
import './certificate/certificate-view.ts';
import './certificate/notice-view.ts';
import './certificate/labels-view.ts';
import './sync/sync-button.ts';
import './sync/sync-view.ts';
import './admin/admin-view.ts';
import './regulator/regulator-view.ts';
import './supervision/institute-view.ts';
import './settings/bench-settings-view.ts';
import { LocaleController } from './i18n/localeController.ts';
import { locale, setLocale, t } from './i18n/i18n.ts';
import { appStatus, onAppStatus } from './appStatus.ts';
import { applyUpdate } from './serviceWorker.ts';
import { parseRoute, type Route, type View } from './route.ts';
import { installTokens } from './tokens.ts';

// The colours every screen names by role (ui/tokens.ts), on the document before any is drawn.
installTokens();

/**
 * The application frame: title bar, navigation, language switch and the current view.
 * Views are chosen by the URL hash so a bookmark or a reload keeps the place.
 */
export class AppShell extends LitElement {
  static override properties = { route: { state: true } };
  declare route: Route;
  /** The bench screen stays alive once opened: leaving it must not drop a running session. */
  private benchOpened = false;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.route = parseRoute(location.hash);
  }

  private get view(): View {
    return this.route.view;
  }

  private readonly onHashChange = (): void => {
    this.route = parseRoute(location.hash);
  };

  private offStatus: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.offStatus = onAppStatus(() => this.requestUpdate());
    window.addEventListener('hashchange', this.onHashChange);
    document.documentElement.lang = locale();
    document.title = t('app.title');
  }

  override disconnectedCallback(): void {
    this.offStatus?.();
    window.removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  override updated(): void {
    document.title = t('app.title');
  }

  private toggleLocale(): void {
    setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN');
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 100vh; }
    /* The title block gives way (its subtitle is cut with an ellipsis, never wrapped, so the
       header is as tall in every language) before the navigation does: a link or the language
       button never breaks inside ("中" over "文"); on a narrow window the navigation moves to a
       row of its own. The bottom padding leaves room for the sync state hanging below its button. */
    header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem 1.5rem; padding: 0.8rem 1.5rem 1.3rem; background: var(--erjian-primary); color: #fff; }
    header > div { flex: 1 1 20rem; min-width: 0; }
    header img { width: 44px; height: 44px; }
    h1 { font-size: 1.7rem; margin: 0; font-weight: 700; white-space: nowrap; }
    .subtitle { font-size: 0.85rem; opacity: 0.85; margin: 0.1rem 0 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    nav { display: flex; gap: 0.5rem; margin-left: auto; align-items: center; flex: none; }
    nav a, nav button { font: inherit; font-size: 1.1rem; white-space: nowrap; color: #fff; text-decoration: none; padding: 0.5rem 1rem; border-radius: 8px; border: 2px solid transparent; background: none; cursor: pointer; }
    nav a[aria-current='page'] { background: rgba(255, 255, 255, 0.18); }
    nav a:focus-visible, nav button:focus-visible { border-color: #ffd24d; outline: none; }
    nav button { border-color: rgba(255, 255, 255, 0.6); }
    .banner { background: #fff4e0; color: #15202b; border-bottom: 2px solid #c77800; padding: 0.6rem 1.5rem; font-size: 1.1rem; display: flex; gap: 1rem; align-items: center; }
    .banner button { font: inherit; padding: 0.3rem 1rem; border-radius: 6px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
    main { flex: 1; padding: 2rem 1.5rem; max-width: 1100px; width: 100%; box-sizing: border-box; margin: 0 auto; }
    /* The bench screen uses the whole width of a 1366 × 768 bench PC: ten positions on one screen. */
    main.bench { max-width: none; padding: 0 0.75rem 1.5rem; }
    .card { background: #fff; border-radius: 12px; padding: 1.5rem 2rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    .lead { font-size: 1.15rem; line-height: 1.7; }
    /* Printing (certificate, labels): only the document, no app frame. */
    @media print {
      header, .banner { display: none; }
      main { padding: 0; max-width: none; }
    }
  `;

  private renderView() {
    const r = this.route;
    if (r.view === 'about') return html`<div class="card"><erjian-about></erjian-about></div>`;
    if (r.view === 'sync') return html`<erjian-sync></erjian-sync>`;
    if (r.view === 'admin') return html`<erjian-admin></erjian-admin>`;
    if (r.view === 'regulator') return html`<erjian-regulator></erjian-regulator>`;
    if (r.view === 'institute') return html`<erjian-institute></erjian-institute>`;
    if (r.view === 'bench-settings') return html`<erjian-bench-settings></erjian-bench-settings>`;
    if (r.view === 'stats') return html`<erjian-stats-demo></erjian-stats-demo>`;
    if (r.view === 'batches') return html`<erjian-batches></erjian-batches>`;
    if (r.view === 'batch') return html`<erjian-batch-detail .batchId=${r.batchId}></erjian-batch-detail>`;
    if (r.view === 'certificate') return html`<erjian-certificate .batchId=${r.batchId}></erjian-certificate>`;
    if (r.view === 'notice') return html`<erjian-notice .batchId=${r.batchId}></erjian-notice>`;
    if (r.view === 'labels') return html`<erjian-labels .batchId=${r.batchId}></erjian-labels>`;
    if (r.view === 'meter') return html`<erjian-meter-record .serial=${r.serial}></erjian-meter-record>`;
    if (r.view === 'sessions') return html`<erjian-sessions></erjian-sessions>`;
    if (r.view === 'session') return html`<erjian-session .sessionId=${r.sessionId}></erjian-session>`;
    return html`<erjian-home></erjian-home>`;
  }

  private renderBanners() {
    const st = appStatus();
    return html`
      <erjian-device-notice></erjian-device-notice>
      ${st.dbReplaced ? html`<div class="banner" role="alert">${t('banner.dbReplaced')} <button @click=${() => location.reload()}>${t('banner.reload')}</button></div>` : ''}
      ${st.updateWaiting
        ? html`<div class="banner" role="status" data-testid="update-banner">
            ${t('banner.update')}
            ${st.sessionRunning
              ? html`<span>${t('banner.updateAfterSession')}</span>`
              : html`<button data-testid="update-apply" @click=${() => applyUpdate()}>${t('banner.updateNow')}</button>`}
          </div>`
        : ''}
    `;
  }

  private renderBench() {
    if (this.view === 'bench') this.benchOpened = true;
    return this.benchOpened ? html`<erjian-bench ?hidden=${this.view !== 'bench'}></erjian-bench>` : '';
  }

  override render() {
    const link = (v: View, href: string, label: string) =>
      html`<a href=${href} aria-current=${this.view === v || (v === 'batches' && (this.view === 'batch' || this.view === 'certificate' || this.view === 'notice' || this.view === 'labels')) ? 'page' : 'false'}>${label}</a>`;
    return html`
      <header>
        <img src="/icons/icon.svg" alt="" />
        <div>
          <h1 data-testid="app-title">${t('app.title')}</h1>
          <p class="subtitle" title=${t('app.subtitle')}>${t('app.subtitle')}</p>
        </div>
        <nav>
          ${link('home', '#/', t('nav.home'))} ${link('bench', '#/bench', t('nav.bench'))} ${link('batches', '#/batches', t('nav.batches'))}
          ${link('stats', '#/stats', t('nav.statsDemo'))}
          ${link('about', '#/about', t('nav.about'))}
          <erjian-sync-button></erjian-sync-button>
          <button @click=${this.toggleLocale} aria-label=${t('nav.languageLabel')} data-testid="lang-switch">
            ${t('nav.language')}
          </button>
        </nav>
      </header>
      ${this.renderBanners()}
      <main class=${this.view === 'bench' ? 'bench' : ''}>${this.view === 'bench' ? '' : this.renderView()} ${this.renderBench()}</main>
    `;
  }
}

customElements.define('erjian-app', AppShell);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-app': AppShell;
  }
}
