import { LitElement, css, html } from 'lit';
import { dateTime } from '../batches/format.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { Task, loadStyles, loadingLine } from '../load.ts';
import { adminApi, type DeviceView, type EnrolmentCodeView } from './adminApi.ts';
import { adminErrorText } from './adminText.ts';
import { at } from './messages.ts';

/**
 * An enterprise's bench PCs (docs/sync.md "Access", "Enrolment"): each device with its status,
 * when it was enrolled and last seen; a one-time enrolment code, shown big to be typed on
 * the PC; revocation with a reason.
 */
export class AdminDevices extends LitElement {
  static override properties = {
    enterpriseId: { type: String },
    code: { state: true },
    codeError: { state: true },
    revoking: { state: true },
    revokeError: { state: true },
    busy: { state: true },
  };
  declare enterpriseId: string;
  declare code: EnrolmentCodeView | null;
  declare codeError: string | null;
  /** the device whose revocation form is open */
  declare revoking: string | null;
  declare revokeError: string | null;
  declare busy: boolean;

  constructor() {
    super();
    new LocaleController(this);
    this.enterpriseId = '';
    this.code = null;
    this.codeError = null;
    this.revoking = null;
    this.revokeError = null;
    this.busy = false;
  }

  /** The enterprise's devices (docs/architecture.md: one loader, a Task per source). */
  private readonly devices = new Task(this, {
    task: ([enterpriseId]: readonly [string]) => (enterpriseId ? adminApi.devices(enterpriseId) : Promise.resolve([])),
    args: () => [this.enterpriseId] as const,
  });

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('enterpriseId')) this.code = null; // a code belongs to the enterprise it was made for
  }

  private async makeCode(): Promise<void> {
    this.busy = true;
    this.codeError = null;
    try {
      this.code = await adminApi.makeCode(this.enterpriseId);
    } catch (err) {
      this.codeError = adminErrorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async revoke(e: SubmitEvent, deviceId: string): Promise<void> {
    e.preventDefault();
    const reason = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '').trim();
    if (!reason) return;
    this.busy = true;
    this.revokeError = null;
    try {
      await adminApi.revoke(deviceId, reason);
      this.revoking = null;
      await this.devices.run();
    } catch (err) {
      this.revokeError = adminErrorText(err);
    } finally {
      this.busy = false;
    }
  }

  static override styles = [
    loadStyles,
    css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.2rem; }
    .scroll { overflow-x: auto; }
    /* the enrolment code beside its explanation, the device list below at full width */
    .enrol { display: flex; flex-wrap: wrap; align-items: center; gap: 0.8rem 2rem; }
    .enrol .text { flex: 1 1 22rem; }
    .enrol .text p { margin: 0.2rem 0; }
    .enrol .action { flex: 0 1 24rem; display: grid; gap: 0.5rem; }
    .card { background: #fff; border-radius: 12px; padding: 1.2rem 1.5rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h3 { margin: 0 0 0.6rem; font-size: 1.25rem; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
    .muted { color: var(--erjian-muted); line-height: 1.6; }
    table { width: 100%; border-collapse: collapse; font-size: 1.02rem; }
    tr.opened td { border-bottom: none; }
    tr.revoke-row td { background: #fdf3f3; border-radius: 0 0 8px 8px; }
    form.revoke label { font-weight: 700; }
    td.state { min-width: 9rem; }
    th, td { text-align: left; padding: 0.55rem 0.5rem; border-bottom: 1px solid #e1e7ee; vertical-align: top; }
    th { color: var(--erjian-muted); font-weight: 600; white-space: nowrap; }
    td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
    .id { display: block; white-space: nowrap; font-family: ui-monospace, monospace; font-size: 0.85rem; color: var(--erjian-muted); }
    .status { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 999px; font-weight: 700; font-size: 0.95rem; white-space: nowrap; }
    .status.active { background: #e3f2e4; color: var(--erjian-ok); }
    .status.revoked { background: #fbe4e4; color: var(--erjian-danger); }
    .why { display: block; max-width: 16rem; font-size: 0.9rem; color: var(--erjian-muted); margin-top: 0.2rem; }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.4rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; white-space: nowrap; }
    button.primary { background: var(--erjian-primary); color: var(--erjian-on-primary); }
    button.danger { border-color: var(--erjian-danger); color: var(--erjian-danger); }
    button.danger.primary { background: var(--erjian-danger); color: #fff; }
    button:disabled { opacity: 0.6; cursor: progress; }
    button:focus-visible, input:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    .note { font-size: 0.9rem; color: var(--erjian-muted); }
    form.revoke { display: grid; gap: 0.5rem; margin-top: 0.3rem; }
    form.revoke input { flex: 1; min-width: 12rem; max-width: 32rem; font: inherit; padding: 0.4rem 0.6rem; border: 2px solid #c3ccd6; border-radius: 8px; }
    form.revoke .row { display: flex; gap: 0.5rem; }
    .code { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 2.8rem; font-weight: 800; letter-spacing: 0.12em; text-align: center; padding: 0.5rem 0.4rem; margin: 0; border: 3px dashed var(--erjian-primary); border-radius: 12px; color: var(--erjian-ink); user-select: all; }
    .make { width: 100%; padding: 0.65rem; font-size: 1.1rem; }
    .error { color: var(--erjian-danger); font-weight: 700; }
  `,
  ];

  private renderRow(d: DeviceView) {
    const open = this.revoking === d.deviceId;
    const row = html`<tr data-testid="admin-device" data-device-id=${d.deviceId} class=${open ? 'opened' : ''}>
      <td>${d.label ?? at('admin.devices.unnamed')}<span class="id" title=${d.deviceId}>${d.deviceId.slice(0, 8)} · kid ${d.kid.slice(0, 8)}</span></td>
      <td class="state">
        <span class="status ${d.status}">${at(d.status === 'active' ? 'admin.status.active' : 'admin.status.revoked')}</span>
        ${d.revokedReason ? html`<span class="why">${at('admin.revokedBecause', { reason: d.revokedReason })}</span>` : ''}
      </td>
      <td class="time">${dateTime(d.enrolledAt)}</td>
      <td class="time">${dateTime(d.lastSeenAt)}</td>
      <td>
        ${d.status === 'active' && !open
          ? html`<button class="danger" @click=${() => ((this.revoking = d.deviceId), (this.revokeError = null))}>${at('admin.revoke')}</button>`
          : ''}
      </td>
    </tr>`;
    if (!open) return row;
    // the reason is asked for on a row of its own, under the device, across the whole table
    return html`${row}
      <tr class="revoke-row">
        <td colspan="5">
          <form class="revoke" @submit=${(e: SubmitEvent) => this.revoke(e, d.deviceId)}>
            <label for="reason">${at('admin.revoke.reason')}</label>
            <span class="row">
              <input id="reason" name="reason" required maxlength="500" placeholder=${at('admin.revoke.reasonHint')} autofocus />
              <button class="danger primary" type="submit" ?disabled=${this.busy}>${at('admin.revoke.confirm')}</button>
              <button type="button" @click=${() => (this.revoking = null)}>${at('admin.revoke.cancel')}</button>
            </span>
            <span class="note">${at('admin.revoke.note')}</span>
            ${this.revokeError ? html`<span class="error" role="alert">${this.revokeError}</span>` : ''}
          </form>
        </td>
      </tr>`;
  }

  private renderDevices() {
    return this.devices.render({
      initial: () => loadingLine(at('admin.loading')),
      // read again (a refresh, a revocation): the list stays; another enterprise's list never does
      pending: () => {
        const last = this.devices.value;
        return last?.every((d) => d.enterpriseId === this.enterpriseId) ? this.renderTable(last) : loadingLine(at('admin.loading'));
      },
      complete: (devices) => this.renderTable(devices),
      error: (err) => html`<p class="load-error" role="alert">${adminErrorText(err)}</p>`,
    });
  }

  private renderTable(devices: readonly DeviceView[]) {
    if (devices.length === 0) return html`<p class="muted" data-testid="admin-devices-none">${at('admin.devices.none')}</p>`;
    return html`<div class="scroll"><table data-testid="admin-devices">
      <thead>
        <tr>
          <th>${at('admin.devices.col.device')}</th><th>${at('admin.devices.col.status')}</th><th>${at('admin.devices.col.enrolled')}</th>
          <th>${at('admin.devices.col.lastSeen')}</th><th>${at('admin.devices.col.action')}</th>
        </tr>
      </thead>
      <tbody>${devices.map((d) => this.renderRow(d))}</tbody>
    </table></div>`;
  }

  override render() {
    return html`
      <section class="card enrol">
        <div class="text">
          <h3>${at('admin.code.heading')}</h3>
          <p class="muted">${at('admin.code.lead')}</p>
          ${this.code
            ? html`<p class="muted">${at('admin.code.validUntil', { time: dateTime(this.code.expiresAt) })} · ${at('admin.code.shownOnce')}</p>`
            : ''}
          ${this.codeError ? html`<p class="error" role="alert">${this.codeError}</p>` : ''}
        </div>
        <div class="action">
          ${this.code ? html`<div class="code" data-testid="admin-code">${this.code.code}</div>` : ''}
          <button class="primary make" @click=${this.makeCode} ?disabled=${this.busy} data-testid="admin-make-code">${at('admin.code.make')}</button>
        </div>
      </section>
      <section class="card">
        <div class="head">
          <h3>${at('admin.devices.heading')}</h3>
          <button @click=${() => this.devices.run()}>${at('admin.refresh')}</button>
        </div>
        ${this.renderDevices()}
      </section>
    `;
  }
}

customElements.define('erjian-admin-devices', AdminDevices);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-admin-devices': AdminDevices;
  }
}
