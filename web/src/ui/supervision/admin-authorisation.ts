import { LitElement, html } from 'lit';
import { AdminApiError, type SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { supervisionCall } from './supervisionCall.ts';
import type { AuthorisationListResponse, AuthorisationView, RenewalRequestView } from './authorisationProtocol.ts';
import { aut, authorisationErrorText, formatCivilDate } from './authorisationMessages.ts';
import { authorisationStyles } from './authorisationStyles.ts';
import { chip, scopeText } from './authorisationParts.ts';

/** A reason as the middle of a sentence: its own closing full stop would double the template's. */
function sentence(reason: string | undefined): string {
  return (reason ?? '').replace(/[。.．]+$/u, '');
}

type Load = { state: 'loading' } | { state: 'error'; text: string } | { state: 'ready'; data: AuthorisationListResponse };

/**
 * The top of #/admin (docs/authorisations.md "The enterprise"): the enterprise's
 * authorisation(s) with status and validity; a banner as the renewal window opens (pilot
 * plan: renewal in the 6 months before expiry), when one has expired, or is suspended or
 * revoked (with the reason and 文号); the enterprise admin's "request renewal". Everyone else
 * who signs in to #/admin (an approver, the city admin) sees the same, read only.
 */
export class AdminAuthorisation extends LitElement {
  static override properties = { session: { attribute: false }, enterpriseId: { attribute: false }, load: { state: true }, note: { state: true }, busy: { state: true } };
  declare session: SessionView | null;
  declare enterpriseId: string | null;
  declare load: Load;
  declare note: string;
  declare busy: boolean;

  static override styles = authorisationStyles;

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.enterpriseId = null;
    this.load = { state: 'loading' };
    this.note = '';
    this.busy = false;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('enterpriseId') && this.enterpriseId) void this.reload();
  }

  async reload(): Promise<void> {
    if (!this.enterpriseId) return;
    try {
      const data = await supervisionCall<AuthorisationListResponse>(`/api/supervision/authorisations?enterpriseId=${encodeURIComponent(this.enterpriseId)}`);
      this.load = { state: 'ready', data };
    } catch (err) {
      this.load = { state: 'error', text: authorisationErrorText(err instanceof AdminApiError ? err.reason : 'network') };
    }
  }

  private async requestRenewal(a: AuthorisationView): Promise<void> {
    if (!this.session) return;
    this.busy = true;
    this.note = '';
    try {
      await supervisionCall<RenewalRequestView>(`/api/supervision/authorisations/${encodeURIComponent(a.authorisation.id)}/renewal-requests`, { body: { note: '' }, csrfToken: this.session.csrfToken });
      await this.reload();
    } catch (err) {
      this.note = authorisationErrorText(err instanceof AdminApiError ? err.reason : 'network');
    } finally {
      this.busy = false;
    }
  }

  /** The banner of one authorisation, when there is something to be told. */
  private banner(a: AuthorisationView, today: string) {
    const no = a.authorisation.certificateNo;
    const last = (kind: string) => [...a.events].reverse().find((e) => e.kind === kind);
    if (a.status === 'revoked') {
      const e = last('revoked');
      return html`<div class="banner banner-danger" role="alert" data-testid="auth-banner-revoked">
        <p>${aut('auth.admin.revoked', { no, date: formatCivilDate(a.authorisation.revokedOn ?? today), reason: sentence(e?.reason), reference: e?.reference ?? aut('auth.noReference') })}</p>
      </div>`;
    }
    if (a.renewedBy !== null) return '';
    if (a.status === 'suspended') {
      const e = last('suspended');
      const from = a.authorisation.suspensions?.find((s) => s.until === undefined)?.from ?? today;
      return html`<div class="banner banner-danger" role="alert" data-testid="auth-banner-suspended">
        <p>${aut('auth.admin.suspended', { no, date: formatCivilDate(from), reason: sentence(e?.reason), reference: e?.reference ?? aut('auth.noReference') })}</p>
        ${a.windowOpen ? html`<p>${aut('auth.admin.suspendedInWindow', { no })}</p>` : ''}
      </div>`;
    }
    if (a.status === 'expired') {
      return html`<div class="banner banner-danger" role="alert" data-testid="auth-banner-expired"><p>${aut('auth.admin.expired', { no, until: formatCivilDate(a.validUntil) })}</p></div>`;
    }
    if (!a.windowOpen) return '';
    const open = a.renewalRequests.find((r) => r.status === 'open');
    const refused = [...a.renewalRequests].reverse().find((r) => r.status === 'refused');
    const isAdmin = this.session?.user.roles.includes('enterprise-admin') ?? false;
    return html`<div class="banner banner-warn" role="alert" data-testid="auth-banner-renewal">
      <p>${a.daysUntilExpiry === 0 ? aut('auth.admin.renewalLastDay', { no }) : aut('auth.admin.renewalOpen', { no, until: formatCivilDate(a.validUntil), days: a.daysUntilExpiry })}</p>
      ${open
        ? html`<p data-testid="auth-renewal-sent">${aut('auth.admin.requestSent', { at: formatCivilDate(open.requestedAt.slice(0, 10)) })}</p>`
        : html`${refused ? html`<p>${aut('auth.admin.requestRefused', { reason: refused.decisionReason ?? '' })}</p>` : ''}
          ${isAdmin
            ? html`<button class="primary" ?disabled=${this.busy || !a.canRequestRenewal} data-testid="auth-request-renewal" @click=${() => this.requestRenewal(a)}>${aut('auth.admin.request')}</button>`
            : html`<p class="muted">${aut('auth.admin.onlyAdmin')}</p>`}`}
    </div>`;
  }

  private card(a: AuthorisationView) {
    return html`<div class="card" data-testid="auth-admin-card">
      <div class="card-head"><span class="no">${a.authorisation.certificateNo}</span> ${chip(a.status)} ${a.renewedBy !== null ? html`<span class="muted">${aut('auth.renewedBy')}</span>` : ''}</div>
      <dl>
        ${a.authorisation.category ? html`<dt>${aut('auth.label.category')}</dt><dd>${a.authorisation.category}</dd>` : ''}
        <dt>${aut('auth.label.scope')}</dt><dd>${scopeText(a.authorisation.scope)}</dd>
        <dt>${aut('auth.label.validity')}</dt><dd data-testid="auth-validity">${aut('auth.validity', { from: formatCivilDate(a.validFrom), until: formatCivilDate(a.validUntil) })}</dd>
        ${a.authorisation.institute ? html`<dt>${aut('auth.label.institute')}</dt><dd>${a.authorisation.institute}</dd>` : ''}
        <dt>${aut('auth.label.renewalOpens')}</dt><dd>${formatCivilDate(a.renewalOpensOn)}${a.status === 'active' && !a.windowOpen && a.renewedBy === null ? html` <span class="muted">· ${aut('auth.admin.opensIn', { days: a.daysUntilWindowOpens, date: formatCivilDate(a.renewalOpensOn) })}</span>` : ''}</dd>
      </dl>
    </div>`;
  }

  override render() {
    if (!this.session || !this.enterpriseId) return html``;
    const l = this.load;
    return html`<section data-testid="admin-authorisation">
      <h3>${aut('auth.admin.heading')}</h3>
      ${l.state === 'loading' ? html`<p class="muted" role="status">${aut('auth.loading')}</p>` : ''}
      ${l.state === 'error' ? html`<p class="error" role="alert">${l.text}</p>` : ''}
      ${l.state === 'ready'
        ? l.data.authorisations.length === 0
          ? html`<p class="banner banner-warn" data-testid="auth-admin-none">${aut('auth.admin.none')}</p>`
          : html`${l.data.authorisations.map((a) => this.banner(a, l.data.today))} ${this.note ? html`<p class="error" role="alert" data-testid="auth-admin-error">${this.note}</p>` : ''}
            ${l.data.authorisations.map((a) => this.card(a))}`
        : ''}
    </section>`;
  }
}

customElements.define('erjian-admin-authorisation', AdminAuthorisation);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-admin-authorisation': AdminAuthorisation;
  }
}
