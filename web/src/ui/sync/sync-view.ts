import { LitElement, css, html } from 'lit';
import type { ItemSyncStatus, SyncConflict } from '../../store/syncTypes.ts';
import { hrefOf } from '../route.ts';
import type { SyncFailure } from '../../sync/errors.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { failureText, rejectText, syncText, type SyncMessageKey } from './messages.ts';
import { enrolDemo, enrolWithCode, failureOf, onSyncView, pulledConflicts, refreshSync, refusedItems, syncNow, syncView, type SyncView } from './syncService.ts';

const kindKey: Record<ItemSyncStatus['kind'], SyncMessageKey> = { record: 'sync.kind.record', checkpoint: 'sync.kind.checkpoint', batch: 'sync.kind.batch', audit: 'sync.kind.audit', 'bench-config': 'sync.kind.benchConfig' };

/**
 * #/sync: enrolment with the sync server (docs/sync.md "Enrolment") — the server address
 * (this page's origin by default), the one-time code, or one click in demo mode — and the
 * sync state: device id, enrolment, last sync, the heads the server holds, every
 * refused record with its reason in the person's language, and the serials verified on
 * more than one device (docs/sync.md "Conflicts").
 */
export class SyncScreen extends LitElement {
  static override properties = { view: { state: true }, refused: { state: true }, conflicts: { state: true }, busy: { state: true }, enrolError: { state: true }, showForm: { state: true } };
  declare view: SyncView;
  declare refused: ItemSyncStatus[];
  declare conflicts: SyncConflict[];
  declare busy: boolean;
  declare enrolError: SyncFailure | null;
  declare showForm: boolean;
  private off: (() => void) | undefined;
  private seenGeneration = -1;

  constructor() {
    super();
    new LocaleController(this);
    this.view = syncView();
    this.refused = [];
    this.conflicts = [];
    this.busy = false;
    this.enrolError = null;
    this.showForm = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onSyncView((v) => {
      this.view = v;
      if (v.generation !== this.seenGeneration) void this.loadRefused();
    });
    void refreshSync().catch((err: unknown) => (this.enrolError = failureOf(err)));
  }

  override disconnectedCallback(): void {
    this.off?.();
    super.disconnectedCallback();
  }

  private async loadRefused(): Promise<void> {
    this.seenGeneration = this.view.generation;
    [this.refused, this.conflicts] = await Promise.all([refusedItems(), pulledConflicts()]);
  }

  private value(id: string): string {
    return (this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '').trim();
  }

  private async enrol(demo: boolean): Promise<void> {
    this.busy = true;
    this.enrolError = null;
    try {
      const serverUrl = this.value('server') || location.origin;
      if (demo) await enrolDemo(serverUrl);
      else await enrolWithCode({ serverUrl, code: this.value('code'), ...(this.value('label') ? { label: this.value('label') } : {}) });
      this.showForm = false;
      void syncNow();
    } catch (err) {
      this.enrolError = failureOf(err);
    } finally {
      this.busy = false;
    }
  }

