import { LitElement, css, html, nothing } from 'lit';
import type { RawRef, RiskKind } from '../../domain/risk/types.ts';
import type { RiskAlertView } from '../../../../sync-server/src/supervision/riskScan.ts';
import { AdminApiError, type SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { driftChart, evidenceLines, shortDevice, taian } from './riskEvidence.ts';
import { riskErrorText, rkt, type RiskKey } from './riskMessages.ts';
import { supervisionCall } from './supervisionCall.ts';

interface RawLinesView {
  deviceId: string;
  deviceLabel: string | null;
  fromSeq: number;
  toSeq: number;
  truncated: boolean;
  lines: Array<{ seq: number; direction: string; text: string; receivedAt: string; cited: boolean }>;
}

/** Forged data first, then the process alarms: what a regulator must look at first, on top. */
const DISPLAY_ORDER: readonly RiskKind[] = ['copied-errors', 'low-spread', 'volume-inconsistent', 'back-dated', 'clock-jump', 'chain-restart', 'rate-implausible', 'batch-bias', 'drift-ewma', 'drift-cusum'];

const reason = (err: unknown): string => (err instanceof AdminApiError ? err.reason : 'network');

/**
 * The regulator's risk tab (#/regulator?tab=risk; docs/risk.md): the alerts grouped by kind
 * under big titles, each with its figures (and for a drift, the chart of its statistic
 * against the limit), a link to the raw lines it cites — opened in a panel under the alert,
 * the cited lines highlighted — and the acknowledgement with a note.
 */
export class RegRisk extends LitElement {
  static override properties = {
    session: { attribute: false },
    alerts: { state: true },
    loading: { state: true },
    openOnly: { state: true },
    status: { state: true },
    error: { state: true },
    raw: { state: true },
    rawFor: { state: true },
    notes: { state: true },
  };
  declare session: SessionView | null;
  declare alerts: RiskAlertView[] | null;
  declare loading: boolean;
  declare openOnly: boolean;
  declare status: string;
  declare error: string;
  /** the raw lines shown, and the alert and ref they belong to */
  declare raw: RawLinesView | 'loading' | null;
  declare rawFor: { alertId: number; ref: RawRef } | null;
  declare notes: Record<number, string>;

  static override styles = css`
    :host { display: block; font-size: 1.1rem; }
    h3 { font-size: 1.45rem; margin: 0 0 0.4rem; }
    .lead { color: var(--erjian-muted); margin: 0 0 0.8rem; max-width: 64rem; }
    .bar { display: flex; flex-wrap: wrap; gap: 0.8rem 1.4rem; align-items: center; margin-bottom: 0.8rem; }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.4rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
    button.primary { background: var(--erjian-primary); color: #fff; }
    button:disabled { opacity: 0.5; cursor: not-allowed; }
    button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
    label.check { display: flex; gap: 0.4rem; align-items: center; font-weight: 700; cursor: pointer; }
    label.check input { width: 1.2rem; height: 1.2rem; }
    section.kind { margin: 1.2rem 0; }
    section.kind > h4 { font-size: 1.35rem; margin: 0 0 0.2rem; display: flex; gap: 0.8rem; align-items: baseline; flex-wrap: wrap; }
    .count { background: #c62828; color: #fff; border-radius: 999px; padding: 0.05rem 0.7rem; font-size: 1.05rem; }
    .count.done { background: #8a949e; }
    .why { color: var(--erjian-muted); margin: 0 0 0.4rem; }
    .card { border: 2px solid #e0a030; border-left-width: 8px; border-radius: 10px; padding: 0.7rem 1rem; margin: 0.6rem 0; background: #fff; }
    .card.acked { border-color: #c3ccd6; background: #f7f9fb; }
    .headline { font-weight: 700; font-size: 1.15rem; margin: 0 0 0.3rem; }
    .more { margin: 0.1rem 0 0.1rem 1rem; }
    .meta { color: var(--erjian-muted); font-size: 1rem; margin: 0.3rem 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.4rem; }
    .links { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0; }
    .ack { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin-top: 0.5rem; }
    .ack label { display: flex; flex-direction: column; gap: 0.2rem; font-weight: 700; flex: 1 1 28rem; }
    textarea { font: inherit; padding: 0.35rem 0.5rem; border-radius: 8px; border: 2px solid #c3ccd6; width: 100%; min-height: 2.6rem; box-sizing: border-box; font-weight: 400; }
    .acked-note { color: #1e6b2a; font-weight: 700; }
    .error { color: var(--erjian-danger); font-weight: 700; }
    .ok { color: var(--erjian-ok); font-weight: 700; }
    figure.chart { margin: 0.5rem 0; max-width: 44rem; }
    figcaption { color: var(--erjian-muted); font-size: 0.95rem; }
    .raw { border: 2px solid #2f6fb5; border-radius: 10px; padding: 0.6rem 0.8rem; margin: 0.5rem 0; background: #fbfdff; }
    .raw h5 { font-size: 1.15rem; margin: 0 0 0.3rem; }
    .raw .scroll { max-height: 24rem; overflow: auto; }
    table { border-collapse: collapse; width: 100%; font-size: 1rem; }
    th, td { border-bottom: 1px solid #d5dbe1; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
    th { background: #f2f5f8; position: sticky; top: 0; }
    td.text { font-family: ui-monospace, monospace; word-break: break-all; }
    tr.context td { color: #8a949e; }
    tr.cited td { background: #fff3b0; font-weight: 700; }
    th, td.seq, td.time, td.dir { white-space: nowrap; }
  `;

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.alerts = null;
    this.loading = false;
    this.openOnly = true;
    this.status = '';
    this.error = '';
    this.raw = null;
    this.rawFor = null;
    this.notes = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get mayAcknowledge(): boolean {
    return this.session?.user.roles.includes('regulator') ?? false;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.alerts = (await supervisionCall<{ alerts: RiskAlertView[] }>(`/api/risk/alerts${this.openOnly ? '?open=true' : ''}`)).alerts;
      this.error = '';
    } catch (err) {
      this.error = riskErrorText(reason(err));
    } finally {
      this.loading = false;
    }
  }

  private async scan(): Promise<void> {
    this.status = rkt('rk.scanning');
    try {
      const r = await supervisionCall<{ findings: number; added: number }>('/api/risk/scan', { body: {}, csrfToken: this.session?.csrfToken ?? '' });
      this.status = rkt('rk.scanned', r);
      await this.load();
    } catch (err) {
      this.status = '';
      this.error = riskErrorText(reason(err));
    }
  }

  private async showRaw(alertId: number, ref: RawRef): Promise<void> {
    this.rawFor = { alertId, ref };
    this.raw = 'loading';
    try {
      this.raw = await supervisionCall<RawLinesView>(`/api/risk/raw-lines?deviceId=${encodeURIComponent(ref.deviceId)}&fromSeq=${ref.fromSeq}&toSeq=${ref.toSeq}`);
      await this.updateComplete;
      this.renderRoot.querySelector('.raw')?.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      this.raw = null;
      this.rawFor = null;
      this.error = riskErrorText(reason(err));
    }
  }

  private async acknowledge(a: RiskAlertView): Promise<void> {
    const note = (this.notes[a.id] ?? '').trim();
    if (note === '') {
      this.error = rkt('rk.ackEmpty');
      return;
    }
    try {
      await supervisionCall(`/api/risk/alerts/${a.id}/acknowledge`, { body: { note }, csrfToken: this.session?.csrfToken ?? '' });
      this.status = rkt('rk.ackDone');
      this.error = '';
      await this.load();
    } catch (err) {
      this.error = riskErrorText(reason(err));
    }
  }

  private renderRaw() {
    if (this.raw === 'loading') return html`<div class="raw" aria-live="polite">${rkt('rk.rawLoading')}</div>`;
    const r = this.raw;
    if (r === null) return nothing;
    return html`<div class="raw" role="region" aria-label=${rkt('rk.rawLink')}>
      <h5 title=${r.deviceId}>${rkt('rk.rawTitle', { device: shortDevice(r.deviceId), label: r.deviceLabel ?? '—', from: r.fromSeq, to: r.toSeq })}</h5>
      <p class="why">${rkt('rk.rawHint')}</p>
      ${r.truncated ? html`<p class="error">${rkt('rk.rawTruncated')}</p>` : nothing}
      <div class="scroll">
        <table>
          <thead><tr><th>${rkt('rk.col.seq')}</th><th>${rkt('rk.col.time')}</th><th>${rkt('rk.col.dir')}</th><th>${rkt('rk.col.text')}</th></tr></thead>
          <tbody>
            ${r.lines.map(
              (l) => html`<tr class=${l.cited ? 'cited' : 'context'} data-seq=${l.seq}>
                <td class="seq">${l.seq}</td><td class="time">${taian(l.receivedAt)}</td><td class="dir">${rkt(l.direction === 'out' ? 'rk.dir.out' : 'rk.dir.in')}</td><td class="text">${l.text}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <button @click=${() => { this.raw = null; this.rawFor = null; }}>${rkt('rk.rawClose')}</button>
    </div>`;
  }

  private renderAlert(a: RiskAlertView) {
    const [headline, ...more] = evidenceLines(a);
    const acked = a.acknowledgedAt !== null;
    return html`<article class="card ${acked ? 'acked' : ''}" data-alert=${a.id} data-kind=${a.kind}>
      <p class="headline">${headline}</p>
      ${more.map((m) => html`<p class="more">${m}</p>`)}
      ${driftChart(a) ?? nothing}
      <div class="meta"><span>${rkt('rk.enterprise', { id: a.enterpriseName })}</span><span>${rkt('rk.detectedAt', { at: taian(a.detectedAt) })}</span></div>
      <div class="links">
        ${a.rawRefs.map(
          (ref) => html`<button class="raw-link" title=${ref.deviceId} @click=${() => this.showRaw(a.id, ref)}>
            ${rkt('rk.rawLink')}（${rkt(ref.fromSeq === ref.toSeq ? 'rk.rawLine' : 'rk.rawRange', { device: shortDevice(ref.deviceId), from: ref.fromSeq, to: ref.toSeq })}）
          </button>`,
        )}
      </div>
      ${this.rawFor?.alertId === a.id ? this.renderRaw() : nothing}
      ${acked
        ? html`<p class="acked-note">${rkt('rk.acked', { by: a.acknowledgedBy ?? '—', at: taian(a.acknowledgedAt), note: a.acknowledgedNote ?? '' })}</p>`
        : this.mayAcknowledge
          ? html`<div class="ack">
              <label>${rkt('rk.ackNote')}
                <textarea .value=${this.notes[a.id] ?? ''} placeholder=${rkt('rk.ackHint')} @input=${(e: Event) => { this.notes = { ...this.notes, [a.id]: (e.target as HTMLTextAreaElement).value }; }}></textarea>
              </label>
              <button class="primary" @click=${() => this.acknowledge(a)}>${rkt('rk.ack')}</button>
            </div>`
          : nothing}
    </article>`;
  }

  override render() {
    const alerts = this.alerts ?? [];
    const groups = DISPLAY_ORDER.map((k) => [k, alerts.filter((a) => a.kind === k)] as const).filter(([, list]) => list.length > 0);
    return html`
      <h3>${rkt('rk.heading')}</h3>
      <p class="lead">${rkt('rk.lead')}</p>
      <div class="bar">
        ${this.mayAcknowledge ? html`<button class="primary scan" @click=${() => this.scan()}>${rkt('rk.scan')}</button>` : nothing}
        <label class="check"><input type="checkbox" .checked=${this.openOnly} @change=${(e: Event) => { this.openOnly = (e.target as HTMLInputElement).checked; void this.load(); }} />${rkt('rk.openOnly')}</label>
        ${this.status ? html`<span class="ok" role="status">${this.status}</span>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.alerts === null && this.loading ? html`<p>${rkt('rk.loading')}</p>` : nothing}
      ${this.alerts !== null && alerts.length === 0 ? html`<p class="ok">${rkt(this.openOnly ? 'rk.noneOpen' : 'rk.none')}</p>` : nothing}
      ${groups.map(
        ([kind, list]) => html`<section class="kind" data-kind=${kind}>
          <h4>${rkt(`rk.kind.${kind}` as RiskKey)} <span class="count ${list.some((a) => a.acknowledgedAt === null) ? '' : 'done'}">${rkt('rk.count', { n: list.filter((a) => a.acknowledgedAt === null).length })}</span></h4>
          <p class="why">${rkt(`rk.why.${kind}` as RiskKey)}</p>
          ${list.map((a) => this.renderAlert(a))}
        </section>`,
      )}
    `;
  }
}


customElements.define('erjian-reg-risk', RegRisk);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reg-risk': RegRisk;
  }
}
