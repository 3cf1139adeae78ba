import { LitElement, css, html } from 'lit';
import { appStore } from '../appStore.ts';
import { dateTime } from '../batches/format.ts';
import { errorText, shownError, type ShownError } from '../i18n/errorText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import { interruptedSessions } from '../../store/index.ts';
import { viewOfProgress, type SessionView } from './sessionModel.ts';
import { interruptionText } from './sessionText.ts';

type Load = { state: 'loading' } | { state: 'error'; error: ShownError } | { state: 'done'; sessions: SessionView[] };

/**
 * #/sessions — the interrupted sessions of this PC (the home page's "中断的检定" opens it),
 * newest first: when, which bench and batch, how many meters and stored runs, and why it
 * was interrupted; each opens its session (issue 10 item 4).
 */
export class SessionsView extends LitElement {
  static override properties = { load: { state: true } };
  declare load: Load;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.load = { state: 'loading' };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.read();
  }

  private async read(): Promise<void> {
    try {
      const { db } = await appStore();
      const all = await interruptedSessions(db);
      const sessions = await Promise.all(all.map((p) => viewOfProgress(db, p)));
      this.load = { state: 'done', sessions };
    } catch (err) {
      this.load = { state: 'error', error: shownError(err) };
    }
  }

  static override styles = css`
    :host { display: block; }
    .card { background: #fff; border-radius: 12px; padding: 1.2rem 1.6rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h2 { margin: 0 0 0.6rem; }
    .lead { color: #4a5a6a; line-height: 1.6; }
    table { width: 100%; border-collapse: collapse; margin-top: 1rem; font-size: 1.05rem; }
    th, td { text-align: left; padding: 0.5rem 0.6rem; border-bottom: 1px solid #e1e7ee; }
    th { color: #4a5a6a; font-weight: 600; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; }
    a.open { display: inline-block; padding: 0.35rem 1rem; border-radius: 8px; background: var(--erjian-primary); color: #fff; text-decoration: none; font-weight: 700; white-space: nowrap; }
    .error { color: #b71c1c; font-weight: 700; }
  `;

  override render() {
    const l = this.load;
    return html`<div class="card">
      <h2>${t('sessions.heading')}</h2>
      <p class="lead">${t('sessions.lead')}</p>
      ${l.state === 'loading' ? html`<p role="status">${t('sessions.loading')}</p>` : ''}
      ${l.state === 'error' ? html`<p class="error" role="alert">${errorText(l.error)}</p>` : ''}
      ${l.state === 'done' && l.sessions.length === 0 ? html`<p data-testid="sessions-none">${t('sessions.none')}</p>` : ''}
      ${l.state === 'done' && l.sessions.length > 0
        ? html`<table data-testid="sessions-list">
            <thead>
              <tr>
                <th>${t('sessions.started')}</th><th>${t('sessions.bench')}</th><th>${t('sessions.operator')}</th><th>${t('sessions.meterType')}</th>
                <th>${t('sessions.batch')}</th><th>${t('sessions.meters')}</th><th>${t('sessions.runs')}</th><th>${t('sessions.reason')}</th><th></th>
              </tr>
            </thead>
            <tbody>
              ${l.sessions.map(
                (s) => html`<tr>
                  <td>${dateTime(s.session.startedAt)}</td>
                  <td>${s.session.bench.id}</td>
                  <td>${s.session.operator}</td>
                  <td>${s.meterType?.model ?? '—'}</td>
                  <td>${s.batchId ?? '—'}</td>
                  <td class="n">${s.meters.length}</td>
                  <td class="n">${s.runsStored}</td>
                  <td>${interruptionText(s.session.interruption)}</td>
                  <td><a class="open" data-testid="session-item" data-session-id=${s.session.id} href=${hrefOf({ view: 'session', sessionId: s.session.id })}>${t('sessions.open')}</a></td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : ''}
    </div>`;
  }
}

customElements.define('erjian-sessions', SessionsView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-sessions': SessionsView;
  }
}
