import { LitElement, html } from 'lit';
import type { SessionView } from '../admin/adminApi.ts';

/** Placeholder: filled by its owner (issue 13). */
export class AdminRecalls extends LitElement {
  static override properties = { session: { attribute: false }, enterpriseId: { attribute: false } };
  declare session: SessionView | null;
  declare enterpriseId: string | null;
  constructor() {
    super();
    this.session = null;
    this.enterpriseId = null;
  }
  override render() {
    return html``;
  }
}

customElements.define('erjian-admin-recalls', AdminRecalls);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-admin-recalls': AdminRecalls;
  }
}
