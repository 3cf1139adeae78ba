import { LitElement, css, html } from 'lit';
import { reverificationReason, type CurrentRecord } from '../../domain/index.ts';
import { fill } from '../certificate/certificateText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { questionDialogStyles } from './questionDialogStyles.ts';

export interface ReverifyQuestion {
  pos: number;
  serial: string;
  current: CurrentRecord;
}

/**
 * Asks whether a meter that already has a record is being verified again, and why
 * (docs/rules.md R-IDENT, R-RECORD): the new record supersedes the current one and carries
 * the reason, so "yes" stays disabled until a reason is typed. A modal dialog, so nothing
 * else on the bench moves meanwhile.
 *
 * @fires reverify - detail {pos, serial, supersedes, reason}: the operator confirmed
 * @fires reverify-cancel - the operator said no (or pressed Escape)
 */
export class ReverifyDialog extends LitElement {
  static override properties = { question: { attribute: false }, reason: { state: true } };
  declare question: ReverifyQuestion | null;
  declare reason: string;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.question = null;
    this.reason = '';
  }

  static override styles = [
    questionDialogStyles,
    css`
      dialog { padding: 1.2rem 1.5rem; max-width: 36rem; font-size: 1.15rem; }
      dialog::backdrop { background: rgba(21, 32, 43, 0.45); }
      h2 { margin: 0 0 0.6rem; font-size: 1.5rem; }
      p { margin: 0 0 0.8rem; line-height: 1.5; }
      .actions { gap: 0.8rem; margin-top: 1rem; }
      button { padding: 0.5rem 1rem; }
    `,
  ];


  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('question')) return;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.question !== null && !dialog.open) {
      this.reason = '';
      dialog.showModal();
      this.renderRoot.querySelector('input')?.focus();
    } else if (this.question === null && dialog.open) dialog.close();
  }

  private confirm(e: Event): void {
    e.preventDefault();
    const q = this.question;
    const reason = reverificationReason(this.reason);
    if (q === null || reason === null) return;
    this.dispatchEvent(new CustomEvent('reverify', { detail: { pos: q.pos, serial: q.serial, supersedes: q.current.id, reason }, bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('reverify-cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const q = this.question;
    const lead = q === null ? '' : fill(t('guide.reverify.lead'), { serial: q.serial, date: q.current.verificationDate, verdict: t(q.current.passed ? 'verdict.pass' : 'verdict.fail') });
    return html`<dialog data-testid="reverify-dialog" @cancel=${(e: Event) => (e.preventDefault(), this.cancel())}>
      <form @submit=${this.confirm}>
        <h2>${t('guide.reverify.title')}</h2>
        <p>${lead}</p>
        <label>${t('guide.reverify.reason')}
          <input data-testid="reverify-reason" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} />
        </label>
        <div class="actions">
          <button type="button" class="secondary" data-testid="reverify-cancel" @click=${this.cancel}>${t('guide.reverify.cancel')}</button>
          <button type="submit" data-testid="reverify-confirm" ?disabled=${reverificationReason(this.reason) === null}>${t('guide.reverify.confirm')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

customElements.define('erjian-reverify-dialog', ReverifyDialog);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reverify-dialog': ReverifyDialog;
  }
}
