import { LitElement, html } from 'lit';

/** Placeholder: being built (issue 5). */
export class BatchesView extends LitElement {
  static override properties = { filter: { type: String } };
  declare filter: string;

  constructor() {
    super();
    this.filter = '';
  }

  override render() {
    return html`<p>${this.filter}</p>`;
  }
}

customElements.define('erjian-batches', BatchesView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-batches': BatchesView;
  }
}
