import { LitElement, css, html } from 'lit';
import type { RecallDetail } from '../../../../sync-server/src/supervision/recallApi.ts';
import type { SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import './recall-define.ts';
import './recall-list.ts';
import type { RecallList } from './recall-list.ts';
import { rct } from './recallMessages.ts';
import { recallStyles } from './recallStyles.ts';

/**
 * The enterprise's recalls under #/admin (docs/recalls.md): the enterprise admin defines a
 * recall (by bench and dates, batch or model; preview, then confirm) and marks each affected
 * meter 已召回 or 已更换; other people who may read recalls see the list only.
 */
export class AdminRecalls extends LitElement {
  static override properties = { session: { attribute: false }, enterpriseId: { attribute: false }, defining: { state: true }, note: { state: true } };
  declare session: SessionView | null;
  declare enterpriseId: string | null;
  declare defining: boolean;
  declare note: string;

  static override styles = [recallStyles, css`:host { margin-top: 1.6rem; }`];

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.enterpriseId = null;
    this.defining = false;
    this.note = '';
  }

  private async defined(e: CustomEvent<RecallDetail>): Promise<void> {
    this.defining = false;
    this.note = rct('rc.defined', { id: e.detail.id, n: e.detail.progress.total });
    await this.renderRoot.querySelector<RecallList>('erjian-recall-list')?.reload(e.detail.id);
  }

  override render() {
    const s = this.session;
    if (!s || !this.enterpriseId) return html``;
    const isEnterpriseAdmin = s.user.roles.includes('enterprise-admin');
    return html`<section data-testid="admin-recalls">
      <h3>${rct('rc.heading')}</h3>
      <p class="lead">${rct('rc.lead')}</p>
      ${isEnterpriseAdmin
        ? this.defining
          ? html`<div class="card">
              <erjian-recall-define .session=${s} .enterpriseId=${this.enterpriseId} @recall-defined=${this.defined}></erjian-recall-define>
              <p><button @click=${() => (this.defining = false)}>${rct('rc.cancel')}</button></p>
            </div>`
          : html`<button class="primary" data-testid="rc-new" @click=${() => ((this.defining = true), (this.note = ''))}>${rct('rc.new')}</button>`
        : html`<p class="muted">${rct('rc.readOnly')}</p>`}
      ${this.note ? html`<p class="ok" role="status" data-testid="rc-defined">${this.note}</p>` : ''}
      <erjian-recall-list .session=${s} .enterpriseId=${this.enterpriseId} .canMark=${isEnterpriseAdmin}></erjian-recall-list>
    </section>`;
  }
}

customElements.define('erjian-admin-recalls', AdminRecalls);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-admin-recalls': AdminRecalls;
  }
}
