import { LitElement, css, html } from 'lit';
import type { SupersededRecord } from '../../store/meterRecordView.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { fill, instantText } from './meterText.ts';

/**
 * The meter's earlier verifications, each with why it was replaced: records are never
 * edited, a re-verification is a new record naming the old one (docs/rules.md R-RECORD).
 */
export class SupersededList extends LitElement {
  static override properties = { items: { attribute: false } };
  declare items: SupersededRecord[];

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.items = [];
  }

  static override styles = css`
    :host { display: block; }
    ol { margin: 0; padding-left: 1.5rem; }
    li { margin-bottom: 0.6rem; font-size: 1.05rem; }
    .v { font-weight: 800; margin-right: 0.6rem; }
    .pass { color: #1b6e20; }
    .fail { color: #b71c1c; }
    .why { color: #4a5a6a; }
    .mono { font-family: ui-monospace, monospace; font-size: 0.85rem; color: #6a7785; }
    p { color: #6a7785; margin: 0; }
  `;

  override render() {
    if (this.items.length === 0) return html`<p>${t('meter.supersededNone')}</p>`;
    return html`<ol>
      ${this.items.map(
        ({ record: r, replacedBy }) => html`<li data-testid="superseded-${r.id}">
          <span class="v ${r.verdict.passed ? 'pass' : 'fail'}">${r.verdict.passed ? `✓ ${t('verdict.pass')}` : `✗ ${t('verdict.fail')}`}</span>
          ${r.verificationDate} · ${r.operator} · ${instantText(r.createdAt)}
          <div class="why">${fill(t('meter.supersededBy'), { date: replacedBy.verificationDate, reason: replacedBy.reason ?? '—' })}</div>
          <div class="mono">${r.id}</div>
        </li>`,
      )}
    </ol>`;
  }
}

customElements.define('erjian-superseded-list', SupersededList);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-superseded-list': SupersededList;
  }
}
