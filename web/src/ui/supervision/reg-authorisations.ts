import { LitElement, html } from 'lit';
import type { SessionView } from '../admin/adminApi.ts';

/** Placeholder: filled by its owner (issue 13). */
export class RegAuthorisations extends LitElement {
  static override properties = { session: { attribute: false } };
  declare session: SessionView | null;
  constructor() {
    super();
    this.session = null;
  }
  override render() {
    return html``;
  }
}

customElements.define('erjian-reg-authorisations', RegAuthorisations);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reg-authorisations': RegAuthorisations;
  }
}
