import { LitElement, css, html } from 'lit';
import { LocaleController } from '../i18n/localeController.ts';
import { adminApi, type SessionView } from './adminApi.ts';
import { adminErrorText } from './adminText.ts';
import { at } from './messages.ts';

/**
 * The sign-in form of the admin screens. On success it fires `signed-in` with the session
 * (the server has set its HttpOnly cookie; the password is not kept anywhere).
 */
export class AdminLogin extends LitElement {
  static override properties = { busy: { state: true }, error: { state: true } };
  declare busy: boolean;
  declare error: string | null;

  constructor() {
    super();
    new LocaleController(this);
    this.busy = false;
    this.error = null;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = null;
    try {
      const session = await adminApi.login(String(data.get('username') ?? '').trim(), String(data.get('password') ?? ''));
      form.reset();
      this.dispatchEvent(new CustomEvent<SessionView>('signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (err) {
      this.error = adminErrorText(err);
    } finally {
      this.busy = false;
    }
  }

  static override styles = css`
    :host { display: block; max-width: 30rem; margin: 0 auto; }
    .card { background: #fff; border-radius: 12px; padding: 1.6rem 2rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h2 { margin: 0 0 0.4rem; }
    .lead { color: var(--erjian-muted); line-height: 1.6; margin: 0 0 1.2rem; }
    label { display: block; font-weight: 600; margin: 0.9rem 0 0.3rem; }
    input { font: inherit; font-size: 1.15rem; width: 100%; box-sizing: border-box; padding: 0.55rem 0.7rem; border: 2px solid #c3ccd6; border-radius: 8px; }
    input:focus-visible { outline: 3px solid var(--erjian-focus); border-color: var(--erjian-primary); }
    button { font: inherit; font-size: 1.15rem; font-weight: 700; margin-top: 1.4rem; width: 100%; padding: 0.65rem; border-radius: 8px; border: none; background: var(--erjian-primary); color: var(--erjian-on-primary); cursor: pointer; }
    button:disabled { opacity: 0.6; cursor: progress; }
    button:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    .error { color: var(--erjian-danger); font-weight: 700; margin: 1rem 0 0; }
  `;

  override render() {
    return html`<form class="card" @submit=${this.submit} data-testid="admin-login">
      <h2>${at('admin.signIn.heading')}</h2>
      <p class="lead">${at('admin.signIn.lead')}</p>
      <label for="username">${at('admin.signIn.username')}</label>
      <input id="username" name="username" autocomplete="username" required maxlength="100" autofocus />
      <label for="password">${at('admin.signIn.password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200" />
      ${this.error ? html`<p class="error" role="alert" data-testid="admin-login-error">${this.error}</p>` : ''}
      <button type="submit" ?disabled=${this.busy}>${this.busy ? at('admin.signIn.busy') : at('admin.signIn.submit')}</button>
    </form>`;
  }
}

customElements.define('erjian-admin-login', AdminLogin);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-admin-login': AdminLogin;
  }
}
