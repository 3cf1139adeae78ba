import { LitElement, css, html, nothing } from 'lit';
import { dateTime } from '../batches/format.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { Task, loadStyles, loadingLine } from '../load.ts';
import { adminApi, type AlarmView } from './adminApi.ts';
import { adminErrorText } from './adminText.ts';
import { alarmKindText, alarmText } from './alarmMessages.ts';

/** The evidence the server kept, as `key: value` lines (values of nested objects as JSON). */
function evidenceLines(details: unknown): string[] {
  if (details === null || details === undefined) return [];
  if (typeof details !== 'object' || Array.isArray(details)) return [JSON.stringify(details)];
  return Object.entries(details as Record<string, unknown>).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
}

/**
 * The sync alarms (docs/sync.md "Alarms"): when, which device, which kind and the evidence,
 * newest first. With `enterpriseId` one enterprise's (the admin devices screen); without it
 * every enterprise's, with an enterprise column (the regulator's view) — the server decides
 * what the person may see (GET /api/admin/sync/alarms).
 */
export class SyncAlarms extends LitElement {
  static override properties = { enterpriseId: { type: String } };
  /** '' : every enterprise the person may see */
  declare enterpriseId: string;

  private readonly alarms = new Task(this, {
    task: async ([enterpriseId]: readonly [string], { signal }) => ({ ...(await adminApi.alarms(enterpriseId || null, signal)), enterpriseId }),
    args: () => [this.enterpriseId] as const,
  });

  constructor() {
    super();
    new LocaleController(this);
    this.enterpriseId = '';
  }

  static override styles = [
    loadStyles,
    css`
    :host { display: block; }
    .card { background: #fff; border-radius: 12px; padding: 1.2rem 1.5rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h3 { margin: 0 0 0.4rem; font-size: 1.25rem; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
    .muted { color: var(--erjian-muted); line-height: 1.5; margin: 0 0 0.8rem; }
    .scroll { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; font-size: 1rem; }
    th, td { text-align: left; padding: 0.5rem 0.5rem; border-bottom: 1px solid #e1e7ee; vertical-align: top; }
    th { color: var(--erjian-muted); font-weight: 600; white-space: nowrap; }
    td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
    td.kind { font-weight: 700; color: var(--erjian-danger); white-space: nowrap; }
    td.device { white-space: nowrap; }
    td.kind.done { color: var(--erjian-muted); }
    .state { display: block; font-weight: 400; font-size: 0.85rem; color: var(--erjian-muted); }
    .id { display: block; white-space: nowrap; font-family: ui-monospace, monospace; font-size: 0.85rem; color: var(--erjian-muted); }
    .subject { font-family: ui-monospace, monospace; font-size: 0.95rem; font-weight: 700; }
    .evidence { font-family: ui-monospace, monospace; font-size: 0.85rem; color: #33414f; overflow-wrap: anywhere; }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.4rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; white-space: nowrap; }
    button:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
  `,
  ];

  private row(a: AlarmView, withEnterprise: boolean) {
    const open = a.acknowledgedAt === null;
    return html`<tr data-testid="alarm-row" data-kind=${a.kind} data-device-id=${a.deviceId}>
      <td class="time">${dateTime(a.at)}</td>
      ${withEnterprise ? html`<td>${a.enterpriseId}</td>` : nothing}
      <td class="device">${a.deviceLabel ?? alarmText('alarm.unnamed')}<span class="id" title=${a.deviceId}>${a.deviceId.slice(0, 8)}</span></td>
      <td class="kind ${open ? '' : 'done'}">${alarmKindText(a.kind)}<span class="state">${alarmText(open ? 'alarm.open' : 'alarm.acknowledged')}</span></td>
      <td title=${a.message}>
        <div class="subject">${a.subject}</div>
        ${evidenceLines(a.details)
          .filter((l) => l.replace(': ', ' ') !== a.subject)
          .map((l) => html`<div class="evidence">${l}</div>`)}
      </td>
    </tr>`;
  }

  private table(list: { alarms: AlarmView[]; total: number }) {
    if (list.alarms.length === 0) return html`<p data-testid="alarms-none">${alarmText('alarm.none')}</p>`;
    const withEnterprise = this.enterpriseId === '';
    return html`<div class="scroll"><table data-testid="alarms">
        <thead>
          <tr>
            <th>${alarmText('alarm.col.at')}</th>${withEnterprise ? html`<th>${alarmText('alarm.col.enterprise')}</th>` : nothing}
            <th>${alarmText('alarm.col.device')}</th><th>${alarmText('alarm.col.kind')}</th><th>${alarmText('alarm.col.evidence')}</th>
          </tr>
        </thead>
        <tbody>${list.alarms.map((a) => this.row(a, withEnterprise))}</tbody>
      </table></div>
      ${list.total > list.alarms.length ? html`<p class="muted">${alarmText('alarm.shown', { shown: list.alarms.length, total: list.total })}</p>` : nothing}`;
  }

  override render() {
    return html`<section class="card">
      <div class="head">
        <h3>${alarmText('alarm.heading')}</h3>
        <button @click=${() => this.alarms.run()} data-testid="alarms-refresh">${alarmText('alarm.refresh')}</button>
      </div>
      <p class="muted">${alarmText('alarm.lead')}</p>
      ${this.alarms.render({
        initial: () => loadingLine(alarmText('alarm.loading')),
        // read again (refresh): the list stays; another enterprise's list never does
        pending: () => {
          const last = this.alarms.value;
          return last?.enterpriseId === this.enterpriseId ? this.table(last) : loadingLine(alarmText('alarm.loading'));
        },
        complete: (list) => this.table(list),
        error: (err) => html`<p class="load-error" role="alert">${adminErrorText(err)}</p>`,
      })}
    </section>`;
  }
}

customElements.define('erjian-sync-alarms', SyncAlarms);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-sync-alarms': SyncAlarms;
  }
}
