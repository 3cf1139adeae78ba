import { LitElement, html } from 'lit';
import { AdminApiError, adminApi, type EnterpriseView, type SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { expiryProblem } from '../../domain/authorisation.ts';
import { lastDayOfYears } from '../../domain/calendarDate.ts';
import { civilDateTime } from '../../domain/civilDate.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';
import { supervisionCall } from './supervisionCall.ts';
import type { AuthorisationListResponse, AuthorisationView, GrantResponse, RenewalRequestView, StatusAction } from './authorisationProtocol.ts';
import { aut, authorisationErrorText, formatCivilDate, type AuthorisationKey } from './authorisationMessages.ts';
import { authorisationStyles } from './authorisationStyles.ts';
import { chip, scopeText } from './authorisationParts.ts';

type Load = { state: 'loading' } | { state: 'error'; text: string } | { state: 'ready'; data: AuthorisationListResponse };

const pilot = defaultProfile.pilotScope.value;
const dnChoices = [15, 20, 25, 32, 40].filter((d) => d >= pilot.minDn && d <= pilot.maxDn);

function field(form: HTMLFormElement, name: string): string {
  const v = new FormData(form).get(name);
  return typeof v === 'string' ? v.trim() : '';
}

/** When a decision was recorded, in Tai'an wall-clock time (docs/rules.md R-DATE). */
function taianTime(instant: string): string {
  const t = civilDateTime(new Date(instant), defaultProfile.timeZone.value);
  return `${formatCivilDate(t.date)} ${t.time.slice(0, 5)}`;
}

function errorOf(err: unknown): string {
  return authorisationErrorText(err instanceof AdminApiError ? err.reason : 'network');
}

/** The problems of a printed validity, in the person's words (the server checks the same: docs/authorisations.md). */
function expiryProblems(issuedOn: string, expiresOn: string): string[] {
  if (!issuedOn || !expiresOn) return [];
  const p = expiryProblem(issuedOn, expiresOn, defaultProfile);
  if (p === null) return [];
  return [p.code === 'expiry-before-issue' ? aut('auth.problem.expiryBeforeIssue') : aut('auth.problem.expiry', { expected: formatCivilDate(p.expected) })];
}

/**
 * #/regulator?tab=authorisations (docs/authorisations.md "The regulator"): every
 * enterprise's authorisations with a status chip, the register form (checked as typed, in
 * Chinese), the status change dialog (reason and 文号 required), each authorisation's
 * decisions with who and when, and the renewal requests waiting for a decision.
 */
export class RegAuthorisations extends LitElement {
  static override properties = {
    session: { attribute: false },
    load: { state: true },
    enterprises: { state: true },
    registering: { state: true },
    problems: { state: true },
    note: { state: true },
    dialog: { state: true },
    dialogProblems: { state: true },
    history: { state: true },
    requestProblems: { state: true },
  };
  declare session: SessionView | null;
  declare load: Load;
  declare enterprises: EnterpriseView[];
  declare registering: boolean;
  declare problems: string[];
  declare note: string;
  declare dialog: { action: StatusAction; view: AuthorisationView } | null;
  declare dialogProblems: string[];
  declare history: ReadonlySet<string>;
  declare requestProblems: Readonly<Record<string, string[]>>;

  static override styles = authorisationStyles;

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.load = { state: 'loading' };
    this.enterprises = [];
    this.registering = false;
    this.problems = [];
    this.note = '';
    this.dialog = null;
    this.dialogProblems = [];
    this.history = new Set();
    this.requestProblems = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
    void adminApi.enterprises().then(
      (e) => (this.enterprises = e),
      () => undefined,
    );
  }

  async reload(): Promise<void> {
    try {
      this.load = { state: 'ready', data: await supervisionCall<AuthorisationListResponse>('/api/supervision/authorisations') };
    } catch (err) {
      this.load = { state: 'error', text: errorOf(err) };
    }
  }

  private get today(): string {
    return this.load.state === 'ready' ? this.load.data.today : '';
  }

  private get isRegulator(): boolean {
    return this.session?.user.roles.includes('regulator') ?? false;
  }

  // ── register ──

  private suggestExpiry(e: Event): void {
    const form = (e.target as HTMLElement).closest('form');
    const issued = (e.target as HTMLInputElement).value;
    const expires = form?.querySelector<HTMLInputElement>('input[name=expiresOn]');
    if (expires && issued && !expires.value) expires.value = lastDayOfYears(issued, defaultProfile.authorisation.value.validityYears);
  }

  private async register(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = (n: string) => field(form, n);
    const required: [string, AuthorisationKey][] = [
      ['enterpriseId', 'auth.field.enterprise'],
      ['certificateNo', 'auth.field.certificateNo'],
      ['category', 'auth.field.category'],
      ['issuedOn', 'auth.field.issuedOn'],
      ['expiresOn', 'auth.field.expiresOn'],
      ['institute', 'auth.field.institute'],
    ];
    const problems = required.filter(([n]) => f(n) === '').map(([, k]) => aut('auth.problem.required', { field: aut(k) }));
    const minDn = Number(f('minDn'));
    const maxDn = Number(f('maxDn'));
    if (minDn > maxDn) problems.push(aut('auth.problem.dnRange'));
    problems.push(...expiryProblems(f('issuedOn'), f('expiresOn')));
    this.problems = problems;
    if (problems.length > 0 || !this.session) return;
    const models = f('models').split(/[,，、\s]+/).filter((m) => m !== '');
    const reference = f('reference');
    try {
      const view = await supervisionCall<AuthorisationView>('/api/supervision/authorisations', {
        body: {
          enterpriseId: f('enterpriseId'),
          certificateNo: f('certificateNo'),
          category: f('category'),
          scope: { minDn, maxDn, categories: [...pilot.categories], ...(models.length > 0 ? { models } : {}) },
          issuedOn: f('issuedOn'),
          expiresOn: f('expiresOn'),
          institute: f('institute'),
          ...(reference ? { decision: { reference } } : {}),
        },
        csrfToken: this.session.csrfToken,
      });
      this.registering = false;
      this.note = aut('auth.register.done', { no: view.authorisation.certificateNo });
      await this.reload();
    } catch (err) {
      this.problems = [errorOf(err)];
    }
  }

  private renderRegister() {
    if (!this.isRegulator) return '';
    if (!this.registering) {
      return html`<button class="primary" data-testid="auth-register-open" @click=${() => ((this.registering = true), (this.problems = []), (this.note = ''))}>${aut('auth.register.open')}</button>`;
    }
    return html`<div class="card" data-testid="auth-register">
      <h4>${aut('auth.register.heading')}</h4>
      <form class="grid" novalidate @submit=${this.register}>
        <label>${aut('auth.field.enterprise')}
          <select name="enterpriseId" data-testid="auth-f-enterprise">
            ${this.enterprises.map((e) => html`<option value=${e.id}>${e.name}</option>`)}
          </select></label>
        <label>${aut('auth.field.certificateNo')}<input name="certificateNo" data-testid="auth-f-certificateNo" autocomplete="off" /></label>
        <label>${aut('auth.field.category')}<input name="category" data-testid="auth-f-category" .value=${aut('auth.defaultCategory')} /></label>
        <label>${aut('auth.field.minDn')}
          <select name="minDn" data-testid="auth-f-minDn">${dnChoices.map((d) => html`<option value=${d} ?selected=${d === pilot.minDn}>DN${d}</option>`)}</select></label>
        <label>${aut('auth.field.maxDn')}
          <select name="maxDn" data-testid="auth-f-maxDn">${dnChoices.map((d) => html`<option value=${d} ?selected=${d === pilot.maxDn}>DN${d}</option>`)}</select></label>
        <label class="wide">${aut('auth.field.models')}<input name="models" data-testid="auth-f-models" autocomplete="off" /></label>
        <label>${aut('auth.field.issuedOn')}<input type="date" name="issuedOn" data-testid="auth-f-issuedOn" @change=${this.suggestExpiry} /></label>
        <label>${aut('auth.field.expiresOn')}<input type="date" name="expiresOn" data-testid="auth-f-expiresOn" /></label>
        <label class="wide">${aut('auth.field.institute')}<input name="institute" data-testid="auth-f-institute" /></label>
        <label>${aut('auth.field.reference')}<input name="reference" data-testid="auth-f-reference" autocomplete="off" /></label>
        ${this.problems.length > 0 ? html`<ul class="problems wide" role="alert" data-testid="auth-register-problems">${this.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}
        <div class="actions wide">
          <button class="primary" type="submit" data-testid="auth-register-submit">${aut('auth.register.submit')}</button>
          <button type="button" @click=${() => (this.registering = false)}>${aut('auth.cancel')}</button>
        </div>
      </form>
    </div>`;
  }

  // ── status changes ──

  private async openDialog(action: StatusAction, view: AuthorisationView): Promise<void> {
    this.dialog = { action, view };
    this.dialogProblems = [];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal();
  }

  private closeDialog(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close();
    this.dialog = null;
  }

  private async decide(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.dialog;
    if (!d || !this.session) return;
    const form = e.target as HTMLFormElement;
    const f = (n: string) => field(form, n);
    const problems: string[] = [];
    if (f('reason') === '') problems.push(aut('auth.problem.required', { field: aut('auth.field.reason') }));
    if (f('reference') === '') problems.push(aut('auth.problem.required', { field: aut('auth.field.reference') }));
    if (f('effectiveOn') === '') problems.push(aut('auth.problem.required', { field: aut('auth.field.effectiveOn') }));
    this.dialogProblems = problems;
    if (problems.length > 0) return;
    try {
      await supervisionCall<AuthorisationView>(`/api/supervision/authorisations/${encodeURIComponent(d.view.authorisation.id)}/status`, {
        body: { action: d.action, reason: f('reason'), reference: f('reference'), effectiveOn: f('effectiveOn'), ...(f('decidedBy') ? { decidedBy: f('decidedBy') } : {}) },
        csrfToken: this.session.csrfToken,
      });
      this.note = aut(`auth.done.${d.action}`, { no: d.view.authorisation.certificateNo });
      this.closeDialog();
      await this.reload();
    } catch (err) {
      this.dialogProblems = [errorOf(err)];
    }
  }

  private renderDialog() {
    const d = this.dialog;
    if (!d) return html`<dialog></dialog>`;
    return html`<dialog data-testid="auth-dialog" @close=${() => (this.dialog = null)}>
      <form novalidate @submit=${this.decide} @input=${() => (this.dialogProblems = [])}>
        <h4>${aut(`auth.dialog.${d.action}`, { no: d.view.authorisation.certificateNo })}</h4>
        ${d.action === 'revoke' ? html`<p class="error">${aut('auth.dialog.revokeWarning')}</p>` : ''}
        <label>${aut('auth.field.reason')}<textarea name="reason" data-testid="auth-d-reason"></textarea></label>
        <label>${aut('auth.field.reference')}<input name="reference" data-testid="auth-d-reference" autocomplete="off" /></label>
        <label>${aut('auth.field.effectiveOn')}<input type="date" name="effectiveOn" data-testid="auth-d-effectiveOn" .value=${this.today} max=${this.today} /></label>
        <label>${aut('auth.field.decidedBy')}<input name="decidedBy" data-testid="auth-d-decidedBy" .value=${this.session?.user.displayName ?? ''} /></label>
        ${this.dialogProblems.length > 0 ? html`<ul class="problems" role="alert" data-testid="auth-dialog-problems">${this.dialogProblems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}
        <div class="actions">
          <button class=${d.action === 'revoke' ? 'danger' : 'primary'} type="submit" data-testid="auth-d-confirm">${aut('auth.dialog.confirm')}</button>
          <button type="button" @click=${this.closeDialog}>${aut('auth.cancel')}</button>
        </div>
      </form>
    </dialog>`;
  }

  // ── renewal requests ──

  private async decideRequest(e: Event, r: RenewalRequestView, grant: boolean): Promise<void> {
    e.preventDefault();
    if (!this.session) return;
    const form = (e.target as HTMLElement).closest('form');
    if (!form) return;
    const f = (n: string) => field(form, n);
    const problems: string[] = [];
    if (f('reason') === '') problems.push(aut('auth.problem.required', { field: aut('auth.field.reason') }));
    if (grant) {
      if (f('certificateNo') === '') problems.push(aut('auth.problem.required', { field: aut('auth.requests.newNo') }));
      if (f('issuedOn') === '') problems.push(aut('auth.problem.required', { field: aut('auth.field.issuedOn') }));
      if (f('expiresOn') === '') problems.push(aut('auth.problem.required', { field: aut('auth.field.expiresOn') }));
      problems.push(...expiryProblems(f('issuedOn'), f('expiresOn')));
    }
    this.requestProblems = { ...this.requestProblems, [r.id]: problems };
    if (problems.length > 0) return;
    const decision = { reason: f('reason'), ...(f('reference') ? { reference: f('reference') } : {}) };
    try {
      if (grant) {
        const g = await supervisionCall<GrantResponse>(`/api/supervision/renewal-requests/${encodeURIComponent(r.id)}/grant`, {
          body: { ...decision, certificateNo: f('certificateNo'), issuedOn: f('issuedOn'), expiresOn: f('expiresOn') },
          csrfToken: this.session.csrfToken,
        });
        this.note = aut('auth.requests.granted', { no: g.authorisation.authorisation.certificateNo });
      } else {
        await supervisionCall<RenewalRequestView>(`/api/supervision/renewal-requests/${encodeURIComponent(r.id)}/refuse`, { body: decision, csrfToken: this.session.csrfToken });
        this.note = aut('auth.requests.refused');
      }
      await this.reload();
    } catch (err) {
      this.requestProblems = { ...this.requestProblems, [r.id]: [errorOf(err)] };
    }
  }

  private renderRequests(views: AuthorisationView[]) {
    const open = views.flatMap((v) => v.renewalRequests.filter((r) => r.status === 'open').map((r) => ({ r, v })));
    return html`<section data-testid="auth-requests">
      <h4>${aut('auth.requests.heading')}</h4>
      ${open.length === 0 ? html`<p class="muted">${aut('auth.requests.none')}</p>` : ''}
      ${open.map(
        ({ r, v }) => html`<div class="card" data-testid="auth-request">
          <p><b>${aut('auth.requests.line', { enterprise: v.enterpriseName, no: v.authorisation.certificateNo, at: formatCivilDate(r.requestedAt.slice(0, 10)), who: r.requestedBy })}</b></p>
          ${r.note ? html`<p>${r.note}</p>` : ''}
          ${this.isRegulator
            ? html`<form class="grid" novalidate @submit=${(e: Event) => this.decideRequest(e, r, true)}>
                <label>${aut('auth.requests.newNo')}<input name="certificateNo" data-testid="auth-r-certificateNo" autocomplete="off" /></label>
                <label>${aut('auth.field.issuedOn')}<input type="date" name="issuedOn" .value=${this.today} max=${this.today} @change=${this.suggestExpiry} /></label>
                <label>${aut('auth.field.expiresOn')}<input type="date" name="expiresOn" .value=${this.today ? lastDayOfYears(this.today, defaultProfile.authorisation.value.validityYears) : ''} /></label>
                <label>${aut('auth.field.reference')}<input name="reference" autocomplete="off" /></label>
                <label class="wide">${aut('auth.field.reason')}<textarea name="reason" data-testid="auth-r-reason"></textarea></label>
                ${(this.requestProblems[r.id] ?? []).length > 0 ? html`<ul class="problems wide" role="alert">${(this.requestProblems[r.id] ?? []).map((p) => html`<li>${p}</li>`)}</ul>` : ''}
                <div class="actions wide">
                  <button class="primary" type="submit" data-testid="auth-r-grant">${aut('auth.requests.grant')}</button>
                  <button type="button" class="danger" data-testid="auth-r-refuse" @click=${(e: Event) => this.decideRequest(e, r, false)}>${aut('auth.requests.refuse')}</button>
                </div>
              </form>`
            : ''}
        </div>`,
      )}
    </section>`;
  }

  // ── the list ──

  private toggleHistory(id: string): void {
    const next = new Set(this.history);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.history = next;
  }

  private renderHistory(v: AuthorisationView) {
    return html`<div class="table-wrap" data-testid="auth-history">
      <table>
        <thead><tr><th class="nowrap">${aut('auth.history.date')}</th><th class="nowrap">${aut('auth.history.kind')}</th><th>${aut('auth.history.reason')}</th><th>${aut('auth.history.decidedBy')}</th><th>${aut('auth.history.reference')}</th><th>${aut('auth.history.recorded')}</th></tr></thead>
        <tbody>
          ${v.events.length === 0 ? html`<tr><td colspan="6" class="muted">${aut('auth.history.none')}</td></tr>` : ''}
          ${v.events.map(
            (e) => html`<tr data-testid="auth-history-row" data-kind=${e.kind}>
              <td class="nowrap">${formatCivilDate(e.decidedOn)}</td><td class="nowrap">${aut(`auth.kind.${e.kind}`)}</td><td>${e.reason}</td><td>${e.decidedBy}</td><td>${e.reference ?? '—'}</td>
              <td class="muted">${e.recordedBy} · ${taianTime(e.recordedAt)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCard(v: AuthorisationView) {
    const a = v.authorisation;
    const suspended = v.status === 'suspended';
    const final = a.revokedOn !== undefined;
    return html`<div class="card" data-testid="auth-card" data-certificate=${a.certificateNo}>
      <div class="card-head">
        <span class="enterprise">${v.enterpriseName}</span>
        <span class="no">${a.certificateNo}</span>
        ${chip(v.status)} ${v.renewedBy !== null ? html`<span class="muted">${aut('auth.renewedBy')}</span>` : ''}
        ${v.renewedBy === null && v.windowOpen && v.status === 'active' ? html`<span class="muted" data-testid="auth-in-window">${aut('auth.inWindow', { days: v.daysUntilExpiry })}</span>` : ''}
      </div>
      <dl>
        ${a.category ? html`<dt>${aut('auth.label.category')}</dt><dd>${a.category}</dd>` : ''}
        <dt>${aut('auth.label.scope')}</dt><dd>${scopeText(a.scope)}</dd>
        <dt>${aut('auth.label.validity')}</dt><dd>${aut('auth.validity', { from: formatCivilDate(v.validFrom), until: formatCivilDate(v.validUntil) })}</dd>
        ${a.institute ? html`<dt>${aut('auth.label.institute')}</dt><dd>${a.institute}</dd>` : ''}
      </dl>
      <div class="actions">
        ${this.isRegulator && !final
          ? html`${suspended
                ? html`<button data-testid="auth-reinstate" @click=${() => this.openDialog('reinstate', v)}>${aut('auth.action.reinstate')}</button>`
                : html`<button data-testid="auth-suspend" @click=${() => this.openDialog('suspend', v)}>${aut('auth.action.suspend')}</button>`}
              <button class="danger" data-testid="auth-revoke" @click=${() => this.openDialog('revoke', v)}>${aut('auth.action.revoke')}</button>`
          : ''}
        <button data-testid="auth-history-toggle" aria-expanded=${this.history.has(a.id) ? 'true' : 'false'} @click=${() => this.toggleHistory(a.id)}>${aut('auth.action.history')} (${v.events.length})</button>
      </div>
      ${this.history.has(a.id) ? this.renderHistory(v) : ''}
    </div>`;
  }

  override render() {
    if (!this.session) return html``;
    const l = this.load;
    return html`<section data-testid="reg-authorisations">
      <p class="lead">${aut('auth.lead')} <a href="/announcements" target="_blank" rel="noopener" data-testid="auth-public-link">${aut('auth.publicLink')}</a></p>
      ${this.renderRegister()}
      ${this.note ? html`<p class="ok" role="status" data-testid="auth-note">${this.note}</p>` : ''}
      ${l.state === 'loading' ? html`<p class="muted" role="status">${aut('auth.loading')}</p>` : ''}
      ${l.state === 'error' ? html`<p class="error" role="alert">${l.text}</p>` : ''}
      ${l.state === 'ready'
        ? html`${this.renderRequests(l.data.authorisations)}
            <section data-testid="auth-list">
              ${l.data.authorisations.length === 0 ? html`<p class="muted">${aut('auth.none')}</p>` : l.data.authorisations.map((v) => this.renderCard(v))}
            </section>`
        : ''}
      ${this.renderDialog()}
    </section>`;
  }
}

customElements.define('erjian-reg-authorisations', RegAuthorisations);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reg-authorisations': RegAuthorisations;
  }
}
