/**
 * #/regulator?tab=samplings — the regulator's 双随机 sampling (docs/sampling.md): publish the
 * seeds for an enterprise, draw later from a batch (the sample size labelled as the pilot
 * default the regulator sets, not an acceptance plan), follow the institute's results, and
 * conclude — a non-conforming sampling steps the penalty ladder, the screen saying which rung.
 */
import { LitElement, html, nothing } from 'lit';
import { adminApi, AdminApiError, type EnterpriseView, type SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { supervisionCall } from './supervisionCall.ts';
import { civilWhen, samplingErrorText, st, type SamplingKey } from './samplingMessages.ts';
import { resultsTable } from './samplingParts.ts';
import { samplingStyles } from './samplingStyles.ts';
import type { NextRung, PublicSampling, SamplingBatch, SamplingDetail } from './samplingTypes.ts';

function errorText(err: unknown): string {
  if (err instanceof AdminApiError) {
    const base = samplingErrorText(err.reason);
    return err.reason === 'invalid-input' || err.reason === 'not-selected' ? `${base}\n${err.message}` : base;
  }
  return samplingErrorText(String(err));
}

export function rungText(r: NextRung): string {
  if (r.refused !== null) return st('smp.rung.refused', { code: r.refused });
  switch (r.to) {
    case 'batch-returned':
    case 'rectifying':
    case 'revoked':
    case 'pilot-stopped':
      return st(`smp.rung.${r.to}`, { n: r.count });
    default:
      return st('smp.rung.other', { n: r.count, from: r.from, to: r.to });
  }
}

export class RegSamplings extends LitElement {
  static override properties = {
    session: { attribute: false },
    enterprises: { state: true },
    list: { state: true },
    detail: { state: true },
    batches: { state: true },
    message: { state: true },
    error: { state: true },
    busy: { state: true },
    sizeMode: { state: true },
    chosenBatch: { state: true },
  };
  declare session: SessionView | null;
  declare enterprises: EnterpriseView[];
  declare list: PublicSampling[] | null;
  declare detail: SamplingDetail | null;
  declare batches: SamplingBatch[];
  declare message: string;
  declare error: string;
  declare busy: boolean;
  declare sizeMode: 'default' | 'regulator';
  declare chosenBatch: string;

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.enterprises = [];
    this.list = null;
    this.detail = null;
    this.batches = [];
    this.message = '';
    this.error = '';
    this.busy = false;
    this.sizeMode = 'default';
    this.chosenBatch = '';
  }

  static override styles = samplingStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get csrf(): string | undefined {
    return this.session?.csrfToken;
  }

  private async load(): Promise<void> {
    try {
      const [enterprises, list] = await Promise.all([adminApi.enterprises(), supervisionCall<{ samplings: PublicSampling[] }>('/api/samplings')]);
      this.enterprises = enterprises;
      this.list = list.samplings;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.message = '';
    try {
      await work();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private field(form: HTMLFormElement, name: string): string {
    const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    return el?.value.trim() ?? '';
  }

  private propose(e: Event): void {
    const form = (e.target as HTMLElement).closest('form');
    void this.act(async () => {
      const p = await supervisionCall<{ seed: string; inspectorSeed: string }>('/api/samplings/seed-proposal');
      if (!form) return;
      (form.elements.namedItem('seed') as HTMLInputElement).value = p.seed;
      (form.elements.namedItem('inspectorSeed') as HTMLInputElement).value = p.inspectorSeed;
    });
  }

  private publish(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = {
      enterpriseId: this.field(form, 'enterprise'),
      title: this.field(form, 'title'),
      ...(this.field(form, 'seed') ? { seed: this.field(form, 'seed') } : {}),
      ...(this.field(form, 'inspectorSeed') ? { inspectorSeed: this.field(form, 'inspectorSeed') } : {}),
    };
    if (body.title === '') {
      this.error = samplingErrorText('title-required');
      return;
    }
    void this.act(async () => {
      const created = await supervisionCall<SamplingDetail>('/api/samplings', { body, csrfToken: this.csrf });
      form.reset();
      await this.load();
      await this.open(created.id);
      this.message = st('smp.published', { id: created.id });
    });
  }

  private async open(id: string): Promise<void> {
    this.detail = await supervisionCall<SamplingDetail>(`/api/samplings/${encodeURIComponent(id)}`);
    this.batches = [];
    this.sizeMode = 'default';
    if (this.detail.status === 'seed-published') {
      this.batches = (await supervisionCall<{ batches: SamplingBatch[] }>(`/api/enterprises/${encodeURIComponent(this.detail.enterpriseId)}/sampling-batches`)).batches;
      this.chosenBatch = this.batches.find((b) => b.lotSize > 0)?.batchId ?? '';
    }
    await this.updateComplete;
    this.renderRoot.querySelector('#sampling-detail')?.scrollIntoView({ block: 'start' });
  }

  private draw(e: SubmitEvent): void {
    e.preventDefault();
    const d = this.detail;
    if (!d) return;
    const form = e.target as HTMLFormElement;
    const n = Number(this.field(form, 'n'));
    const inspectors = Number(this.field(form, 'inspectors') || '2');
    const body = { batchId: this.chosenBatch, inspectors, ...(this.sizeMode === 'regulator' ? { n } : {}) };
    void this.act(async () => {
      this.detail = await supervisionCall<SamplingDetail>(`/api/samplings/${encodeURIComponent(d.id)}/draw`, { body, csrfToken: this.csrf });
      await this.load();
    });
  }

  private conclude(e: SubmitEvent): void {
    e.preventDefault();
    const d = this.detail;
    if (!d) return;
    const form = e.target as HTMLFormElement;
    const deadline = this.field(form, 'deadline');
    const note = this.field(form, 'note');
    const reference = this.field(form, 'reference');
    const body = { decidedBy: this.field(form, 'decidedBy'), ...(reference ? { reference } : {}), ...(note ? { note } : {}), ...(deadline ? { rectificationDeadline: deadline } : {}) };
    void this.act(async () => {
      this.detail = await supervisionCall<SamplingDetail>(`/api/samplings/${encodeURIComponent(d.id)}/conclude`, { body, csrfToken: this.csrf });
      this.message = this.detail.conclusion === 'non-conforming' ? st('smp.conclude.done.non-conforming', { id: this.detail.penaltyEventId ?? '' }) : st('smp.conclude.done.conforming');
      await this.load();
    });
  }

  override render() {
    return html`
      <h3>${st('smp.heading')}</h3>
      <p class="lead">${st('smp.lead')}</p>
      ${this.error ? html`<p class="error" role="alert" data-testid="smp-error">${this.error}</p>` : nothing}
      ${this.message ? html`<p class="ok" role="status" data-testid="smp-message">${this.message}</p>` : nothing}
      ${this.renderCreate()} ${this.renderList()} ${this.detail ? this.renderDetail(this.detail) : nothing}
    `;
  }

  private renderCreate() {
    return html`<section class="card">
      <h4>${st('smp.create.heading')}</h4>
      <form class="row" @submit=${this.publish} data-testid="smp-create">
        <label>${st('smp.enterprise')}
          <select name="enterprise" required>
            ${this.enterprises.map((e) => html`<option value=${e.id}>${e.name}</option>`)}
          </select>
        </label>
        <label>${st('smp.title')}<input name="title" size="30" placeholder=${st('smp.titlePlaceholder')} required /></label>
        <label>${st('smp.seed')}<input name="seed" class="seed" autocomplete="off" /></label>
        <label>${st('smp.inspectorSeed')}<input name="inspectorSeed" class="seed" autocomplete="off" /></label>
        <button type="button" @click=${this.propose} ?disabled=${this.busy}>${st('smp.propose')}</button>
        <button class="primary" type="submit" ?disabled=${this.busy}>${st('smp.publish')}</button>
      </form>
      <p class="muted">${st('smp.seedHint')}</p>
    </section>`;
  }

  private renderList() {
    const list = this.list;
    return html`<section class="card">
      <h4>${st('smp.list.heading')}</h4>
      ${list === null
        ? html`<p class="muted">${st('smp.loading')}</p>`
        : list.length === 0
          ? html`<p class="muted">${st('smp.list.empty')}</p>`
          : html`<div class="scroll"><table data-testid="smp-list">
              <thead><tr><th>${st('smp.col.title')}</th><th>${st('smp.col.enterprise')}</th><th>${st('smp.col.published')}</th><th>${st('smp.col.status')}</th><th>${st('smp.col.batch')}</th><th>${st('smp.col.conclusion')}</th><th></th></tr></thead>
              <tbody>
                ${list.map(
                  (s) => html`<tr class=${this.detail?.id === s.id ? 'current' : ''}>
                    <td>${s.title}<div class="muted mono">${s.id}</div></td>
                    <td>${s.enterpriseName}</td>
                    <td>${civilWhen(s.seedPublishedAt)}</td>
                    <td>${st(`smp.status.${s.status}`)}</td>
                    <td>${s.draw ? `${s.draw.batchId} · ${s.draw.model}` : '—'}</td>
                    <td>${s.conclusion ? html`<span class="pill ${s.conclusion === 'conforming' ? 'ok' : 'bad'}">${st(`smp.conclusion.${s.conclusion}`)}</span>` : '—'}</td>
                    <td><button @click=${() => void this.act(() => this.open(s.id))} data-testid=${`smp-open-${s.id}`}>${st('smp.open')}</button></td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`}
    </section>`;
  }

  private renderDetail(d: SamplingDetail) {
    return html`<section class="card" id="sampling-detail" data-testid="smp-detail">
      <div class="row" style="justify-content: space-between; align-items: center">
        <h4>${d.title} <span class="pill">${st(`smp.status.${d.status}`)}</span></h4>
        <button @click=${() => (this.detail = null)}>${st('smp.close')}</button>
      </div>
      <p>${d.enterpriseName} · <span class="mono">${d.id}</span></p>
      <table>
        <tbody>
          <tr><th>${st('smp.seed')}</th><td class="seed" data-testid="smp-seed">${d.seed}</td></tr>
          <tr><th>${st('smp.inspectorSeed')}</th><td class="seed">${d.inspectorSeed}</td></tr>
          <tr><th>${st('smp.seeds')}</th><td>${st('smp.seedsPublishedAt', { at: civilWhen(d.seedPublishedAt) })}</td></tr>
        </tbody>
      </table>
      ${d.status === 'seed-published' ? this.renderDraw() : this.renderDrawn(d)}
    </section>`;
  }

  private renderDraw() {
    const batch = this.batches.find((b) => b.batchId === this.chosenBatch);
    if (this.batches.length === 0) return html`<p class="muted">${st('smp.draw.noBatches')}</p>`;
    return html`<h4>${st('smp.draw.heading')}</h4>
      <form @submit=${this.draw} data-testid="smp-draw">
        <div class="row">
          <label>${st('smp.draw.batch')}
            <select name="batch" data-testid="smp-batch" @change=${(e: Event) => (this.chosenBatch = (e.target as HTMLSelectElement).value)}>
              ${this.batches.map(
                (b) => html`<option value=${b.batchId} ?selected=${b.batchId === this.chosenBatch} ?disabled=${b.lotSize === 0}>
                  ${st('smp.draw.batchOption', { batch: b.batchId, model: b.model, date: b.productionDate, lot: b.lotSize })}
                </option>`,
              )}
            </select>
          </label>
          <label>${st('smp.draw.inspectors')}<input name="inspectors" class="num" type="number" min="1" max="20" value="2" /></label>
        </div>
        <fieldset style="border: none; padding: 0; margin: 0.6rem 0">
          <legend style="font-weight: 700">${st('smp.draw.size')}</legend>
          <label class="inline"><input type="radio" name="size" value="default" .checked=${this.sizeMode === 'default'} @change=${() => (this.sizeMode = 'default')} />
            ${batch?.plan ? st('smp.draw.sizeDefault', { n: batch.plan.sampleSize }) : st('smp.draw.sizeDefaultNone')}</label>
          <label class="inline"><input type="radio" name="size" value="regulator" .checked=${this.sizeMode === 'regulator'} @change=${() => (this.sizeMode = 'regulator')} />
            ${st('smp.draw.sizeRegulator')}
            <input name="n" class="num" type="number" min="1" max=${batch?.lotSize ?? 1} ?disabled=${this.sizeMode !== 'regulator'} .value=${String(batch?.plan?.sampleSize ?? 1)} /></label>
          <p class="note">${st('smp.draw.sizeNote')}</p>
        </fieldset>
        <button class="primary" type="submit" ?disabled=${this.busy || !batch || batch.lotSize === 0} data-testid="smp-draw-submit">${st('smp.draw.submit')}</button>
        <span class="muted">${st('smp.draw.notYet')}</span>
      </form>`;
  }

  private renderDrawn(d: SamplingDetail) {
    const draw = d.draw;
    if (!draw) return nothing;
    const current = d.current;
    return html`
      <h4>${st('smp.selection.heading', { n: draw.n, lot: draw.lotSize })}</h4>
      <p>${draw.batchId} · ${draw.model} · ${st('smp.drawnAt', { at: civilWhen(draw.drawnAt) })}</p>
      <p class="note">${st(`smp.selection.basis.${draw.sizeBasis}` as SamplingKey)}</p>
      <div class="scroll"><table data-testid="smp-selection">
        <thead><tr><th>${st('smp.col.rank')}</th><th>${st('smp.col.serial')}</th><th>${st('smp.col.hmac')}</th><th>${st('smp.col.result')}</th></tr></thead>
        <tbody>
          ${draw.selection.map((c) => {
            const r = current[c.id];
            return html`<tr>
              <td class="num">${c.rank}</td><td><b>${c.id}</b></td><td class="mono">${c.hmac}</td>
              <td>${r === undefined ? html`<span class="pill">${st('smp.result.pending')}</span>` : html`<span class="pill ${r ? 'ok' : 'bad'}">${st(r ? 'smp.result.passed' : 'smp.result.failed')}</span>`}</td>
            </tr>`;
          })}
        </tbody>
      </table></div>
      <h4>${st('smp.inspectors.heading')}</h4>
      <table data-testid="smp-inspectors">
        <thead><tr><th>${st('smp.col.rank')}</th><th>${st('smp.col.inspector')}</th><th>${st('smp.col.username')}</th><th>${st('smp.col.hmac')}</th></tr></thead>
        <tbody>${draw.inspectors.map((i) => html`<tr><td class="num">${i.rank}</td><td>${i.displayName}</td><td class="mono">${i.id}</td><td class="mono">${i.hmac}</td></tr>`)}</tbody>
      </table>
      <details>
        <summary>${st('smp.candidates')} (${draw.candidates.length})</summary>
        <p class="muted">${st('smp.reproduce', { seed: d.seed, n: draw.n })}</p>
        <textarea readonly rows="6">${draw.candidates.join('\n')}</textarea>
      </details>
      ${this.renderResults(d)} ${d.status === 'drawn' ? this.renderConclude(d) : this.renderConcluded(d)}
    `;
  }

  private renderResults(d: SamplingDetail) {
    return html`<h4>${st('smp.results.heading')}</h4>${resultsTable(d.results)}`;
  }

  private renderConclude(d: SamplingDetail) {
    const draw = d.draw;
    if (!draw) return nothing;
    const missing = draw.selection.filter((c) => d.current[c.id] === undefined);
    const failed = draw.selection.filter((c) => d.current[c.id] === false).map((c) => c.id);
    return html`<h4>${st('smp.conclude.heading')}</h4>
      ${missing.length > 0
        ? html`<p class="muted" data-testid="smp-incomplete">${st('smp.conclude.incomplete', { n: missing.length })}</p>`
        : html`<form @submit=${this.conclude} data-testid="smp-conclude">
            ${failed.length === 0
              ? html`<p class="ok">${st('smp.conclude.willConform', { n: draw.selection.length })}</p>`
              : html`<p class="bad">${st('smp.conclude.willFail', { failed: failed.length, serials: failed.join('、') })}</p>
                  ${d.nextRung ? html`<p class="warn" data-testid="smp-rung">${rungText(d.nextRung)}</p>` : nothing}`}
            <div class="row">
              <label>${st('smp.conclude.decidedBy')}<input name="decidedBy" size="22" required /></label>
              ${failed.length > 0
                ? html`<label>${st('smp.conclude.reference')}<input name="reference" size="22" required /></label>
                    ${d.nextRung?.needsDeadline ? html`<label>${st('smp.conclude.deadline')}<input name="deadline" type="date" required /></label>` : nothing}
                    <label>${st('smp.conclude.note')}<input name="note" size="30" /></label>`
                : nothing}
              <button class="primary" type="submit" ?disabled=${this.busy} data-testid="smp-conclude-submit">${st('smp.conclude.submit')}</button>
            </div>
          </form>`}`;
  }

  private renderConcluded(d: SamplingDetail) {
    if (d.conclusion === null) return nothing;
    return html`<p class=${d.conclusion === 'conforming' ? 'ok' : 'bad'} data-testid="smp-concluded">
      ${d.conclusion === 'conforming' ? st('smp.conclude.done.conforming') : st('smp.conclude.done.non-conforming', { id: d.penaltyEventId ?? '' })} ${civilWhen(d.concludedAt)}
    </p>`;
  }
}

customElements.define('erjian-reg-samplings', RegSamplings);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reg-samplings': RegSamplings;
  }
}
