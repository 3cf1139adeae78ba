import { LitElement, css, html, nothing } from 'lit';
import type { SessionStandingNotice } from '../../domain/index.ts';
import { fill } from '../certificate/certificateText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { standingNoticeText } from './standingNoticeText.ts';

/**
 * The penalty ladder's warning for the model chosen at the bench (docs/penalties.md "At the
 * bench"): each decision with its date and 文号, what it means for this session, and
 * 我已知晓 — the bench's connect button waits for it. Read from two metres at 1366 × 768.
 * The bench view holds the acknowledgement (it gates the connection); this shows it.
 *
 * @fires acknowledge - detail {acknowledged: boolean}: the operator ticked or unticked 我已知晓
 */
export class StandingNotice extends LitElement {
  static override properties = { notices: { attribute: false }, syncedOn: { attribute: false }, acknowledged: { type: Boolean } };
  declare notices: readonly SessionStandingNotice[];
  /** the Tai'an date of the PC's last sync, the source of what is shown */
  declare syncedOn: string | null;
  declare acknowledged: boolean;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.notices = [];
    this.syncedOn = null;
    this.acknowledged = false;
  }

  static override styles = css`
    :host { display: block; }
    .standing { margin: 1rem 0 0; padding: 0.8rem 1.2rem 1rem; border: 4px solid #b26a00; border-radius: 10px; background: #fff4dc; color: #2b1a00; }
    h3 { margin: 0 0 0.4rem; font-size: 1.7rem; color: #8a3c00; }
    p { margin: 0.3rem 0; font-size: 1.5rem; font-weight: 700; line-height: 1.4; }
    .consequence { color: #b71c1c; }
    .ackrow { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem 1.6rem; margin-top: 0.7rem; }
    label.ack { display: flex; flex-direction: row; align-items: center; gap: 0.8rem; padding: 0.5rem 1rem; border: 3px solid #b26a00; border-radius: 8px; background: #fff; color: #15202b; font-size: 1.5rem; font-weight: 800; cursor: pointer; }
    input[type='checkbox'] { width: 2rem; height: 2rem; margin: 0; accent-color: #b26a00; cursor: pointer; }
    input[type='checkbox']:focus-visible { outline: 3px solid #ffd24d; outline-offset: 2px; }
    .needack { color: #8a3c00; font-size: 1.2rem; font-weight: 700; }
    .synced { color: #4a5a6a; font-size: 1rem; }
  `;

  private toggle(e: Event): void {
    const acknowledged = (e.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent('acknowledge', { detail: { acknowledged }, bubbles: true, composed: true }));
  }

  override render() {
    if (this.notices.length === 0) return nothing;
    return html`<section class="standing" role="alert" data-testid="bench-standing" aria-labelledby="standing-title">
      <h3 id="standing-title">⚠ ${t('guide.standing.title')}</h3>
      ${this.notices.map((n) => html`<p class="decision" data-testid="bench-standing-notice" data-code=${n.code}>${standingNoticeText(n)}</p>`)}
      <p class="consequence" data-testid="bench-standing-consequence">${t('guide.standing.consequence')}</p>
      <div class="ackrow">
        <label class="ack">
          <input type="checkbox" data-testid="bench-standing-ack" .checked=${this.acknowledged} @change=${this.toggle} />
          ${t('guide.standing.ack')}
        </label>
        ${this.acknowledged ? nothing : html`<span class="needack" data-testid="bench-standing-need-ack">${t('guide.standing.needAck')}</span>`}
        ${this.syncedOn === null ? nothing : html`<span class="synced" data-testid="bench-standing-synced">${fill(t('guide.standing.synced'), { date: this.syncedOn })}</span>`}
      </div>
    </section>`;
  }
}

customElements.define('erjian-standing-notice', StandingNotice);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-standing-notice': StandingNotice;
  }
}
