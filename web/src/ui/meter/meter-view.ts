import { LitElement, html } from 'lit';

/** Placeholder: being built (issue 5). */
export class MeterView extends LitElement {
  static override properties = { serial: { type: String } };
  declare serial: string;

  constructor() {
    super();
    this.serial = '';
  }

  override render() {
    return html`<p>${this.serial}</p>`;
  }
}

customElements.define('erjian-meter-record', MeterView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-meter-record': MeterView;
  }
}
