import { LitElement, css, html } from 'lit';
import type { RecordCheck, RecordIntegrity } from '../../store/meterRecordView.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { fill, recordProblemText } from './meterText.ts';

const CHECKS: readonly RecordCheck[] = ['signature', 'chain', 'raw-lines', 'verdict', 'runs'];

/**
 * The integrity of one record (store/meterRecordView.ts checkRecordIntegrity): each check
 * with its status, the first problem where it is (a raw line by seq, a run by point), and
 * "verify again". OK and broken differ by a mark and a word, not by colour alone.
 *
 * @fires verify-again - the person asked for the checks to run again
 */
export class RecordIntegrityBox extends LitElement {
  static override properties = { integrity: { attribute: false }, checking: { type: Boolean }, progress: { attribute: false } };
  declare integrity: RecordIntegrity | null;
  declare checking: boolean;
  declare progress: { done: number; total: number } | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.integrity = null;
    this.checking = false;
    this.progress = null;
  }

  static override styles = css`
    :host { display: block; border: 3px solid #d5dde6; border-radius: 12px; padding: 0.8rem 1.2rem; background: #fff; }
    :host([state='ok']) { border-color: #1b6e20; }
    :host([state='broken']) { border-color: #b71c1c; background: #fffafa; }
    .head { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
    h3 { margin: 0; font-size: 1.1rem; color: #4a5a6a; font-weight: 600; }
    .summary { font-size: 1.35rem; font-weight: 800; flex: 1; }
    .ok { color: #1b6e20; }
    .broken, .failed { color: #b71c1c; }
    .not-available { color: #8a5300; }
    .problem { font-size: 1.2rem; font-weight: 700; color: #b71c1c; margin: 0.5rem 0; }
    ul { list-style: none; padding: 0; margin: 0.5rem 0 0; display: grid; grid-template-columns: max-content max-content; gap: 0.2rem 1.5rem; }
    .lines { color: #4a5a6a; font-size: 0.9rem; margin-top: 0.4rem; }
    button { font: inherit; font-size: 1.05rem; padding: 0.45rem 1.2rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
    button:disabled { opacity: 0.6; cursor: default; }
    button:focus-visible { outline: 3px solid #ffd24d; }
  `;

  override updated(): void {
    const i = this.integrity;
    this.setAttribute('state', this.checking || i === null ? 'checking' : i.ok ? 'ok' : 'broken');
  }

  override render() {
    const i = this.integrity;
    const busy = this.checking || i === null;
    const p = this.progress;
    return html`
      <div class="head">
        <h3>${t('meter.integrity')}</h3>
        <span class="summary ${busy ? '' : i.ok ? 'ok' : 'broken'}" data-testid="record-integrity" data-state=${busy ? 'checking' : i.ok ? 'ok' : 'broken'} role="status">
          ${busy ? `${t('meter.integrity.checking')}${p ? ` ${p.done} / ${p.total}` : ''}` : i.ok ? t('meter.integrity.ok') : t('meter.integrity.broken')}
        </span>
        <button data-testid="record-verify-again" ?disabled=${busy} @click=${() => this.dispatchEvent(new CustomEvent('verify-again', { bubbles: true, composed: true }))}>
          ${t('meter.integrity.again')}
        </button>
      </div>
      ${!busy && i.firstProblem
        ? html`<p class="problem" data-testid="record-problem" data-code=${i.firstProblem.code} data-seq=${i.firstProblem.seq ?? ''}>✗ ${recordProblemText(i.firstProblem)}</p>`
        : ''}
      ${busy
        ? ''
        : html`<ul>
              ${CHECKS.map(
                (c) => html`<li>${t(`meter.check.${c}`)}</li>
                  <li class=${i.checks[c]} data-testid="check-${c}" data-status=${i.checks[c]}>${t(`meter.status.${i.checks[c]}`)}</li>`,
              )}
            </ul>
            <div class="lines" data-testid="record-lines">${fill(t('meter.integrity.lines'), { done: i.linesChecked, total: i.linesCited })}</div>`}
    `;
  }
}

customElements.define('erjian-record-integrity', RecordIntegrityBox);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-record-integrity': RecordIntegrityBox;
  }
}