  static override styles = css`
    :host { display: block; }
    .card { background: #fff; border-radius: 12px; padding: 1.5rem 2rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); margin-bottom: 1.2rem; }
    h2 { margin: 0 0 0.4rem; font-size: 1.6rem; }
    h3 { margin: 0 0 0.8rem; font-size: 1.25rem; }
    .lead { color: var(--erjian-muted); line-height: 1.6; margin: 0 0 0.4rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.45rem 1.2rem; margin: 0; font-size: 1.05rem; }
    dt { color: var(--erjian-muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    form { display: grid; grid-template-columns: 11rem minmax(0, 28rem); gap: 0.7rem 1rem; align-items: center; }
    label { font-size: 1.05rem; }
    input { font: inherit; font-size: 1.1rem; padding: 0.45rem 0.6rem; border: 2px solid #9aa8b5; border-radius: 6px; }
    input:focus-visible { outline: 3px solid var(--erjian-focus); border-color: var(--erjian-primary); }
    .hint { grid-column: 2; color: var(--erjian-muted); font-size: 0.9rem; margin-top: -0.4rem; }
    .actions { grid-column: 1 / -1; display: flex; gap: 0.8rem; flex-wrap: wrap; margin-top: 0.4rem; }
    button { font: inherit; font-size: 1.1rem; min-height: 44px; padding: 0.4rem 1.2rem; border-radius: 8px; cursor: pointer; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); }
    button.primary { background: var(--erjian-primary); color: var(--erjian-on-primary); }
    button:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    button[disabled] { opacity: 0.6; cursor: progress; }
    .state { font-size: 1.2rem; font-weight: 700; }
    .state.ok { color: var(--erjian-ok); }
    .state.no { color: var(--erjian-danger); }
    .error { color: var(--erjian-danger); font-weight: 700; margin: 0.8rem 0 0; }
    table { border-collapse: collapse; width: 100%; font-size: 1rem; }
    th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid #dde3ea; vertical-align: top; }
    th { color: var(--erjian-muted); font-weight: 600; }
    td.id { font-family: ui-monospace, monospace; font-size: 0.9rem; overflow-wrap: anywhere; }
    td.reason { color: var(--erjian-danger); }
    td.serial, .mark { white-space: nowrap; }
    .row { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; margin-top: 1rem; }
  `;

  private renderForm() {
    const demo = html`<button type="button" data-testid="enrol-demo" ?disabled=${this.busy} @click=${() => void this.enrol(true)}>${syncText('sync.enrolDemo')}</button>`;
    return html`
      <form data-testid="enrol-form" @submit=${(e: Event) => (e.preventDefault(), void this.enrol(false))}>
        <label for="server">${syncText('sync.serverUrl')}</label>
        <input id="server" data-testid="enrol-server" type="url" .value=${this.view.state?.enrolment?.serverUrl ?? location.origin} autocomplete="url" />
        <label for="code">${syncText('sync.code')}</label>
        <input id="code" data-testid="enrol-code" autocomplete="off" spellcheck="false" />
        <span class="hint">${syncText('sync.codeHint')}</span>
        <label for="label">${syncText('sync.label')}</label>
        <input id="label" data-testid="enrol-label" maxlength="100" />
        <div class="actions">
          <button class="primary" type="submit" data-testid="enrol-submit" ?disabled=${this.busy}>${this.busy ? syncText('sync.enrolling') : syncText('sync.enrol')}</button>
          ${demo}
        </div>
      </form>
      ${this.enrolError ? html`<p class="error" role="alert" data-testid="enrol-error">${failureText(this.enrolError)}</p>` : ''}
    `;
  }

