import { LitElement, html } from 'lit';
import { pilotDate } from '../../domain/civilDate.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';
import type { RecallDetail, RecallPreview, RecallScope, RecallScopeChoices } from '../../../../sync-server/src/supervision/recallApi.ts';
import { AdminApiError, type SessionView } from '../admin/adminApi.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { recallErrorText, rct } from './recallMessages.ts';
import { recallStyles, scopeText } from './recallStyles.ts';
import { supervisionCall } from './supervisionCall.ts';

type Kind = RecallScope['kind'];
const shownInPreview = 30;

function errorOf(err: unknown): string {
  return recallErrorText(err instanceof AdminApiError ? err.reason : 'network');
}

/**
 * Defining a recall (docs/recalls.md): the scope (a bench and two Tai'an dates, a batch, or a
 * model — picked from what the enterprise's synced records name), the reason and what owners
 * should do, a preview of every affected meter, then the confirmation. Fires `recall-defined`
 * with the new recall.
 */
export class RecallDefine extends LitElement {
  static override properties = {
    session: { attribute: false },
    enterpriseId: { attribute: false },
    kind: { state: true },
    benchId: { state: true },
    from: { state: true },
    to: { state: true },
    batchId: { state: true },
    model: { state: true },
    reason: { state: true },
    action: { state: true },
    choices: { state: true },
    preview: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare session: SessionView | null;
  declare enterpriseId: string | null;
  declare kind: Kind;
  declare benchId: string;
  declare from: string;
  declare to: string;
  declare batchId: string;
  declare model: string;
  declare reason: string;
  declare action: string;
  declare choices: RecallScopeChoices | null;
  declare preview: RecallPreview | null;
  declare busy: boolean;
  declare error: string;
  private loadedFor: string | null = null;

  static override styles = [recallStyles];

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.enterpriseId = null;
    this.kind = 'batch';
    this.benchId = '';
    const today = pilotDate(Date.now(), defaultProfile);
    this.from = today;
    this.to = today;
    this.batchId = '';
    this.model = '';
    this.reason = '';
    this.action = '';
    this.choices = null;
    this.preview = null;
    this.busy = false;
    this.error = '';
  }

  override updated(): void {
    if (this.enterpriseId && this.loadedFor !== this.enterpriseId) {
      this.loadedFor = this.enterpriseId;
      this.choices = null;
      this.preview = null;
      void this.loadChoices(this.enterpriseId);
    }
  }

  private async loadChoices(enterpriseId: string): Promise<void> {
    try {
      const c = await supervisionCall<RecallScopeChoices>(`/api/enterprises/${encodeURIComponent(enterpriseId)}/recall-scopes`);
      if (this.enterpriseId !== enterpriseId) return;
      this.choices = c;
      this.benchId = c.benches[0]?.id ?? '';
      this.batchId = c.batches[0]?.id ?? '';
      this.model = c.models[0]?.model ?? '';
    } catch (err) {
      this.error = errorOf(err);
    }
  }

  private scope(): RecallScope {
    switch (this.kind) {
      case 'bench':
        return { kind: 'bench', benchId: this.benchId, from: this.from, to: this.to };
      case 'batch':
        return { kind: 'batch', batchId: this.batchId };
      case 'model':
        return { kind: 'model', model: this.model };
    }
  }

  private previewIsCurrent(): boolean {
    return this.preview !== null && JSON.stringify(this.preview.scope) === JSON.stringify(this.scope());
  }

  private async runPreview(): Promise<void> {
    if (!this.enterpriseId || !this.session) return;
    this.busy = true;
    this.error = '';
    try {
      this.preview = await supervisionCall<RecallPreview>(`/api/enterprises/${encodeURIComponent(this.enterpriseId)}/recalls/preview`, {
        body: { scope: this.scope() },
        csrfToken: this.session.csrfToken,
      });
    } catch (err) {
      this.preview = null;
      this.error = errorOf(err);
    } finally {
      this.busy = false;
    }
  }

