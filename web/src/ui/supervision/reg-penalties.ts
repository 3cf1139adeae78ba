import { LitElement, css, html, nothing } from 'lit';
import { AdminApiError, type SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { admittedEvents, type EnterpriseStanding, type PenaltyEvent, type PenaltyEventType, type PenaltyStanding } from '../../domain/index.ts';
import { civilDateTime } from '../../domain/civilDate.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';
import type { PenaltyEventView, PenaltyLadderView, PenaltyListView, RecordedPenaltyView } from '../../../../sync-server/src/supervision/penaltyApi.ts';
import { supervisionCall } from './supervisionCall.ts';
import { eventText, penaltyErrorText, pt, standingText } from './penaltyMessages.ts';

type Load<T> = { state: 'loading' } | { state: 'error'; text: string } | { state: 'ready'; data: T };

/** The regulator's decisions first; a sampling is recorded here only when it is not in the sampling workflow. */
const formOrder: readonly PenaltyEventType[] = ['rectification-passed', 'rectification-failed', 'authorisation-revoked', 'non-conforming-sampling', 'new-authorisation'];

function field(form: HTMLFormElement, name: string): string {
  const v = new FormData(form).get(name);
  return typeof v === 'string' ? v.trim() : '';
}

/** When a decision was recorded, in Tai'an wall-clock time (docs/rules.md R-DATE). */
function taianTime(instant: string): string {
  const t = civilDateTime(new Date(instant), defaultProfile.timeZone.value);
  return `${t.date} ${t.time.slice(0, 5)}`;
}

function errorOf(err: unknown): string {
  return penaltyErrorText(err instanceof AdminApiError ? err.reason : 'network');
}

/** What an event names beside its type: the model, batch, sampling, deadline. */
function eventFacts(e: PenaltyEvent): string[] {
  const facts: string[] = [];
  if ((e.type === 'non-conforming-sampling' || e.type === 'rectification-passed') && e.model) facts.push(pt('pen.eventModel', { model: e.model }));
  if (e.type === 'non-conforming-sampling') {
    if (e.batchId) facts.push(pt('pen.eventBatch', { batch: e.batchId }));
    if (e.samplingId) facts.push(pt('pen.eventSampling', { sampling: e.samplingId }));
    if (e.rectificationDeadline) facts.push(pt('pen.eventDeadline', { date: e.rectificationDeadline }));
  }
  if (e.type === 'new-authorisation') facts.push(e.authorisationId);
  return facts;
}

/**
 * #/regulator?tab=penalties (docs/penalties.md "The regulator's tab"): every enterprise with its
 * standing on the penalty ladder; for the one opened, the standing in big words, the models
 * stopped, the rectification's deadline, the dated record of decisions (date, decision,
 * reason, who decided, 文号, who recorded it when), and — for the regulator — the form for
 * the next decision, offering only what the standing admits.
 */
export class RegPenalties extends LitElement {
  static override properties = {
    session: { attribute: false },
    list: { state: true },
    ladder: { state: true },
    selected: { state: true },
    type: { state: true },
    saved: { state: true },
    problem: { state: true },
    saving: { state: true },
  };
  declare session: SessionView | null;
  declare list: Load<PenaltyListView>;
  declare ladder: Load<PenaltyLadderView> | null;
  declare selected: string | null;
  declare type: PenaltyEventType | null;
  /** the decision just recorded, said in the person's language at render time */
  declare saved: { type: PenaltyEventType; standing: EnterpriseStanding } | null;
  declare problem: string;
  declare saving: boolean;

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.list = { state: 'loading' };
    this.ladder = null;
    this.selected = null;
    this.type = null;
    this.saved = null;
    this.problem = '';
    this.saving = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Reads the list again, and the opened enterprise's ladder (the first one that is not normal when none is open). */
  async reload(): Promise<void> {
    try {
      const data = await supervisionCall<PenaltyListView>('/api/supervision/penalties');
      this.list = { state: 'ready', data };
      const pick = this.selected ?? data.enterprises.find((e) => e.standing.standing !== 'normal')?.id ?? data.enterprises[0]?.id ?? null;
      if (pick !== null) await this.open(pick, false);
    } catch (err) {
      this.list = { state: 'error', text: errorOf(err) };
    }
  }

  private async open(id: string, clearNote = true): Promise<void> {
    if (id !== this.selected) this.type = null;
    this.selected = id;
    if (clearNote) this.saved = null;
    this.problem = '';
    if (this.ladder?.state !== 'ready' || this.ladder.data.enterprise.id !== id) this.ladder = { state: 'loading' };
    try {
      this.ladder = { state: 'ready', data: await supervisionCall<PenaltyLadderView>(`/api/supervision/penalties/${encodeURIComponent(id)}`) };
    } catch (err) {
      this.ladder = { state: 'error', text: errorOf(err) };
    }
  }

  private get isRegulator(): boolean {
    return this.session?.user.roles.includes('regulator') ?? false;
  }

  private async decide(e: Event, view: PenaltyLadderView, type: PenaltyEventType): Promise<void> {
    e.preventDefault();
    if (!this.session) return;
    const form = e.target as HTMLFormElement;
    const f = (n: string) => field(form, n);
    const opt = (n: string) => (f(n) === '' ? {} : { [n]: f(n) });
    const body = {
      type,
      date: f('date'),
      reason: f('reason'),
      decidedBy: f('decidedBy'),
      reference: f('reference'),
      ...(type === 'non-conforming-sampling' ? { samplingId: f('samplingId'), model: f('model'), ...opt('batchId'), ...opt('rectificationDeadline') } : {}),
      ...(type === 'rectification-passed' ? opt('model') : {}),
      ...(type === 'new-authorisation' ? { authorisationId: f('authorisationId') } : {}),
    };
    this.saving = true;
    this.problem = '';
    try {
      const done = await supervisionCall<RecordedPenaltyView>(`/api/supervision/penalties/${encodeURIComponent(view.enterprise.id)}/events`, { body, csrfToken: this.session.csrfToken });
      this.saved = { type, standing: done.standing.standing };
      this.type = null;
      await this.reload();
    } catch (err) {
      this.problem = errorOf(err);
    } finally {
      this.saving = false;
    }
  }

  static override styles = css`
    :host { display: block; font-size: 1.05rem; }
    h3 { font-size: 1.3rem; margin: 1.2rem 0 0.5rem; }
    .lead, .muted { color: var(--erjian-muted); }
    .lead { margin: 0 0 1rem; max-width: 70rem; }
    .card { border: 2px solid #c3ccd6; border-radius: 10px; padding: 0.8rem 1rem; margin: 0 0 1rem; background: #fff; }
    .standing { font-size: 2.4rem; font-weight: 800; margin: 0.1rem 0 0.3rem; line-height: 1.2; }
    .standing.normal { color: var(--erjian-ok); }
    .standing.batch-returned, .standing.rectifying { color: #a45a00; }
    .standing.pilot-stopped, .standing.revoked { color: var(--erjian-danger); }
    .facts { display: flex; flex-wrap: wrap; gap: 0.4rem 1.6rem; margin: 0.4rem 0; font-size: 1.1rem; }
    .facts strong { font-size: 1.2rem; }
    ul.blocked { margin: 0.3rem 0; padding-left: 1.3rem; font-size: 1.15rem; line-height: 1.7; }
    ul.blocked li strong { color: var(--erjian-danger); }
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; margin: 0.3rem 0; }
    th, td { border-bottom: 1px solid #dde3ea; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
    th { background: #f3f6f9; white-space: nowrap; }
    td.date, td.ref { white-space: nowrap; }
    td.step { min-width: 5.5rem; }
    td.event { min-width: 8.5rem; }
    td.reason { min-width: 11rem; }
    td.recorded { min-width: 7.5rem; }
    table.timeline { width: 100%; }
    td.event .small { white-space: nowrap; }
    tr.current { background: #eef5ff; }
    .pill { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-weight: 700; font-size: 0.95rem; background: #eef1f4; white-space: nowrap; }
    .pill.normal { background: #e3f4e8; }
    .pill.batch-returned, .pill.rectifying { background: #fff1d6; }
    .pill.pilot-stopped, .pill.revoked { background: #fde8e8; }
    .small { font-size: 0.92rem; color: var(--erjian-muted); }
    form.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0.6rem 1rem; align-items: end; }
    form .wide { grid-column: 1 / -1; }
    label { display: flex; flex-direction: column; font-weight: 700; gap: 0.2rem; }
    input, select { font: inherit; padding: 0.3rem 0.5rem; border-radius: 8px; border: 2px solid #c3ccd6; background: #fff; }
    .types { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.4rem 0 0.8rem; }
    button { white-space: nowrap; font: inherit; cursor: pointer; border-radius: 8px; padding: 0.35rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
    button.primary, button[aria-pressed='true'] { background: var(--erjian-primary); color: #fff; }
    button:disabled { opacity: 0.5; cursor: default; }
    button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    .error { color: var(--erjian-danger); font-weight: 700; }
    .note { background: #f3f6f9; border-left: 4px solid var(--erjian-primary); padding: 0.4rem 0.8rem; margin: 0.5rem 0; }
  `;

  private renderList(data: PenaltyListView) {
    return html`<div class="scroll"><table data-testid="pen-list">
      <thead><tr><th>${pt('pen.col.enterprise')}</th><th>${pt('pen.col.standing')}</th><th>${pt('pen.col.count')}</th><th>${pt('pen.col.blocked')}</th><th>${pt('pen.col.events')}</th><th></th></tr></thead>
      <tbody>
        ${data.enterprises.map(
          (e) => html`<tr class=${e.id === this.selected ? 'current' : ''} data-testid="pen-row" data-enterprise=${e.id}>
            <td>${e.name}</td>
            <td><span class="pill ${e.standing.standing}">${standingText(e.standing.standing)}</span></td>
            <td>${e.standing.nonConformingSamplings}</td>
            <td>${e.standing.blockedModels.map((b) => b.model).join('、') || pt('pen.none')}</td>
            <td>${e.events}</td>
            <td><button @click=${() => void this.open(e.id)} data-testid="pen-open">${pt('pen.open')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private renderStanding(view: PenaltyLadderView) {
    const s: PenaltyStanding = view.standing;
    const last = s.lastDecision;
    return html`<section class="card" data-testid="pen-ladder" data-standing=${s.standing}>
      <div class="muted">${view.enterprise.name}</div>
      <div class="standing ${s.standing}" data-testid="pen-standing">${standingText(s.standing)}</div>
      <div>${pt(`pen.standingLead.${s.standing}`)}</div>
      <div class="facts">
        <span data-testid="pen-count">${pt('pen.count', { n: s.nonConformingSamplings })}</span>
        ${s.rectificationDeadline ? html`<strong data-testid="pen-deadline">${pt('pen.deadline', { date: s.rectificationDeadline })}</strong>` : nothing}
        ${last ? html`<span data-testid="pen-last">${pt('pen.lastDecision', { date: last.date, what: eventText(last.type), ref: last.reference ? pt('pen.blockedRef', { ref: last.reference }) : '' })}</span>` : nothing}
      </div>
      <h3>${pt('pen.blocked')}</h3>
      ${s.blockedModels.length === 0
        ? html`<p class="muted" data-testid="pen-no-blocked">${pt('pen.noBlocked')}</p>`
        : html`<ul class="blocked" data-testid="pen-blocked">
            ${s.blockedModels.map(
              (b) => html`<li data-model=${b.model}>
                <strong>${b.model}</strong>${pt('pen.blockedItem', { model: '', date: b.since, ref: b.reference ? pt('pen.blockedRef', { ref: b.reference }) : '', batch: b.batchId ? pt('pen.blockedBatch', { batch: b.batchId }) : '' })}
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  private renderTimeline(events: PenaltyEventView[]) {
    if (events.length === 0) return html`<h3>${pt('pen.timeline')}</h3><p class="muted">${pt('pen.noEvents')}</p>`;
    const step = (from: EnterpriseStanding, to: EnterpriseStanding) => (from === to ? standingText(to) : `${standingText(from)} → ${standingText(to)}`);
    return html`<h3>${pt('pen.timeline')}</h3>
      <div class="scroll"><table class="timeline" data-testid="pen-timeline">
        <thead><tr>
          <th>${pt('pen.col.date')}</th><th>${pt('pen.col.event')}</th><th>${pt('pen.col.step')}</th><th>${pt('pen.col.reason')}</th>
          <th>${pt('pen.col.decidedBy')}</th><th>${pt('pen.col.reference')}</th><th>${pt('pen.col.recorded')}</th>
        </tr></thead>
        <tbody>
          ${events.map(
            (v) => html`<tr data-testid="pen-event" data-type=${v.event.type}>
              <td class="date">${v.event.date}</td>
              <td class="event"><strong>${eventText(v.event.type)}</strong>${eventFacts(v.event).map((f) => html`<div class="small">${f}</div>`)}
                ${v.published ? html`<div><span class="pill revoked">${pt('pen.published')}</span></div>` : nothing}</td>
              <td class="step">${step(v.from, v.to)}</td>
              <td class="reason">${v.event.reason}</td>
              <td>${v.event.decidedBy}</td>
              <td class="ref">${v.event.reference ?? '—'}</td>
              <td class="small recorded">${v.recordedByName}<br />${taianTime(v.recordedAt)}</td>
            </tr>`,
          )}
        </tbody>
      </table></div>`;
  }

  private renderTypeFields(view: PenaltyLadderView, type: PenaltyEventType) {
    const s = view.standing;
    switch (type) {
      case 'rectification-passed':
        return html`<label>${pt('pen.form.model')}
          <select name="model" data-testid="pen-f-model">
            ${s.standing === 'rectifying' ? html`<option value="">${pt('pen.form.modelAll')}</option>` : nothing}
            ${s.blockedModels.map((b) => html`<option value=${b.model}>${b.model}</option>`)}
          </select></label>`;
      case 'non-conforming-sampling':
        return html`<p class="wide small">${pt('pen.form.samplingNote')}</p>
          <label>${pt('pen.form.model')}<select name="model" data-testid="pen-f-model">${view.models.map((m) => html`<option value=${m}>${m}</option>`)}</select></label>
          <label>${pt('pen.form.samplingId')}<input name="samplingId" data-testid="pen-f-samplingId" autocomplete="off" /></label>
          <label>${pt('pen.form.batchId')}<input name="batchId" data-testid="pen-f-batchId" autocomplete="off" /></label>
          ${s.nonConformingSamplings + 1 === defaultProfile.penaltyLadder.value.rectificationAt
            ? html`<label>${pt('pen.form.deadline')}<input type="date" name="rectificationDeadline" data-testid="pen-f-deadline" min=${view.today} /></label>`
            : nothing}`;
      case 'new-authorisation':
        return html`<label>${pt('pen.form.authorisationId')}<input name="authorisationId" data-testid="pen-f-authorisationId" autocomplete="off" /></label>`;
      default:
        return nothing;
    }
  }

  private renderDecide(view: PenaltyLadderView) {
    if (!this.isRegulator) return html`<p class="muted">${pt('pen.regulatorOnly')}</p>`;
    const admitted = formOrder.filter((t) => admittedEvents(view.standing.standing).includes(t));
    const type = this.type !== null && admitted.includes(this.type) ? this.type : null;
    return html`<section class="card" data-testid="pen-decide">
      <h3>${pt('pen.decide')}</h3>
      <p class="small">${pt('pen.decideLead', { today: view.today })}</p>
      <div class="types" role="group" aria-label=${pt('pen.form.type')}>
        ${admitted.map(
          (t) => html`<button type="button" aria-pressed=${t === type ? 'true' : 'false'} data-testid=${`pen-type-${t}`} @click=${() => ((this.type = t), (this.problem = ''), (this.saved = null))}>${eventText(t)}</button>`,
        )}
      </div>
      ${type === null
        ? nothing
        : html`<form class="grid" novalidate @submit=${(e: Event) => void this.decide(e, view, type)} data-testid="pen-form" data-type=${type}>
            ${this.renderTypeFields(view, type)}
            <label>${pt('pen.form.date')}<input type="date" name="date" data-testid="pen-f-date" .value=${view.today} max=${view.today} /></label>
            <label>${pt('pen.form.reference')}<input name="reference" data-testid="pen-f-reference" autocomplete="off" /></label>
            <label>${pt('pen.form.decidedBy')}<input name="decidedBy" data-testid="pen-f-decidedBy" .value=${this.session?.user.displayName ?? ''} /></label>
            <label class="wide">${pt('pen.form.reason')}<input name="reason" data-testid="pen-f-reason" autocomplete="off" /></label>
            ${this.problem ? html`<p class="error wide" role="alert" data-testid="pen-problem">${this.problem}</p>` : nothing}
            <div class="wide"><button class="primary" type="submit" ?disabled=${this.saving} data-testid="pen-submit">${this.saving ? pt('pen.form.saving') : pt('pen.form.submit')}</button></div>
          </form>`}
    </section>`;
  }

  private renderLadder() {
    const l = this.ladder;
    if (l === null) return nothing;
    if (l.state === 'loading') return html`<p class="muted" role="status">${pt('pen.loading')}</p>`;
    if (l.state === 'error') return html`<p class="error" role="alert">${l.text}</p>`;
    const saved = this.saved;
    return html`${this.renderStanding(l.data)}
    ${saved ? html`<p class="note" role="status" data-testid="pen-note">${pt('pen.form.saved', { what: eventText(saved.type), standing: standingText(saved.standing) })}</p>` : nothing}
    ${this.renderTimeline(l.data.events)} ${this.renderDecide(l.data)}`;
  }

  override render() {
    const l = this.list;
    if (l.state === 'loading') return html`<p class="muted" role="status">${pt('pen.loading')}</p>`;
    if (l.state === 'error') return html`<p class="error" role="alert" data-testid="pen-error">${l.text}</p>`;
    return html`<p class="lead">${pt('pen.lead')}</p>
      ${this.renderList(l.data)} ${this.renderLadder()}`;
  }
}

customElements.define('erjian-reg-penalties', RegPenalties);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reg-penalties': RegPenalties;
  }
}
