import { LitElement, css, html } from 'lit';
import './admin-login.ts';
import './admin-devices.ts';
import './sync-alarms.ts';
import '../supervision/admin-authorisation.ts';
import '../supervision/admin-recalls.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { adminApi, type EnterpriseView, type SessionView } from './adminApi.ts';
import { adminErrorText } from './adminText.ts';
import { at } from './messages.ts';

type State = { state: 'loading' } | { state: 'signed-out' } | { state: 'error'; text: string } | { state: 'signed-in'; session: SessionView };

/**
 * #/admin — the sync server's admin screens in the PWA: sign in, then an enterprise's
 * devices (docs/sync.md "Access"). An enterprise admin manages their own enterprise; the
 * city-wide admin chooses one.
 */
export class AdminView extends LitElement {
  static override properties = { status: { state: true }, enterprises: { state: true }, chosen: { state: true } };
  declare status: State;
  declare enterprises: EnterpriseView[];
  declare chosen: string | null;

  constructor() {
    super();
    new LocaleController(this);
    this.status = { state: 'loading' };
    this.enterprises = [];
    this.chosen = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const session = await adminApi.me();
      if (session) await this.signedIn(session);
      else this.status = { state: 'signed-out' };
    } catch (err) {
      this.status = { state: 'error', text: adminErrorText(err) };
    }
  }

  private async signedIn(session: SessionView): Promise<void> {
    this.status = { state: 'signed-in', session };
    this.enterprises = await adminApi.enterprises().catch(() => []);
    this.chosen = session.user.enterpriseId ?? this.enterprises[0]?.id ?? null;
  }

  private async signOut(): Promise<void> {
    await adminApi.logout().catch(() => undefined);
    this.status = { state: 'signed-out' };
  }

  static override styles = css`
    :host { display: block; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem 1.2rem; margin-bottom: 1.2rem; }
    h2 { margin: 0; font-size: 1.5rem; }
    .who { margin-left: auto; color: var(--erjian-muted); }
    .enterprise { font-size: 1.15rem; font-weight: 700; }
    select { font: inherit; padding: 0.3rem 0.5rem; border-radius: 8px; border: 2px solid #c3ccd6; }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.35rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
    button:focus-visible, select:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    .error { color: var(--erjian-danger); font-weight: 700; }
    .alarms { margin-top: 1.2rem; }
  `;

  private renderSignedIn(session: SessionView) {
    const own = session.user.enterpriseId;
    const name = (id: string) => this.enterprises.find((e) => e.id === id)?.name ?? id;
    return html`
      <div class="bar">
        <h2>${at('admin.heading')}</h2>
        ${own !== null
          ? html`<span class="enterprise" data-testid="admin-enterprise">${name(own)}</span>`
          : html`<label>${at('admin.noEnterprise')}
              <select @change=${(e: Event) => (this.chosen = (e.target as HTMLSelectElement).value)}>
                ${this.enterprises.map((e) => html`<option value=${e.id} ?selected=${e.id === this.chosen}>${e.name}</option>`)}
              </select></label>`}
        <span class="who">${at('admin.signedInAs', { name: session.user.displayName })}</span>
        <button @click=${this.signOut} data-testid="admin-sign-out">${at('admin.signOut')}</button>
      </div>
      ${this.chosen
        ? html`<erjian-admin-authorisation .session=${session} .enterpriseId=${this.chosen}></erjian-admin-authorisation>
            <erjian-admin-devices .enterpriseId=${this.chosen}></erjian-admin-devices>
            <erjian-admin-recalls .session=${session} .enterpriseId=${this.chosen}></erjian-admin-recalls>
            <erjian-sync-alarms class="alarms" .enterpriseId=${this.chosen}></erjian-sync-alarms>`
        : ''}
    `;
  }

  override render() {
    const s = this.status;
    if (s.state === 'loading') return html`<p role="status">${at('admin.loading')}</p>`;
    if (s.state === 'error') return html`<p class="error" role="alert">${s.text}</p>`;
    if (s.state === 'signed-out') return html`<erjian-admin-login @signed-in=${(e: CustomEvent<SessionView>) => this.signedIn(e.detail)}></erjian-admin-login>`;
    return this.renderSignedIn(s.session);
  }
}

customElements.define('erjian-admin', AdminView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-admin': AdminView;
  }
}
