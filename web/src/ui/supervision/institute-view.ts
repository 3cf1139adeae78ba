import { LitElement, css, html } from 'lit';
import '../admin/admin-login.ts';
import './institute-samplings.ts';
import './reg-authorisations.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { AdminApiError, adminApi, type SessionView } from '../admin/adminApi.ts';
import { regulatorErrorText, rt } from '../regulator/messages.ts';
import { it } from './instituteMessages.ts';

type State = { state: 'loading' } | { state: 'signed-out' } | { state: 'error'; text: string } | { state: 'signed-in'; session: SessionView };

/**
 * #/institute — the legal metrology institute's place (docs/supervision.md "Sampling"): sign
 * in, then the samplings it inspects — the meters drawn, the inspectors drawn, and each
 * meter's result, entered or imported, judged by the same rules engine as the benches —
 * and, read-only, the authorisation register of the enterprises it supervises.
 */
export class InstituteView extends LitElement {
  static override properties = { status: { state: true } };
  declare status: State;

  constructor() {
    super();
    new LocaleController(this);
    this.status = { state: 'loading' };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  private async start(): Promise<void> {
    try {
      const session = await adminApi.me();
      this.status = session ? { state: 'signed-in', session } : { state: 'signed-out' };
    } catch (err) {
      this.status = { state: 'error', text: regulatorErrorText(err instanceof AdminApiError ? err.reason : String(err)) };
    }
  }

  private async signOut(): Promise<void> {
    await adminApi.logout().catch(() => undefined);
    this.status = { state: 'signed-out' };
  }

  static override styles = css`
    :host { display: block; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem 1.2rem; margin-bottom: 0.6rem; }
    h2 { margin: 0; font-size: 1.5rem; }
    .who { margin-left: auto; color: var(--erjian-muted); }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.35rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
    button:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    .error { color: var(--erjian-danger); font-weight: 700; }
    h2.register { margin-top: 2rem; }
  `;

  override render() {
    const s = this.status;
    if (s.state === 'loading') return html`<p role="status">…</p>`;
    if (s.state === 'error') return html`<p class="error" role="alert">${s.text}</p>`;
    if (s.state === 'signed-out') return html`<erjian-admin-login @signed-in=${(e: CustomEvent<SessionView>) => (this.status = { state: 'signed-in', session: e.detail })}></erjian-admin-login>`;
    return html`
      <div class="bar">
        <h2>${it('inst.heading')}</h2>
        <span class="who">${rt('reg.signedInAs', { name: s.session.user.displayName })}</span>
        <button @click=${this.signOut}>${rt('reg.signOut')}</button>
      </div>
      <erjian-institute-samplings .session=${s.session}></erjian-institute-samplings>
      <h2 class="register">${it('inst.register')}</h2>
      <erjian-reg-authorisations .session=${s.session}></erjian-reg-authorisations>
    `;
  }
}

customElements.define('erjian-institute', InstituteView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-institute': InstituteView;
  }
}
