import { LitElement, css, html } from 'lit';
import '../admin/admin-login.ts';
import './reconciliation-table.ts';
import './nqi-dead-letters.ts';
import '../admin/sync-alarms.ts';
import '../supervision/reg-authorisations.ts';
import '../supervision/reg-samplings.ts';
import '../supervision/reg-penalties.ts';
import '../supervision/reg-recalls.ts';
import '../supervision/reg-risk.ts';
import { pilotDate } from '../../domain/civilDate.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { Task } from '../load.ts';
import { AdminApiError, adminApi, type SessionView } from '../admin/adminApi.ts';
import { regulatorErrorText, rt } from './messages.ts';
import { regulatorApi } from './regulatorApi.ts';

/** The regulator's places: #/regulator?tab=<tab> (docs/supervision.md); the NQI reconciliation when none is named. */
export const regulatorTabs = ['nqi', 'authorisations', 'samplings', 'penalties', 'recalls', 'risk'] as const;
export type RegulatorTab = (typeof regulatorTabs)[number];

function tabOf(hash: string): RegulatorTab {
  const tab = new URLSearchParams(hash.split('?')[1] ?? '').get('tab');
  return regulatorTabs.find((t) => t === tab) ?? 'nqi';
}

type State = { state: 'loading' } | { state: 'signed-out' } | { state: 'error'; text: string } | { state: 'signed-in'; session: SessionView };

/**
 * #/regulator — the regulator's view of the NQI publication (docs/nqi.md "Reconciliation"):
 * sign in (a regulator or a system admin), choose the verification dates (Tai'an civil
 * dates, docs/rules.md R-DATE), and see what the platform holds against what it must hold;
 * below, the dead letters, which a system admin can send again, and the sync alarms of every
 * enterprise (docs/sync.md "Alarms").
 */
export class RegulatorView extends LitElement {
  static override properties = { status: { state: true }, from: { state: true }, to: { state: true }, note: { state: true }, tab: { state: true } };
  declare tab: RegulatorTab;
  declare note: string;
  declare status: State;
  declare from: string;
  declare to: string;

  private readonly report = new Task(this, {
    task: async ([from, to, signedIn], { signal }) => (signedIn ? regulatorApi.reconciliation(from, to, signal) : null),
    args: () => [this.from, this.to, this.status.state === 'signed-in'] as const,
    autoRun: false,
  });

  constructor() {
    super();
    new LocaleController(this);
    this.status = { state: 'loading' };
    this.tab = tabOf(location.hash);
    this.note = '';
    const today = pilotDate(Date.now(), defaultProfile);
    this.to = today;
    this.from = today;
  }

  private readonly onHash = (): void => {
    this.tab = tabOf(location.hash);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    try {
      const session = await adminApi.me();
      if (session) this.signedIn(session);
      else this.status = { state: 'signed-out' };
    } catch (err) {
      this.status = { state: 'error', text: regulatorErrorText(err instanceof AdminApiError ? err.reason : String(err)) };
    }
  }

  private signedIn(session: SessionView): void {
    this.status = { state: 'signed-in', session };
    // The first report when the page opens: the range in the hash (#/regulator?from=&to=), else today.
    const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
    const iso = /^\d{4}-\d{2}-\d{2}$/;
    if (iso.test(q.get('to') ?? '')) this.to = q.get('to') ?? this.to;
    if (iso.test(q.get('from') ?? '')) this.from = q.get('from') ?? this.from;
    void this.updateComplete.then(() => this.report.run());
  }

  private async signOut(): Promise<void> {
    await adminApi.logout().catch(() => undefined);
    this.status = { state: 'signed-out' };
  }

  private run(e: Event): void {
    e.preventDefault();
    this.note = '';
    void this.report.run();
  }

  private async republishMissing(ids: string[], csrfToken: string): Promise<void> {
    try {
      this.note = rt('reg.republish.queued', { n: await regulatorApi.republish(ids, csrfToken) });
    } catch (err) {
      this.note = regulatorErrorText(err instanceof AdminApiError ? err.reason : String(err));
    }
  }

