import { LitElement, css, html, type PropertyValues } from 'lit';
import { closeSession } from '../../store/index.ts';
import { appStore } from '../appStore.ts';
import { dateTime } from '../batches/format.ts';
import { fill } from '../certificate/certificateText.ts';
import { errorText, shownError, type ShownError } from '../i18n/errorText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import { loadSessionView, type SessionMeterView, type SessionView } from './sessionModel.ts';
import { interruptionText, runError, stateText } from './sessionText.ts';

type Load = { state: 'loading' } | { state: 'not-found' } | { state: 'error'; error: ShownError } | { state: 'found'; view: SessionView };

const operatorKey = 'erjian.operator';

/**
 * #/sessions/<id> — one session and everything it stored: each meter with its checks,
 * tightness, runs (E, counted or not) and the points still open. An interrupted session
 * can be continued on the bench (only what is open is run) or closed with a reason
 * (issue 10 item 4); both are the operator's decision, recorded and signed.
 */
export class SessionDetailView extends LitElement {
  static override properties = {
    sessionId: { type: String },
    load: { state: true },
    closing: { state: true },
    reason: { state: true },
    closeError: { state: true },
  };
  declare sessionId: string;
  declare load: Load;
  declare closing: boolean;
  declare reason: string;
  declare closeError: ShownError | null;
  private token = 0;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.sessionId = '';
    this.load = { state: 'loading' };
    this.closing = false;
    this.reason = '';
    this.closeError = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sessionId')) void this.read();
  }

  private async read(): Promise<void> {
    const token = ++this.token;
    this.load = { state: 'loading' };
    this.closing = false;
    try {
      const { db } = await appStore();
      const view = await loadSessionView(db, this.sessionId);
      if (token !== this.token) return;
      this.load = view === null ? { state: 'not-found' } : { state: 'found', view };
    } catch (err) {
      if (token === this.token) this.load = { state: 'error', error: shownError(err) };
    }
  }

  private resume(): void {
    location.hash = `#/bench?resume=${encodeURIComponent(this.sessionId)}`;
  }

  private async close(view: SessionView): Promise<void> {
    this.closeError = null;
    try {
      const { db } = await appStore();
      const by = (localStorage.getItem(operatorKey) ?? '').trim() || view.session.operator;
      await closeSession(db, view.session.id, by, this.reason);
      await this.read();
    } catch (err) {
      this.closeError = shownError(err);
    }
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 1.2rem; }
    .card { background: #fff; border-radius: 12px; padding: 1.2rem 1.6rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h2, h3 { margin: 0 0 0.6rem; }
    a.back { color: var(--erjian-primary); font-weight: 700; text-decoration: none; }
    .state { display: inline-block; font-weight: 800; font-size: 1.3rem; padding: 0.1rem 0.8rem; border-radius: 8px; background: #fff4e0; color: #8a5300; }
    .state[data-state='ended'] { background: #e8f5e9; color: #1b6e20; }
    .state[data-state='closed'] { background: #eef1f4; color: #4a5a6a; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; margin: 0.8rem 0 0; }
    dt { color: #4a5a6a; }
    dd { margin: 0; font-weight: 600; }
    table { width: 100%; border-collapse: collapse; font-size: 1.05rem; }
    th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #e1e7ee; }
    th { color: #4a5a6a; font-weight: 600; }
    td.e { text-align: right; font-variant-numeric: tabular-nums; font-weight: 700; white-space: nowrap; }
    .muted { color: #6b7a89; }
    .open { font-size: 1.2rem; font-weight: 800; color: #8a5300; }
    .actions { display: flex; gap: 0.8rem; flex-wrap: wrap; align-items: center; margin-top: 1rem; }
    button { font: inherit; font-size: 1.1rem; padding: 0.5rem 1.2rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; font-weight: 700; }
    button.secondary { background: #fff; color: var(--erjian-primary); }
    button[disabled] { opacity: 0.5; cursor: not-allowed; }
    textarea { font: inherit; font-size: 1.1rem; width: 100%; box-sizing: border-box; min-height: 4rem; padding: 0.5rem; border: 2px solid #8a97a5; border-radius: 8px; }
    .error { color: #b71c1c; font-weight: 700; }
    .hint { color: #4a5a6a; }
  `;

  private meterRow(m: SessionMeterView) {
    const checks = m.checksOk === null ? t('session.checks.none') : m.checksOk ? t('session.checks.ok') : t('session.checks.fail');
    const tight = m.tightness === null ? t('session.tight.none') : t(`session.tight.${m.tightness}`);
    return html`<tr data-testid="session-meter" data-serial=${m.serial}>
      <td>${m.pos ?? '—'}</td><td><b>${m.serial}</b></td><td>${checks}</td><td>${tight}</td><td>${m.open.join('、') || '—'}</td>
    </tr>`;
  }

  private runRows(v: SessionView) {
    const rows = v.meters.flatMap((m) => m.runs.map((r) => ({ m, r })));
    if (rows.length === 0) return html`<p class="muted">${t('session.noRuns')}</p>`;
    return html`<table>
      <thead><tr><th>${t('session.col.serial')}</th><th>${t('session.run.point')}</th><th>${t('session.run.e')}</th><th></th><th>${t('meter.col.when')}</th></tr></thead>
      <tbody>
        ${rows.map(
          ({ m, r }) => html`<tr data-testid="session-run" data-serial=${m.serial} data-point=${r.run.point}>
            <td>${m.serial}</td><td>${r.run.point}</td><td class="e">${runError(r.evaluation?.errorPct)}</td>
            <td class="muted">${r.evaluation !== null && !r.evaluation.valid ? t('session.run.invalid') : r.counted ? t('session.run.counted') : t('session.run.notCounted')}</td>
            <td class="muted">${dateTime(r.run.completedAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderActions(v: SessionView) {
    const s = v.session;
    if (s.state === 'closed' && s.closure) {
      return html`<p data-testid="session-closure">${fill(t('session.closed'), { at: dateTime(s.closure.at), by: s.closure.by, reason: s.closure.reason })}</p>`;
    }
    if (s.state !== 'interrupted') return '';
    return html`
      <p class="hint">${t('session.resumeHint')}</p>
      <div class="actions">
        <button data-testid="session-resume" @click=${this.resume}>${t('session.resume')}</button>
        ${this.closing ? '' : html`<button class="secondary" data-testid="session-close" @click=${() => (this.closing = true)}>${t('session.close')}</button>`}
      </div>
      ${this.closing
        ? html`<div class="actions" style="flex-direction: column; align-items: stretch">
            <label for="reason">${t('session.closeReason')}</label>
            <textarea id="reason" data-testid="session-close-reason" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
            <div class="actions">
              <button data-testid="session-close-confirm" ?disabled=${this.reason.trim() === ''} @click=${() => this.close(v)}>${t('session.closeConfirm')}</button>
              <button class="secondary" @click=${() => (this.closing = false)}>${t('session.closeCancel')}</button>
            </div>
          </div>`
        : ''}
      ${this.closeError ? html`<p class="error" role="alert">${errorText(this.closeError)}</p>` : ''}
    `;
  }

  private renderSession(v: SessionView) {
    const s = v.session;
    return html`
      <div class="card" data-testid="session-view">
        <a class="back" href=${hrefOf({ view: 'sessions' })}>${t('sessions.back')}</a>
        <h2>${t('session.heading')} <span class="state" data-testid="session-state" data-state=${s.state}>${stateText(s)}</span></h2>
        <dl>
          <dt>${t('sessions.started')}</dt><dd>${dateTime(s.startedAt)}</dd>
          <dt>${t('sessions.bench')}</dt><dd>${[s.bench.vendor, s.bench.model, s.bench.id].filter(Boolean).join(' · ')}</dd>
          <dt>${t('sessions.operator')}</dt><dd>${s.operator}</dd>
          <dt>${t('sessions.meterType')}</dt><dd>${v.meterType?.model ?? '—'}</dd>
          <dt>${t('sessions.batch')}</dt><dd>${v.batchId ?? '—'}</dd>
          ${s.interruption !== null ? html`<dt>${t('sessions.reason')}</dt><dd>${interruptionText(s.interruption)}</dd>` : ''}
        </dl>
        ${s.state === 'interrupted'
          ? html`<p class="open" data-testid="session-open">${v.open.length > 0 ? fill(t('session.openPoints'), { points: v.open.join(' → ') }) : t('session.nothingOpen')}</p>`
          : ''}
        ${this.renderActions(v)}
      </div>
      <div class="card">
        <h3>${t('sessions.meters')}</h3>
        <table>
          <thead><tr><th>${t('session.col.pos')}</th><th>${t('session.col.serial')}</th><th>${t('session.col.checks')}</th><th>${t('session.col.tightness')}</th><th>${t('session.col.open')}</th></tr></thead>
          <tbody>${v.meters.map((m) => this.meterRow(m))}</tbody>
        </table>
      </div>
      <div class="card">
        <h3>${t('session.runs')}</h3>
        ${this.runRows(v)}
      </div>
    `;
  }

  override render() {
    const l = this.load;
    if (l.state === 'loading') return html`<div class="card"><p role="status">${t('sessions.loading')}</p></div>`;
    if (l.state === 'not-found') return html`<div class="card"><p role="alert">${t('session.notFound')}</p></div>`;
    if (l.state === 'error') return html`<div class="card"><p class="error" role="alert">${errorText(l.error)}</p></div>`;
    return this.renderSession(l.view);
  }
}

customElements.define('erjian-session', SessionDetailView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-session': SessionDetailView;
  }
}
