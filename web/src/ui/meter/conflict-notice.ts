import { LitElement, css, html, nothing } from 'lit';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import type { ConflictNotice } from '../sync/conflicts.ts';
import { fill } from './meterText.ts';

/**
 * The notice on a meter's record when the server holds current records of its serial from
 * another device too (docs/sync.md "Conflicts"): which devices, and which record the server
 * shows — this PC's or the other's — so the verifier knows what the public sees.
 */
export class ConflictNoticeView extends LitElement {
  static override properties = { notice: { attribute: false } };
  declare notice: ConflictNotice | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.notice = null;
  }

  static override styles = css`
    :host { display: block; }
    .notice { background: #fff7e0; border: 2px solid #b26a00; border-radius: 12px; padding: 1rem 1.4rem; color: #15202b; }
    h3 { margin: 0 0 0.5rem; font-size: 1.25rem; color: #8a4b00; }
    p { margin: 0.3rem 0; font-size: 1.05rem; line-height: 1.55; }
    .mono { font-family: ui-monospace, monospace; font-size: 0.9rem; overflow-wrap: anywhere; }
    .shown { font-weight: 700; }
    .muted { color: #5a6775; font-size: 0.92rem; }
  `;

  override render() {
    const n = this.notice;
    if (n === null) return nothing;
    const shown = n.shown;
    return html`<section class="notice" role="alert" data-testid="meter-conflict">
      <h3>${t('meter.conflict.heading')}</h3>
      <p>${fill(t('meter.conflict.others'), { serial: n.serial, devices: n.otherDevices.join('、') })}</p>
      ${shown
        ? html`<p class="shown" data-testid="meter-conflict-shown" data-own=${String(shown.own)}>
            ${fill(t(shown.own ? 'meter.conflict.shownOwn' : 'meter.conflict.shownOther'), { id: shown.verificationId })}
          </p>`
        : nothing}
      <p>${t('meter.conflict.advice')}</p>
      <p class="muted">${t('meter.conflict.asOf')}</p>
    </section>`;
  }
}

customElements.define('erjian-conflict-notice', ConflictNoticeView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-conflict-notice': ConflictNoticeView;
  }
}
