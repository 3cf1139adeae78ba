import { LitElement, css, html } from 'lit';
import { acknowledgeLostDevice, type LostDevice } from '../store/index.ts';
import { appStatus, onAppStatus, setAppStatus } from './appStatus.ts';
import { appStore } from './appStore.ts';
import { errorText, shownError, type ShownError } from './i18n/errorText.ts';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';
import { fill } from './meter/meterText.ts';

/**
 * The notices about this PC's device that stay on every screen until someone acts
 * (docs/records.md "Device lifecycle"): each lost device by id — its database wiped or its
 * key lost — with its successor, until an admin acknowledges it by name (recorded in the
 * audit trail and signed, store/deviceLifecycle.ts); and a signing key that is not the one
 * enrolled, which no button clears.
 */
export class DeviceNotice extends LitElement {
  static override properties = { by: { state: true }, error: { state: true } };
  declare by: Record<string, string>;
  declare error: ShownError | null;
  private off: (() => void) | undefined;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.by = {};
    this.error = null;
  }

  static override styles = css`
    :host { display: block; }
    .banner { background: #fff4e0; color: #15202b; border-bottom: 2px solid #c77800; padding: 0.6rem 1.5rem; font-size: 1.1rem; }
    .banner.alarm { background: #fdecea; border-color: #b71c1c; font-weight: 700; }
    .banner p { margin: 0.2rem 0; }
    form { display: flex; gap: 0.6rem; align-items: center; margin-top: 0.4rem; flex-wrap: wrap; }
    input { font: inherit; padding: 0.3rem 0.6rem; }
    button { font: inherit; padding: 0.3rem 1rem; border-radius: 6px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
    code { font-size: 0.95rem; }
    .error { color: #b71c1c; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onAppStatus(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    this.off?.();
    super.disconnectedCallback();
  }

  private async acknowledge(e: Event, lost: LostDevice): Promise<void> {
    e.preventDefault();
    this.error = null;
    try {
      const { db, device } = await appStore();
      await acknowledgeLostDevice(db, device, { lostDeviceId: lost.deviceId, by: this.by[lost.deviceId] ?? '' });
      setAppStatus({ lostDevices: appStatus().lostDevices.filter((l) => l.deviceId !== lost.deviceId) });
    } catch (err) {
      this.error = shownError(err);
    }
  }

  override render() {
    const st = appStatus();
    const key = st.keyProblem;
    return html`
      ${key
        ? html`<div class="banner alarm" role="alert" data-testid="key-banner" data-code=${key.code}>
            ${fill(t('device.key.problem'), { what: fill(t(`integrity.problem.${key.code}`), { device: key.deviceId, expected: key.expected ?? '', found: key.found ?? '' }) })}
          </div>`
        : ''}
      ${st.lostDevices.map(
        (lost) => html`<div class="banner" role="alert" data-testid="evicted-banner" data-device=${lost.deviceId}>
          <p><strong>${fill(t('device.lost.heading'), { device: lost.deviceId })}</strong></p>
          <p>${t(lost.reason === 'key-lost' ? 'device.lost.key-lost' : 'device.lost.database-wiped')}</p>
          <p>${fill(t('device.lost.successor'), { successor: lost.successor })}</p>
          <form @submit=${(e: Event) => this.acknowledge(e, lost)}>
            <label>${t('device.lost.by')} <input data-testid="lost-ack-by" .value=${this.by[lost.deviceId] ?? ''} @input=${(e: Event) => (this.by = { ...this.by, [lost.deviceId]: (e.target as HTMLInputElement).value })} /></label>
            <button type="submit" data-testid="lost-ack">${t('device.lost.ack')}</button>
          </form>
          ${this.error ? html`<p class="error">${errorText(this.error)}</p>` : ''}
        </div>`,
      )}
    `;
  }
}

customElements.define('erjian-device-notice', DeviceNotice);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-device-notice': DeviceNotice;
  }
}
