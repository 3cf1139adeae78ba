import { LitElement, css, html } from 'lit';
import { LocaleController } from '../i18n/localeController.ts';
import { Task } from '../load.ts';
import { AdminApiError } from '../admin/adminApi.ts';
import { regulatorErrorText, rt } from './messages.ts';
import { regulatorApi } from './regulatorApi.ts';

/**
 * The publications that did not go through (docs/nqi.md "Dead letters"): the outbox's
 * counts, each dead letter with the platform's answer, and for a system admin a button that
 * sends them all again.
 */
export class NqiDeadLetters extends LitElement {
  static override properties = { canRetry: { type: Boolean }, csrfToken: { attribute: false }, note: { state: true } };
  declare canRetry: boolean;
  declare csrfToken: string;
  declare note: string;

  private readonly load = new Task(this, {
    task: async ([], { signal }) => ({ status: await regulatorApi.status(signal), letters: await regulatorApi.deadLetters(signal) }),
    args: () => [] as const,
  });

  constructor() {
    super();
    new LocaleController(this);
    this.canRetry = false;
    this.csrfToken = '';
    this.note = '';
  }

  private async retryAll(): Promise<void> {
    try {
      this.note = rt('reg.dead.requeued', { n: await regulatorApi.retryAll(this.csrfToken) });
    } catch (err) {
      this.note = regulatorErrorText(err instanceof AdminApiError ? err.reason : String(err));
    }
    void this.load.run();
  }

  static override styles = css`
    :host { display: block; margin-top: 1.6rem; }
    h3 { font-size: 1.2rem; margin: 0 0 0.4rem; }
    .muted { color: var(--erjian-muted); }
    table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; }
    th, td { border-bottom: 1px solid #d5dbe1; padding: 0.35rem 0.6rem; text-align: left; }
    th { background: #f2f5f8; }
    td.n { text-align: right; }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.35rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
    button:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    .error { color: var(--erjian-danger); font-weight: 700; }
  `;

  override render() {
    return html`<h3>${rt('reg.dead.heading')}</h3>
      ${this.load.render({
        pending: () => html`<p class="muted" role="status">…</p>`,
        error: (err) => html`<p class="error" role="alert">${regulatorErrorText(err instanceof AdminApiError ? err.reason : String(err))}</p>`,
        complete: ({ status, letters }) => html`
          <p class="muted" data-testid="reg-outbox">
            ${rt('reg.dead.outbox', { pending: status.outbox.pending, sent: status.outbox.sent, dead: status.outbox.dead, skipped: status.outbox.skipped })} · ${rt('reg.dead.platform', { url: status.platform.url })}
            ${status.platform.simulator ? rt('reg.dead.simulator') : ''}
          </p>
          ${letters.length === 0
            ? html`<p>${rt('reg.dead.none')}</p>`
            : html`<table data-testid="reg-dead-letters">
                  <thead>
                    <tr><th>${rt('reg.dead.col.serial')}</th><th>${rt('reg.dead.col.batch')}</th><th>${rt('reg.dead.col.reason')}</th><th>${rt('reg.dead.col.attempts')}</th><th>${rt('reg.dead.col.error')}</th></tr>
                  </thead>
                  <tbody>
                    ${letters.map(
                      (l) => html`<tr>
                        <td>${l.serial ?? l.verification_id}</td>
                        <td>${l.batch_id ?? ''}</td>
                        <td>${l.dead_reason ? rt(`reg.dead.reason.${l.dead_reason}`) : ''}</td>
                        <td class="n">${l.attempts}</td>
                        <td>${l.last_status ?? ''} ${l.last_error ?? ''}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
                ${this.canRetry ? html`<button @click=${this.retryAll} data-testid="reg-retry-all">${rt('reg.dead.retryAll')}</button>` : html`<p class="muted">${rt('reg.dead.adminOnly')}</p>`}`}
          ${this.note ? html`<p role="status">${this.note}</p>` : ''}
        `,
      })}`;
  }
}

customElements.define('erjian-nqi-dead-letters', NqiDeadLetters);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-nqi-dead-letters': NqiDeadLetters;
  }
}
