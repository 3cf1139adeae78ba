import { LitElement, css, html, nothing } from 'lit';
import { requestSerialPort, type SerialPortLike } from '../../bench/index.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import type { PortRole } from './benchOpeners.ts';

/** The operator closed the prompt or the browser's picker without choosing a port. */
export class PortNotChosenError extends Error {
  readonly code = 'port-not-chosen';
  constructor(readonly role: PortRole) {
    super(`no ${role} port was chosen`);
    this.name = 'PortNotChosenError';
  }
}

/**
 * Says which serial port to choose before the browser's port picker opens: a PLC bench
 * needs two (the PLC's, then the balance's), and the picker lists only names like
 * "USB-SERIAL CH340 (COM3)". The picker opens from the button, a click of its own, as Web
 * Serial requires (docs/bench-protocols.md, intro).
 */
export class PortPrompt extends LitElement {
  static override properties = { role: { state: true } };
  declare role: PortRole | null;
  private pending: { resolve: (p: SerialPortLike) => void; reject: (e: unknown) => void } | null = null;

  constructor() {
    super();
    new LocaleController(this);
    this.role = null;
  }

  /** Shows the instruction for `role`; resolves with the port chosen, rejects when none is. */
  ask(role: PortRole): Promise<SerialPortLike> {
    if (this.role !== null) this.pending?.reject(new PortNotChosenError(this.role));
    this.role = role;
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  private settle(outcome: { port: SerialPortLike } | { error: unknown }): void {
    const p = this.pending;
    this.pending = null;
    this.role = null;
    if ('port' in outcome) p?.resolve(outcome.port);
    else p?.reject(outcome.error);
  }

  private async choose(): Promise<void> {
    const role = this.role;
    if (role === null) return;
    try {
      this.settle({ port: await requestSerialPort() });
    } catch (error) {
      // The picker closed without a port (Web Serial's NotFoundError) is the same as 取消.
      this.settle({ error: error instanceof DOMException && error.name === 'NotFoundError' ? new PortNotChosenError(role) : error });
    }
  }

  private cancel(): void {
    if (this.role !== null) this.settle({ error: new PortNotChosenError(this.role) });
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('role')) return;
    const dialog = this.renderRoot.querySelector('dialog');
    if (this.role !== null && dialog && !dialog.open) {
      dialog.showModal();
      this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="port-choose"]')?.focus();
    } else if (this.role === null && dialog?.open) dialog.close();
  }

  static override styles = css`
    dialog { border: 3px solid var(--erjian-primary); border-radius: 12px; padding: 1.4rem 1.8rem; max-width: 40rem; font-size: 1.3rem; }
    dialog::backdrop { background: rgba(21, 32, 43, 0.5); }
    h2 { margin: 0 0 0.8rem; font-size: 1.7rem; }
    .which { font-size: 1.6rem; font-weight: 800; margin: 0 0 0.6rem; }
    p { margin: 0 0 0.8rem; line-height: 1.5; }
    .actions { display: flex; gap: 1rem; justify-content: flex-end; margin-top: 1rem; }
    button { font: inherit; font-weight: 700; padding: 0.6rem 1.2rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
    button.secondary { background: #fff; color: var(--erjian-primary); }
    button:focus-visible { outline: 4px solid #ffd24d; }
  `;

  override render() {
    const role = this.role;
    return html`<dialog data-testid="port-prompt" @cancel=${(e: Event) => (e.preventDefault(), this.cancel())}>
      ${role === null
        ? nothing
        : html`<h2>${t('port.title')}</h2>
            <p class="which" data-testid="port-which" data-role=${role}>${t(`port.${role}`)}</p>
            <p>${t('port.hint')}</p>
            <div class="actions">
              <button class="secondary" data-testid="port-cancel" @click=${this.cancel}>${t('port.cancel')}</button>
              <button data-testid="port-choose" @click=${this.choose}>${t('port.choose')}</button>
            </div>`}
    </dialog>`;
  }
}

customElements.define('erjian-port-prompt', PortPrompt);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-port-prompt': PortPrompt;
  }
}
