import { LitElement, css, html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { RecallDetail, RecallMeterStatus, RecallMeterView, RecallProgress, RecallSummary } from '../../../../sync-server/src/supervision/recallApi.ts';
import { AdminApiError, type SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { recallErrorText, rct } from './recallMessages.ts';
import { recallStyles, scopeText, taianTime } from './recallStyles.ts';
import { supervisionCall } from './supervisionCall.ts';

const pageSize = 100;

function errorOf(err: unknown): string {
  return recallErrorText(err instanceof AdminApiError ? err.reason : 'network');
}

export function progressBar(p: RecallProgress) {
  const pct = (n: number) => (p.total === 0 ? 0 : (100 * n) / p.total);
  return html`<div class="progress" role="img" aria-label=${rct('rc.progress', { done: p.recalled + p.replaced, total: p.total, recalled: p.recalled, replaced: p.replaced, affected: p.affected })}>
      <span class="replaced" style=${styleMap({ width: `${pct(p.replaced)}%` })}></span><span class="recalled" style=${styleMap({ width: `${pct(p.recalled)}%` })}></span>
    </div>
    <p class="progress-text" data-testid="rc-progress-text">${rct('rc.progress', { done: p.recalled + p.replaced, total: p.total, recalled: p.recalled, replaced: p.replaced, affected: p.affected })}</p>`;
}

export function statusBadge(s: RecallMeterStatus) {
  return html`<span class=${`badge ${s}`} data-testid="rc-status" data-status=${s}>${rct(`rc.status.${s}`)}</span>`;
}

/**
 * The recalls a person may see (docs/recalls.md): each with its scope, reason, and progress
 * bar; one opened shows every meter with a big status badge and its history, and for the
 * enterprise admin the 已召回 / 已更换 buttons with a note. `enterpriseId` null: every
 * enterprise (the regulator).
 */
export class RecallList extends LitElement {
  static override properties = {
    session: { attribute: false },
    enterpriseId: { attribute: false },
    showEnterprise: { type: Boolean },
    canMark: { type: Boolean },
    recalls: { state: true },
    error: { state: true },
    openId: { state: true },
    detail: { state: true },
    message: { state: true },
    statusFilter: { state: true },
    serialFilter: { state: true },
    offset: { state: true },
    pending: { state: true },
  };
  declare session: SessionView | null;
  declare enterpriseId: string | null;
  declare showEnterprise: boolean;
  declare canMark: boolean;
  declare recalls: RecallSummary[] | null;
  declare error: string;
  declare openId: string | null;
  declare detail: RecallDetail | null;
  declare message: { serial: string; text: string; ok: boolean } | null;
  declare statusFilter: RecallMeterStatus | '';
  declare serialFilter: string;
  declare offset: number;
  /** a mark asked for and not yet confirmed: marks cannot be taken back */
  declare pending: { serial: string; status: 'recalled' | 'replaced' } | null;
  private readonly notes = new Map<string, string>();
  private loadedFor: string | null | undefined = undefined;

  static override styles = [
    recallStyles,
    css`
      .head { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; align-items: baseline; }
      .id { font-size: 1.25rem; font-weight: 700; }
      .reason { margin: 0.3rem 0; }
      .history { margin: 0; padding-left: 1.1rem; color: var(--erjian-ink); }
      .history li { margin: 0.1rem 0; }
      .mark { display: flex; flex-wrap: nowrap; gap: 0.4rem; align-items: center; }
      .mark input { width: 8.5rem; }
      .mark button { font-size: 1.1rem; padding: 0.45rem 1.1rem; white-space: nowrap; }
      .done { color: var(--erjian-ok); font-weight: 700; }
      .confirm { margin-top: 0.5rem; padding: 0.5rem 0.7rem; border: 2px solid #e0a030; border-radius: 8px; background: #fff8ea; max-width: 22rem; }
      .confirm p { margin: 0 0 0.4rem; font-weight: 700; }
      .filters { display: flex; flex-wrap: wrap; gap: 0.5rem 0.8rem; align-items: center; margin-top: 0.8rem; }
      .filters input { width: 12rem; }
    `,
  ];

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.enterpriseId = null;
    this.showEnterprise = false;
    this.canMark = false;
    this.recalls = null;
    this.error = '';
    this.openId = null;
    this.detail = null;
    this.message = null;
    this.statusFilter = '';
    this.serialFilter = '';
    this.offset = 0;
    this.pending = null;
  }

  override updated(): void {
    if (this.session && this.loadedFor !== this.enterpriseId) {
      this.loadedFor = this.enterpriseId;
      this.openId = null;
      this.detail = null;
      void this.reload();
    }
  }

  /** Reads the list again (and the open recall); opens `openId` when given. */
  async reload(openId?: string): Promise<void> {
    const asked = this.enterpriseId;
    try {
      const query = asked === null ? '' : `?enterpriseId=${encodeURIComponent(asked)}`;
      const answer = await supervisionCall<{ recalls: RecallSummary[] }>(`/api/recalls${query}`);
      if (this.enterpriseId !== asked) return;
      this.recalls = answer.recalls;
      this.error = '';
      if (openId !== undefined) this.openId = openId;
      if (this.openId !== null) await this.loadDetail(this.openId);
    } catch (err) {
      this.error = errorOf(err);
    }
  }

  private async loadDetail(id: string): Promise<void> {
    try {
      const query = new URLSearchParams({ offset: String(this.offset), limit: String(pageSize) });
      if (this.statusFilter) query.set('status', this.statusFilter);
      if (this.serialFilter.trim()) query.set('serial', this.serialFilter.trim());
      const answer = await supervisionCall<RecallDetail>(`/api/recalls/${encodeURIComponent(id)}?${query.toString()}`);
      if (this.openId === id) this.detail = answer;
    } catch (err) {
      this.error = errorOf(err);
    }
  }

  private toggle(id: string): void {
    if (this.openId === id) {
      this.openId = null;
      this.detail = null;
      return;
    }
    this.openId = id;
    this.detail = null;
    this.message = null;
    this.statusFilter = '';
    this.serialFilter = '';
    this.offset = 0;
    void this.loadDetail(id);
  }

  private async mark(recallId: string, serial: string, status: 'recalled' | 'replaced'): Promise<void> {
    this.pending = null;
    if (!this.session) return;
    try {
      await supervisionCall<RecallMeterView>(`/api/recalls/${encodeURIComponent(recallId)}/meters/${encodeURIComponent(serial)}`, {
        body: { status, note: this.notes.get(serial) ?? '' },
        csrfToken: this.session.csrfToken,
      });
      this.notes.delete(serial);
      this.message = { serial, text: rct('rc.marked', { serial, status: rct(`rc.status.${status}`) }), ok: true };
    } catch (err) {
      this.message = { serial, text: errorOf(err), ok: false };
    }
    await this.reload();
  }

  private renderHistory(m: RecallMeterView) {
    return html`<ol class="history">
      ${m.history.map(
        (h) => html`<li>${rct('rc.history.entry', { at: taianTime(h.at), status: h.status === 'affected' ? rct('rc.history.affected') : rct(`rc.status.${h.status}`), name: h.by.name })}${h.note ? html` — ${h.note}` : ''}</li>`,
      )}
    </ol>`;
  }

  private renderMark(d: RecallDetail, m: RecallMeterView) {
    if (m.status === 'replaced') return html`<span class="done">${rct('rc.done')}</span>`;
    return html`<div class="mark">
      <input
        data-testid="rc-note"
        aria-label=${rct('rc.note')}
        placeholder=${rct('rc.note')}
        .value=${this.notes.get(m.serial) ?? ''}
        @input=${(e: Event) => this.notes.set(m.serial, (e.target as HTMLInputElement).value)}
      />
      ${m.status === 'affected' ? html`<button data-testid="rc-mark-recalled" @click=${() => (this.pending = { serial: m.serial, status: 'recalled' })}>${rct('rc.mark.recalled')}</button>` : ''}
      <button class="primary" data-testid="rc-mark-replaced" @click=${() => (this.pending = { serial: m.serial, status: 'replaced' })}>${rct('rc.mark.replaced')}</button>
    </div>
    ${this.pending?.serial === m.serial ? this.renderConfirm(d.id, this.pending) : ''}`;
  }

  private renderConfirm(recallId: string, p: { serial: string; status: 'recalled' | 'replaced' }) {
    return html`<div class="confirm" role="alertdialog" data-testid="rc-mark-confirmation">
      <p>${rct('rc.confirmMark', { status: rct(`rc.status.${p.status}`) })}</p>
      <div class="mark">
        <button class="primary" data-testid="rc-mark-confirm" @click=${() => this.mark(recallId, p.serial, p.status)}>${rct('rc.confirmMarkYes')}</button>
        <button data-testid="rc-mark-cancel" @click=${() => (this.pending = null)}>${rct('rc.cancel')}</button>
      </div>
    </div>`;
  }

  private refilter(change: () => void): void {
    change();
    this.offset = 0;
    if (this.openId !== null) void this.loadDetail(this.openId);
  }

  private turn(offset: number): void {
    this.offset = Math.max(0, offset);
    if (this.openId !== null) void this.loadDetail(this.openId);
  }

  private renderFilters(d: RecallDetail) {
    const statuses: RecallMeterStatus[] = ['affected', 'recalled', 'replaced'];
    const { offset, limit, matching } = d.page;
    return html`<div class="filters">
      <input
        type="search"
        data-testid="rc-find"
        aria-label=${rct('rc.find')}
        placeholder=${rct('rc.find')}
        .value=${this.serialFilter}
        @change=${(e: Event) => this.refilter(() => (this.serialFilter = (e.target as HTMLInputElement).value))}
      />
      <select data-testid="rc-filter-status" aria-label=${rct('rc.col.status')} @change=${(e: Event) => this.refilter(() => (this.statusFilter = (e.target as HTMLSelectElement).value as RecallMeterStatus | ''))}>
        <option value="" ?selected=${this.statusFilter === ''}>${rct('rc.filter.all')}</option>
        ${statuses.map((s) => html`<option value=${s} ?selected=${this.statusFilter === s}>${rct(`rc.status.${s}`)}</option>`)}
      </select>
      ${matching > 0 ? html`<span data-testid="rc-page-info">${rct('rc.pageInfo', { from: offset + 1, to: Math.min(offset + limit, matching), n: matching })}</span>` : ''}
      ${matching > limit
        ? html`<button data-testid="rc-prev" ?disabled=${offset === 0} @click=${() => this.turn(offset - limit)}>${rct('rc.prev')}</button>
            <button data-testid="rc-next" ?disabled=${offset + limit >= matching} @click=${() => this.turn(offset + limit)}>${rct('rc.next')}</button>`
        : ''}
    </div>`;
  }

  private renderDetail(d: RecallDetail) {
    if (d.meters.length === 0) return html`${this.renderFilters(d)}<p class="muted" data-testid="rc-no-match">${rct('rc.noMatch')}</p>`;
    return html`${this.renderFilters(d)}<table data-testid="rc-meters">
      <thead>
        <tr><th>${rct('rc.col.serial')}</th><th>${rct('rc.col.status')}</th><th>${rct('rc.col.history')}</th>${this.canMark ? html`<th>${rct('rc.col.mark')}</th>` : ''}</tr>
      </thead>
      <tbody>
        ${d.meters.map(
          (m) => html`<tr data-testid="rc-meter-row" data-serial=${m.serial}>
            <td class="serial">${m.serial}</td>
            <td>${statusBadge(m.status)}</td>
            <td>${this.renderHistory(m)}${this.message?.serial === m.serial ? html`<p class=${this.message.ok ? 'ok' : 'error'} role="status" data-testid="rc-mark-message">${this.message.text}</p>` : ''}</td>
            ${this.canMark ? html`<td>${this.renderMark(d, m)}</td>` : ''}
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderRecall(r: RecallSummary) {
    const open = this.openId === r.id;
    return html`<section class="card" data-testid="rc-recall" data-recall-id=${r.id}>
      <div class="head">
        <span class="id">${r.id}</span>
        ${this.showEnterprise ? html`<strong data-testid="rc-enterprise">${r.enterpriseName}</strong>` : ''}
        <span>${rct('rc.issuedOn', { date: r.issuedOn })}</span>
        <span class="muted">${rct('rc.by', { name: r.createdBy.name })}</span>
      </div>
      <p class="reason">${scopeText(r.scope)}</p>
      <p class="reason">${rct('rc.reasonShown', { reason: r.reason })}</p>
      <p class="reason">${rct('rc.actionShown', { action: r.action })}</p>
      ${progressBar(r.progress)}
      <button data-testid="rc-open" aria-expanded=${open ? 'true' : 'false'} @click=${() => this.toggle(r.id)}>${open ? rct('rc.close') : this.canMark ? rct('rc.open') : rct('rc.view')}</button>
      ${open ? (this.detail?.id === r.id ? this.renderDetail(this.detail) : html`<p class="muted" role="status">${rct('rc.loading')}</p>`) : ''}
    </section>`;
  }

  override render() {
    if (this.error && !this.recalls) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.recalls) return html`<p class="muted" role="status">${rct('rc.loading')}</p>`;
    return html`<h4>${rct('rc.list')}</h4>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.recalls.length === 0 ? html`<p class="muted" data-testid="rc-none">${rct('rc.none')}</p>` : this.recalls.map((r) => this.renderRecall(r))}`;
  }
}

customElements.define('erjian-recall-list', RecallList);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-recall-list': RecallList;
  }
}