  private renderState() {
    const s = this.view.state;
    const e = s?.enrolment ?? null;
    const never = syncText('sync.never');
    const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(document.documentElement.lang || 'zh-CN') : never);
    return html`
      <dl>
        <dt>${syncText('sync.state')}</dt>
        <dd class="state ${e ? 'ok' : 'no'}" data-testid="enrol-state">${e ? syncText('sync.enrolled', { server: e.serverUrl }) : syncText('sync.notEnrolled')}</dd>
        <dt>${syncText('sync.deviceId')}</dt>
        <dd data-testid="sync-device-id">${this.view.deviceId ?? '—'}</dd>
        ${e
          ? html`<dt>${syncText('sync.enterprise')}</dt><dd data-testid="sync-enterprise">${this.view.enterpriseName ? `${this.view.enterpriseName} (${e.enterpriseId})` : e.enterpriseId}</dd>
              <dt>${syncText('sync.enrolledAt')}</dt><dd>${when(e.enrolledAt)}</dd>`
          : ''}
        <dt>${syncText('sync.lastSync')}</dt>
        <dd data-testid="sync-last">${when(s?.lastSyncAt)}</dd>
        <dt>${syncText('sync.heads')}</dt>
        <dd data-testid="sync-heads">${s?.heads ? syncText('sync.headsValue', { lines: s.heads.lines.seq, checkpoint: s.heads.checkpoint.seq, records: s.heads.records.seq }) : '—'}</dd>
        <dt>${syncText('sync.publicBaseUrl')}</dt>
        <dd data-testid="sync-public-base">${s?.publicBaseUrl ?? syncText('sync.publicBaseFallback', { origin: location.origin })}</dd>
        <dt>${syncText('sync.institution')}</dt>
        <dd>${s?.institution ?? '—'}</dd>
      </dl>
      ${e
        ? html`<div class="row">
            <button class="primary" data-testid="sync-now" ?disabled=${this.view.running} @click=${() => void syncNow()}>${syncText('sync.syncNow')}</button>
            ${this.showForm ? '' : html`<button data-testid="enrol-again" @click=${() => (this.showForm = true)}>${syncText('sync.reenrol')}</button>`}
          </div>`
        : ''}
    `;
  }

  private renderRefused() {
    const line = this.view.state?.lineRejection ?? null;
    const kind = (k: ItemSyncStatus['kind']) => syncText(kindKey[k]);
    return html`
      ${line ? html`<p class="error" data-testid="sync-line-rejected">${syncText('sync.lineRejected', { seq: line.seq, why: rejectText(line.reason) })}</p>` : ''}
      ${this.refused.length === 0
        ? html`<p data-testid="sync-no-refused">${syncText('sync.noRejected')}</p>`
        : html`<table data-testid="sync-refused">
            <thead><tr><th>${syncText('sync.col.kind')}</th><th>${syncText('sync.col.id')}</th><th>${syncText('sync.col.reason')}</th></tr></thead>
            <tbody>
              ${this.refused.map(
                (r) => html`<tr data-testid="sync-refused-row" data-reason=${r.reason ?? ''}>
                  <td>${kind(r.kind)}</td><td class="id">${r.id}</td><td class="reason">${r.reason ? rejectText(r.reason) : r.message}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    `;
  }

  private renderConflicts() {
    if (this.conflicts.length === 0) return html`<p data-testid="sync-no-conflicts">${syncText('sync.noConflicts')}</p>`;
    const own = this.view.deviceId;
    return html`<table data-testid="sync-conflicts">
      <thead><tr><th>${syncText('sync.col.serial')}</th><th>${syncText('sync.col.devices')}</th><th>${syncText('sync.col.records')}</th></tr></thead>
      <tbody>
        ${this.conflicts.map(
          (c) => html`<tr data-testid="sync-conflict-row" data-serial=${c.serial}>
            <td class="serial"><a href=${hrefOf({ view: 'meter', serial: c.serial })}>${c.serial}</a></td>
            <td class="id">${c.deviceIds.map((d) => html`<div>${d}${d === own ? html` <strong class="mark">· ${syncText('sync.thisPc')}</strong>` : ''}</div>`)}</td>
            <td class="id">
              ${c.verificationIds.map((v, i) => html`<div>${v}${i === c.verificationIds.length - 1 ? html` <strong class="mark">← ${syncText('sync.shownOnServer')}</strong>` : ''}</div>`)}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const enrolled = !!this.view.state?.enrolment;
    return html`
      <section class="card">
        <h2>${syncText('sync.heading')}</h2>
        <p class="lead">${syncText('sync.lead')}</p>
      </section>
      <section class="card">${this.renderState()}</section>
      ${!enrolled || this.showForm ? html`<section class="card"><h3>${syncText('sync.enrolHeading')}</h3>${this.renderForm()}</section>` : ''}
      <section class="card"><h3>${syncText('sync.rejectedHeading')}</h3>${this.renderRefused()}</section>
      <section class="card">
        <h3>${syncText('sync.conflictsHeading')}</h3>
        <p class="lead">${syncText('sync.conflictsLead')}</p>
        ${this.renderConflicts()}
      </section>
    `;
  }
}

customElements.define('erjian-sync', SyncScreen);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-sync': SyncScreen;
  }
}