  private async confirm(): Promise<void> {
    if (!this.enterpriseId || !this.session || !this.previewIsCurrent()) return;
    this.busy = true;
    this.error = '';
    try {
      const made = await supervisionCall<RecallDetail>(`/api/enterprises/${encodeURIComponent(this.enterpriseId)}/recalls`, {
        body: { scope: this.scope(), reason: this.reason, action: this.action },
        csrfToken: this.session.csrfToken,
      });
      this.preview = null;
      this.reason = '';
      this.action = '';
      this.dispatchEvent(new CustomEvent<RecallDetail>('recall-defined', { detail: made, bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorOf(err);
    } finally {
      this.busy = false;
    }
  }

  private renderScope(c: RecallScopeChoices) {
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    switch (this.kind) {
      case 'bench':
        return html`<div class="row">
          <label>${rct('rc.bench')}
            <select data-testid="rc-bench" @change=${(e: Event) => (this.benchId = value(e))}>
              ${c.benches.map((b) => html`<option value=${b.id} ?selected=${b.id === this.benchId}>${b.name === b.id ? b.id : `${b.name}（${b.id}）`}</option>`)}
            </select></label>
          <label>${rct('rc.from')}<input type="date" data-testid="rc-from" .value=${this.from} @change=${(e: Event) => (this.from = value(e))} /></label>
          <label>${rct('rc.to')}<input type="date" data-testid="rc-to" .value=${this.to} @change=${(e: Event) => (this.to = value(e))} /></label>
        </div>`;
      case 'batch':
        return html`<label>${rct('rc.batch')}
          <select data-testid="rc-batch" @change=${(e: Event) => (this.batchId = value(e))}>
            ${c.batches.map((b) => html`<option value=${b.id} ?selected=${b.id === this.batchId}>${rct('rc.batchOption', { id: b.id, model: b.model, n: b.meters })}</option>`)}
          </select></label>`;
      case 'model':
        return html`<label>${rct('rc.model')}
          <select data-testid="rc-model" @change=${(e: Event) => (this.model = value(e))}>
            ${c.models.map((m) => html`<option value=${m.model} ?selected=${m.model === this.model}>${rct('rc.modelOption', { model: m.model, n: m.meters })}</option>`)}
          </select></label>`;
    }
  }

  private renderPreview() {
    const p = this.preview;
    if (this.busy && !p) return html`<p class="muted" role="status">${rct('rc.previewing')}</p>`;
    if (!p) return '';
    if (!this.previewIsCurrent()) return html`<p class="muted" data-testid="rc-preview-stale">${rct('rc.previewStale')}</p>`;
    if (p.count === 0) return html`<p class="error" data-testid="rc-preview-count">${rct('rc.previewNone')}</p>`;
    return html`<div class="preview" data-testid="rc-preview">
      <p class="count" data-testid="rc-preview-count">${rct('rc.previewCount', { n: p.count })}</p>
      <p class="muted">${scopeText(p.scope)}</p>
      <p class="serials">${p.meters.slice(0, shownInPreview).map((m) => html`<span>${m.serial}</span> `)}
        ${p.count > shownInPreview ? html`<span class="muted">${rct('rc.previewMore', { n: p.count - shownInPreview })}</span>` : ''}</p>
    </div>`;
  }

  override render() {
    const c = this.choices;
    if (!c) return this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p class="muted" role="status">${rct('rc.loading')}</p>`;
    if (c.batches.length === 0) return html`<p class="muted" data-testid="rc-no-choices">${rct('rc.noChoices')}</p>`;
    const canConfirm = this.previewIsCurrent() && (this.preview?.count ?? 0) > 0 && this.reason.trim().length >= 2 && this.action.trim().length >= 2 && !this.busy;
    const kinds: Kind[] = ['bench', 'batch', 'model'];
    return html`<div class="define" data-testid="rc-define">
      <fieldset>
        <legend>${rct('rc.kind')}</legend>
        ${kinds.map(
          (k) => html`<label class="radio"><input type="radio" name="kind" value=${k} data-testid=${`rc-kind-${k}`} .checked=${this.kind === k} @change=${() => (this.kind = k)} /> ${rct(`rc.kind.${k}`)}</label>`,
        )}
      </fieldset>
      ${this.renderScope(c)}
      <label>${rct('rc.reason')}<textarea data-testid="rc-reason" placeholder=${rct('rc.reasonHint')} .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea></label>
      <label>${rct('rc.action')}<textarea data-testid="rc-action" placeholder=${rct('rc.actionHint')} .value=${this.action} @input=${(e: Event) => (this.action = (e.target as HTMLTextAreaElement).value)}></textarea></label>
      <div class="buttons"><button data-testid="rc-preview-button" ?disabled=${this.busy} @click=${this.runPreview}>${rct('rc.preview')}</button></div>
      ${this.renderPreview()} ${this.error ? html`<p class="error" role="alert" data-testid="rc-error">${this.error}</p>` : ''}
      <div class="buttons">
        <button class="primary" data-testid="rc-confirm" ?disabled=${!canConfirm} @click=${this.confirm}>${rct('rc.confirm', { n: this.previewIsCurrent() ? (this.preview?.count ?? 0) : 0 })}</button>
      </div>
    </div>`;
  }
}

customElements.define('erjian-recall-define', RecallDefine);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-recall-define': RecallDefine;
  }
}
