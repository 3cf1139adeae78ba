import { LitElement, css, html } from 'lit';
import { LocaleController } from '../i18n/localeController.ts';
import { failureText, syncText } from './messages.ts';
import { onSyncView, startAutoSync, syncNow, syncView, type SyncView } from './syncService.ts';

/**
 * The one 同步 button of the app shell, on every screen: the count of records not yet
 * synced, a progress bar while a sync runs (lines and records answered / to send), and a
 * one-line state text a person (and a browser test) can read. Not enrolled: it opens the
 * enrolment screen (#/sync).
 *
 * @csspart button - the button
 */
export class SyncButton extends LitElement {
  static override properties = { view: { state: true } };
  declare view: SyncView;
  private off: (() => void) | undefined;

  constructor() {
    super();
    new LocaleController(this);
    this.view = syncView();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onSyncView((v) => (this.view = v));
    startAutoSync();
  }

  override disconnectedCallback(): void {
    this.off?.();
    super.disconnectedCallback();
  }

  static override styles = css`
    :host { position: relative; display: inline-flex; }
    /* The state line and the progress bar hang below the button, out of the flow: the button
       lines up with the navigation's links and the header is as tall in every language and state. */
    .below { position: absolute; top: calc(100% + 0.15rem); left: 0; display: flex; flex-direction: column; gap: 0.15rem; }
    button {
      /* the navigation's own size (app-shell nav a): one row, the same height as its links */
      font: inherit; font-size: 1.1rem; font-weight: 700; white-space: nowrap; cursor: pointer;
      min-height: 44px; padding: 0.5rem 1rem; border-radius: 8px;
      border: 2px solid var(--erjian-on-primary, #fff); background: var(--erjian-on-primary, #fff); color: var(--erjian-primary);
      display: inline-flex; align-items: center; gap: 0.5rem;
    }
    button:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    button[disabled] { cursor: progress; opacity: 0.85; }
    .count { min-width: 1.6em; padding: 0 0.4em; border-radius: 999px; background: var(--erjian-danger); color: #fff; font-size: 0.95rem; line-height: 1.3; text-align: center; }
    .count.zero { background: var(--erjian-ok); }
    .state { color: inherit; text-decoration: none; font-size: 0.8rem; white-space: nowrap; max-width: 18rem; overflow: hidden; text-overflow: ellipsis; }
    .state:hover { text-decoration: underline; }
    .state.failed { color: var(--erjian-focus); font-weight: 700; }
    progress { width: 100%; min-width: 8rem; height: 6px; accent-color: var(--erjian-focus); }
  `;

  private onClick(): void {
    if (!this.view.state?.enrolment) {
      location.hash = '#/sync';
      return;
    }
    void syncNow();
  }

  private stateText(): string {
    const v = this.view;
    if (v.running) {
      if (!v.progress || v.progress.phase === 'pull') return syncText('sync.pulling');
      return syncText('sync.progress', { sent: v.progress.sent, total: v.progress.total });
    }
    if (v.failure) return syncText('sync.failed', { why: failureText(v.failure) });
    if (v.state && !v.state.enrolment) return syncText('sync.notEnrolled');
    if (v.outcome?.lineRejection) return syncText('sync.doneLineRejected', { seq: v.outcome.lineRejection.seq });
    if (v.outcome && v.outcome.rejected.length > 0) return syncText('sync.doneRejected', { n: v.outcome.rejected.length });
    if (v.unsynced === 0) return syncText('sync.allSynced');
    if (v.unsynced !== null) return syncText('sync.unsynced', { n: v.unsynced });
    return '';
  }

  override render() {
    const v = this.view;
    const state = this.stateText();
    return html`
      <button part="button" data-testid="sync-button" title=${syncText('sync.buttonTitle')} ?disabled=${v.running} aria-busy=${v.running ? 'true' : 'false'} @click=${this.onClick}>
        ${syncText('sync.button')}
        ${v.unsynced !== null ? html`<span class="count ${v.unsynced === 0 ? 'zero' : ''}" data-testid="sync-count">${v.unsynced}</span>` : ''}
      </button>
      <div class="below">
        ${v.running && v.progress?.phase === 'push'
          ? html`<progress data-testid="sync-progress" max=${Math.max(1, v.progress.total)} value=${v.progress.sent}></progress>`
          : ''}
        <a class="state ${v.failure || v.outcome?.lineRejection || (v.outcome?.rejected.length ?? 0) > 0 ? 'failed' : ''}" href="#/sync" role="status" data-testid="sync-state" title=${state}>${state}</a>
      </div>
    `;
  }
}

customElements.define('erjian-sync-button', SyncButton);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-sync-button': SyncButton;
  }
}
