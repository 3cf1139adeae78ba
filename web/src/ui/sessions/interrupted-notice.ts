import { LitElement, css, html } from 'lit';
import { interruptedSessions } from '../../store/index.ts';
import { appStore } from '../appStore.ts';
import { dateTime } from '../batches/format.ts';
import { fill } from '../certificate/certificateText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import { viewOfProgress, type SessionView } from './sessionModel.ts';

/** The session `#/bench?resume=<id>` asks for (from a session's page), if any. */
function askedFor(): string | null {
  return new URLSearchParams(location.hash.split('?')[1] ?? '').get('resume');
}

/**
 * On the bench page, before connecting: the sessions a crash, a closed browser or a
 * reload interrupted, each with 继续此检定 — so a reload mid-run never leaves an empty
 * form and no word of the run (issue 10 item 4). Opening this also marks sessions left
 * running as interrupted (appStore start-up).
 *
 * @fires resume - detail {sessionId}: continue that session on the bench
 */
export class InterruptedNotice extends LitElement {
  static override properties = { sessions: { state: true }, asked: { state: true } };
  declare sessions: SessionView[];
  declare asked: string | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.sessions = [];
    this.asked = null;
  }

  private readonly onHash = () => {
    this.asked = askedFor();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.asked = askedFor();
    window.addEventListener('hashchange', this.onHash);
    void this.refresh();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  async refresh(): Promise<void> {
    try {
      const { db } = await appStore();
      const all = await interruptedSessions(db);
      this.sessions = await Promise.all(all.map((p) => viewOfProgress(db, p)));
    } catch {
      // The shell's banners tell what is wrong with the database; the bench still connects.
      this.sessions = [];
    }
  }

  static override styles = css`
    :host { display: block; }
    :host([hidden]) { display: none; }
    .notice { background: #fff4e0; border-left: 6px solid #c77800; border-radius: 10px; padding: 0.9rem 1.2rem; margin-bottom: 1rem; }
    .notice p { margin: 0 0 0.6rem; font-size: 1.15rem; font-weight: 700; color: #15202b; }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.5rem; }
    li { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
    li.asked { outline: 3px solid #ffd24d; border-radius: 8px; padding: 0.3rem 0.5rem; }
    button { font: inherit; font-size: 1.1rem; padding: 0.4rem 1.1rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; font-weight: 700; }
    a { color: var(--erjian-primary); font-weight: 700; }
  `;

  override render() {
    if (this.sessions.length === 0) return '';
    const asked = this.asked;
    // The session asked for first, then the newest; a few at most (the rest are on #/sessions).
    const shown = [...this.sessions].sort((a, b) => Number(b.session.id === asked) - Number(a.session.id === asked)).slice(0, 3);
    return html`<div class="notice" role="alert" data-testid="interrupted-notice">
      <p>${fill(t('notice.interrupted'), { count: this.sessions.length })}</p>
      <ul>
        ${shown.map(
          (s) => html`<li class=${s.session.id === asked ? 'asked' : ''}>
            <span>${fill(t('notice.session'), { started: dateTime(s.session.startedAt), meterType: s.meterType?.model ?? '—', batch: s.batchId ?? '—', meters: s.meters.length, runs: s.runsStored })}</span>
            <button
              data-testid="interrupted-resume"
              data-session-id=${s.session.id}
              @click=${() => this.dispatchEvent(new CustomEvent('resume', { detail: { sessionId: s.session.id }, bubbles: true, composed: true }))}
            >${t('notice.resume')}</button>
            <a href=${hrefOf({ view: 'session', sessionId: s.session.id })}>${t('sessions.open')}</a>
          </li>`,
        )}
      </ul>
      <a href=${hrefOf({ view: 'sessions' })}>${t('notice.view')}</a>
    </div>`;
  }
}

customElements.define('erjian-interrupted-notice', InterruptedNotice);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-interrupted-notice': InterruptedNotice;
  }
}