  static override styles = css`
    :host { display: block; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem 1.2rem; margin-bottom: 0.6rem; }
    h2 { margin: 0; font-size: 1.5rem; }
    .who { margin-left: auto; color: var(--erjian-muted); }
    .lead { color: var(--erjian-muted); margin: 0 0 1rem; max-width: 60rem; }
    form { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; margin-bottom: 1rem; }
    label { display: flex; flex-direction: column; font-weight: 700; gap: 0.2rem; }
    input { font: inherit; padding: 0.3rem 0.5rem; border-radius: 8px; border: 2px solid #c3ccd6; }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.35rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
    button.primary { background: var(--erjian-primary); color: #fff; }
    button:focus-visible, input:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    .error { color: var(--erjian-danger); font-weight: 700; }
    .muted { color: var(--erjian-muted); }
    .alarms { margin-top: 1.6rem; }
    nav.tabs { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0 0 1rem; border-bottom: 2px solid #c3ccd6; }
    nav.tabs a { padding: 0.45rem 1rem; font-size: 1.1rem; font-weight: 700; color: var(--erjian-primary); text-decoration: none; border-radius: 8px 8px 0 0; }
    nav.tabs a[aria-current='page'] { background: var(--erjian-primary); color: #fff; }
    nav.tabs a:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
  `;

  private renderTabs() {
    return html`<nav class="tabs" aria-label=${rt('reg.tabs')} data-testid="reg-tabs">
      ${regulatorTabs.map(
        (t) => html`<a href=${t === 'nqi' ? '#/regulator' : `#/regulator?tab=${t}`} aria-current=${t === this.tab ? 'page' : 'false'} data-testid=${`reg-tab-${t}`}>${rt(`reg.tab.${t}`)}</a>`,
      )}
    </nav>`;
  }

  private renderTab(session: SessionView) {
    switch (this.tab) {
      case 'authorisations':
        return html`<erjian-reg-authorisations .session=${session}></erjian-reg-authorisations>`;
      case 'samplings':
        return html`<erjian-reg-samplings .session=${session}></erjian-reg-samplings>`;
      case 'penalties':
        return html`<erjian-reg-penalties .session=${session}></erjian-reg-penalties>`;
      case 'recalls':
        return html`<erjian-reg-recalls .session=${session}></erjian-reg-recalls>`;
      case 'risk':
        return html`<erjian-reg-risk .session=${session}></erjian-reg-risk>`;
      case 'nqi':
        return this.renderNqi(session);
    }
  }

  private renderSignedIn(session: SessionView) {
    return html`
      <div class="bar">
        <h2>${rt(this.tab === 'nqi' ? 'reg.heading' : `reg.tab.${this.tab}`)}</h2>
        <span class="who">${rt('reg.signedInAs', { name: session.user.displayName })}</span>
        <button @click=${this.signOut}>${rt('reg.signOut')}</button>
      </div>
      ${this.renderTabs()} ${this.renderTab(session)}
    `;
  }

  private renderNqi(session: SessionView) {
    const isAdmin = session.user.roles.includes('admin');
    return html`
      <p class="lead">${rt('reg.lead')}</p>
      <form @submit=${this.run}>
        <label>${rt('reg.from')}<input type="date" data-testid="reg-from" .value=${this.from} @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)} /></label>
        <label>${rt('reg.to')}<input type="date" data-testid="reg-to" .value=${this.to} @change=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} /></label>
        <button class="primary" type="submit" data-testid="reg-run">${rt('reg.run')}</button>
      </form>
      ${this.report.render({
        pending: () => html`<p class="muted" role="status"><progress></progress> ${rt('reg.loading')}</p>`,
        error: (err) => html`<p class="error" role="alert" data-testid="reg-error">${regulatorErrorText(err instanceof AdminApiError ? err.reason : String(err))}</p>`,
        complete: (report) => {
          const missing = report?.differences.filter((d) => d.kind === 'missing' && d.publication === 'sent' && d.verification_id !== null).map((d) => d.verification_id ?? '') ?? [];
          return html`<erjian-reconciliation-table .report=${report}></erjian-reconciliation-table>
            ${isAdmin && missing.length > 0
              ? html`<button @click=${() => this.republishMissing(missing, session.csrfToken)} data-testid="reg-republish">${rt('reg.republish')}</button>`
              : ''}
            ${this.note ? html`<p role="status">${this.note}</p>` : ''}`;
        },
      })}
      <erjian-nqi-dead-letters ?canRetry=${isAdmin} .csrfToken=${session.csrfToken}></erjian-nqi-dead-letters>
      <erjian-sync-alarms class="alarms"></erjian-sync-alarms>
    `;
  }

  override render() {
    const s = this.status;
    if (s.state === 'loading') return html`<p role="status" class="muted">…</p>`;
    if (s.state === 'error') return html`<p class="error" role="alert">${s.text}</p>`;
    if (s.state === 'signed-out') return html`<erjian-admin-login @signed-in=${(e: CustomEvent<SessionView>) => this.signedIn(e.detail)}></erjian-admin-login>`;
    return this.renderSignedIn(s.session);
  }
}

customElements.define('erjian-regulator', RegulatorView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-regulator': RegulatorView;
  }
}
