import { LitElement, css, html } from 'lit';
import type { RecallDetail } from '../../../../sync-server/src/supervision/recallApi.ts';
import type { EnterpriseView, SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import './recall-define.ts';
import './recall-list.ts';
import type { RecallList } from './recall-list.ts';
import { rct } from './recallMessages.ts';
import { recallStyles } from './recallStyles.ts';
import { supervisionCall } from './supervisionCall.ts';

/**
 * The regulator's recalls tab (#/regulator?tab=recalls; docs/recalls.md): every enterprise's
 * recalls with their progress, and ordering a recall (责令召回) for a chosen enterprise.
 */
export class RegRecalls extends LitElement {
  static override properties = {
    session: { attribute: false },
    ordering: { state: true },
    enterprises: { state: true },
    chosen: { state: true },
    note: { state: true },
  };
  declare session: SessionView | null;
  declare ordering: boolean;
  declare enterprises: EnterpriseView[];
  declare chosen: string | null;
  declare note: string;

  static override styles = [recallStyles, css`.pick { margin-bottom: 0.8rem; max-width: 30rem; }`];

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.ordering = false;
    this.enterprises = [];
    this.chosen = null;
    this.note = '';
  }

  private async startOrdering(): Promise<void> {
    this.ordering = true;
    this.note = '';
    if (this.enterprises.length === 0) {
      try {
        this.enterprises = (await supervisionCall<{ enterprises: EnterpriseView[] }>('/api/enterprises')).enterprises;
      } catch {
        this.enterprises = [];
      }
    }
  }

  private async defined(e: CustomEvent<RecallDetail>): Promise<void> {
    this.ordering = false;
    this.note = rct('rc.defined', { id: e.detail.id, n: e.detail.progress.total });
    await this.renderRoot.querySelector<RecallList>('erjian-recall-list')?.reload(e.detail.id);
  }

  override render() {
    const s = this.session;
    if (!s) return html``;
    const canOrder = s.user.roles.includes('regulator');
    return html`<section data-testid="reg-recalls">
      <p class="lead">${rct('rc.regLead')}</p>
      ${canOrder
        ? this.ordering
          ? html`<div class="card">
              <label class="pick">${rct('rc.enterprise')}
                <select data-testid="rc-enterprise-select" @change=${(e: Event) => (this.chosen = (e.target as HTMLSelectElement).value || null)}>
                  <option value="">${rct('rc.chooseEnterprise')}</option>
                  ${this.enterprises.map((x) => html`<option value=${x.id} ?selected=${x.id === this.chosen}>${x.name}</option>`)}
                </select></label>
              ${this.chosen ? html`<erjian-recall-define .session=${s} .enterpriseId=${this.chosen} @recall-defined=${this.defined}></erjian-recall-define>` : ''}
              <p><button @click=${() => (this.ordering = false)}>${rct('rc.cancel')}</button></p>
            </div>`
          : html`<button class="primary" data-testid="rc-order" @click=${this.startOrdering}>${rct('rc.order')}</button>`
        : ''}
      ${this.note ? html`<p class="ok" role="status" data-testid="rc-defined">${this.note}</p>` : ''}
      <erjian-recall-list .session=${s} .enterpriseId=${null} .showEnterprise=${true}></erjian-recall-list>
    </section>`;
  }
}

customElements.define('erjian-reg-recalls', RegRecalls);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reg-recalls': RegRecalls;
  }
}
