import { LitElement, css, html, nothing } from 'lit';
import type { ReadingDoubtCode } from '../../domain/index.ts';
import { fill } from '../certificate/certificateText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { questionDialogStyles } from './questionDialogStyles.ts';

/**
 * What the reading sheet asks before it records a reading: is an implausible reading
 * right (domain/readingPlausibility.ts), or why a recorded reading is corrected — a
 * reading is never edited, the correction is a new entry with its reason (issue 14).
 */
export type ReadingQuestion =
  | { kind: 'doubt'; pos: number; typed: string; code: ReadingDoubtCode; startL: number; endL: number; changeL: number; volL: number }
  | { kind: 'fix'; pos: number; typed: string; old: string };

const litres = (v: number) => String(Number(v.toFixed(3)));

/**
 * A modal dialog, so nothing else moves meanwhile. On a doubt the safe answer, 重新输入,
 * has the focus: Enter does not wave a slip through.
 *
 * @fires answer - detail {accept: boolean, reason?: string}: 确认无误 / 更正 (accept) or 重新输入 / 不更正 (Escape too)
 */
export class ReadingQuestionDialog extends LitElement {
  static override properties = { question: { attribute: false }, reason: { state: true } };
  declare question: ReadingQuestion | null;
  declare reason: string;

  constructor() {
    super();
    new LocaleController(this);
    this.question = null;
    this.reason = '';
  }

  static override styles = [
    questionDialogStyles,
    css`
      dialog { padding: 1.4rem 1.8rem; max-width: 40rem; font-size: 1.4rem; }
      dialog::backdrop { background: rgba(21, 32, 43, 0.5); }
      h2 { margin: 0 0 0.8rem; font-size: 1.8rem; }
      p { margin: 0 0 1rem; line-height: 1.5; }
      input:focus-visible, button:focus-visible { outline-width: 4px; }
      .actions { gap: 1rem; margin-top: 1.2rem; }
      button { padding: 0.6rem 1.2rem; }
    `,
  ];


  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('question')) return;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.question !== null) {
      if (!dialog.open) dialog.showModal();
      this.reason = '';
      const first = this.renderRoot.querySelector<HTMLElement>(this.question.kind === 'fix' ? 'input' : '[data-testid="reading-retype"]');
      first?.focus();
    } else if (dialog.open) dialog.close();
  }

  private answer(accept: boolean): void {
    const q = this.question;
    if (q === null) return;
    const reason = this.reason.trim();
    if (accept && q.kind === 'fix' && reason === '') return;
    this.dispatchEvent(new CustomEvent('answer', { detail: accept && q.kind === 'fix' ? { accept, reason } : { accept }, bubbles: true, composed: true }));
  }

  private renderBody(q: ReadingQuestion) {
    if (q.kind === 'doubt') {
      return html`<h2>${fill(t('reading.doubt.title'), { pos: q.pos })}</h2>
        <p data-testid="reading-doubt" data-code=${q.code}>${fill(t(`reading.doubt.${q.code}`), { start: litres(q.startL), end: litres(q.endL), change: litres(q.changeL), vol: litres(q.volL) })}</p>
        <div class="actions">
          <button type="button" class="secondary" data-testid="reading-confirm" @click=${() => this.answer(true)}>${t('reading.doubt.confirm')}</button>
          <button type="button" data-testid="reading-retype" @click=${() => this.answer(false)}>${t('reading.doubt.retype')}</button>
        </div>`;
    }
    return html`<h2>${fill(t('reading.fix.title'), { pos: q.pos })}</h2>
      <p>${fill(t('reading.fix.lead'), { old: q.old, new: q.typed })}</p>
      <form @submit=${(e: Event) => (e.preventDefault(), this.answer(true))}>
        <label>${t('reading.fix.reason')}
          <input data-testid="reading-fix-reason" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} />
        </label>
        <div class="actions">
          <button type="button" class="secondary" data-testid="reading-fix-cancel" @click=${() => this.answer(false)}>${t('reading.fix.cancel')}</button>
          <button type="submit" data-testid="reading-fix-confirm" ?disabled=${this.reason.trim() === ''}>${t('reading.fix.confirm')}</button>
        </div>
      </form>`;
  }

  override render() {
    return html`<dialog data-testid="reading-question" @cancel=${(e: Event) => (e.preventDefault(), this.answer(false))}>
      ${this.question === null ? nothing : this.renderBody(this.question)}
    </dialog>`;
  }
}

customElements.define('erjian-reading-question', ReadingQuestionDialog);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reading-question': ReadingQuestionDialog;
  }
}
