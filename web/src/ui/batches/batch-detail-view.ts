import { LitElement, html } from 'lit';

/** Placeholder: being built (issue 5). */
export class BatchDetailView extends LitElement {
  static override properties = { batchId: { type: String } };
  declare batchId: string;

  constructor() {
    super();
    this.batchId = '';
  }

  override render() {
    return html`<p>${this.batchId}</p>`;
  }
}

customElements.define('erjian-batch-detail', BatchDetailView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-batch-detail': BatchDetailView;
  }
}
