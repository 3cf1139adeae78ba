import { LitElement, css, html } from 'lit';
import { LocaleController } from '../i18n/localeController.ts';
import { locale } from '../i18n/i18n.ts';
import { checkDraft, isPlcDraft, positionCount, setupOf, setupText, withField, withPositionCount, withReading, withReference, withSetupText, type Checked, type Draft } from './configDraft.ts';
import { issueViews, type IssueView } from './configIssueText.ts';
import { st, type SettingsMessageKey } from './messages.ts';

/** The top-level fields the form edits; their problems are shown under them. */
const formFields = ['name', 'id', 'vendor', 'model', 'uRelPct'] as const;
type FormField = (typeof formFields)[number];
const formLabel: Record<FormField, SettingsMessageKey> = { name: 'bs.f.name', id: 'bs.f.id', vendor: 'bs.f.vendor', model: 'bs.f.model', uRelPct: 'bs.f.uRelPct' };

/**
 * The editor of one configuration (#/settings/bench): the main fields as a form, the
 * register map and wiring (`setup`) as JSON text, validated on every change; every problem
 * under its field, by its name and in the person's language (configIssueText.ts). Emits
 * `draft-change` with the new draft (the screen owns it) and `text-broken` while the JSON
 * text does not parse (the draft then is the last one that did: nothing may be saved).
 */
export class BenchConfigEditor extends LitElement {
  static override properties = { draft: { attribute: false }, text: { state: true }, syntax: { state: true } };
  declare draft: Draft;
  /** the text area as typed (kept while it does not parse, so nothing typed is lost) */
  declare text: string;
  declare syntax: string | null;
  private textFor: Draft | null = null;

  constructor() {
    super();
    new LocaleController(this);
    this.draft = {};
    this.text = '';
    this.syntax = null;
  }

  static override styles = css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.8rem 1.2rem; }
    .wide { grid-column: span 2; }
    label { display: flex; flex-direction: column; gap: 0.25rem; font-weight: 700; color: var(--erjian-muted); }
    input, select, textarea { font: inherit; font-size: 1.15rem; padding: 0.45rem 0.6rem; border: 2px solid #c3ccd6; border-radius: 8px; color: var(--erjian-ink); font-weight: 400; }
    input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--erjian-danger); }
    textarea { width: 100%; box-sizing: border-box; min-height: 16rem; font-family: ui-monospace, 'Cascadia Mono', Consolas, monospace; font-size: 1rem; }
    .hint { color: var(--erjian-muted); font-weight: 400; font-size: 0.95rem; }
    .err { color: var(--erjian-danger); font-weight: 700; font-size: 1rem; margin: 0; }
    ul.issues { margin: 0.4rem 0 0; padding-left: 1.2rem; color: var(--erjian-danger); font-size: 1.05rem; line-height: 1.6; }
    ul.issues b { font-weight: 800; }
    .valid { color: var(--erjian-ok); font-weight: 800; font-size: 1.15rem; margin: 0.4rem 0 0; }
    .setup { margin-top: 1rem; }
  `;

  override willUpdate(): void {
    // A draft from outside (the form, an example, an import): the text follows it.
    if (this.textFor !== this.draft) {
      this.textFor = this.draft;
      this.text = setupText(this.draft);
      this.syntax = null;
    }
  }

  private emit(draft: Draft): void {
    this.dispatchEvent(new CustomEvent<Draft>('draft-change', { detail: draft, bubbles: true, composed: true }));
  }

  private onText(text: string): void {
    this.text = text;
    const r = withSetupText(this.draft, text);
    if ('syntax' in r) {
      this.syntax = r.syntax;
      this.dispatchEvent(new CustomEvent<boolean>('text-broken', { detail: true, bubbles: true, composed: true }));
      return;
    }
    if (this.syntax !== null) this.dispatchEvent(new CustomEvent<boolean>('text-broken', { detail: false, bubbles: true, composed: true }));
    this.syntax = null;
    // The draft changes but the text stays as typed (no re-format under the cursor).
    this.textFor = r.draft;
    this.emit(r.draft);
  }

  private issuesOf(checked: Checked): IssueView[] {
    if (this.syntax !== null) return issueViews([{ path: '(root)', message: `not valid JSON: ${this.syntax}` }], locale());
    return checked.ok ? [] : issueViews(checked.issues, locale(), this.draft);
  }

  private renderIssues(views: IssueView[], testId: string) {
    if (views.length === 0) return '';
    return html`<ul class="issues" data-testid=${testId}>
      ${views.map((v) => html`<li data-testid="bs-issue" data-path=${v.path}><b>${v.field}</b>${locale() === 'en' ? ': ' : '：'}${v.sentence}</li>`)}
    </ul>`;
  }

  private input(key: FormField, views: IssueView[]) {
    const mine = views.filter((v) => v.path === key);
    const value = this.draft[key];
    return html`<label class=${key === 'name' ? 'wide' : ''}>${st(formLabel[key])}
      <input data-testid=${`bs-f-${key}`} .value=${value === undefined || value === null ? '' : String(value)} aria-invalid=${String(mine.length > 0)}
        inputmode=${key === 'uRelPct' ? 'decimal' : 'text'} @input=${(e: Event) => this.emit(withField(this.draft, key, (e.target as HTMLInputElement).value))} />
      ${mine.map((v) => html`<p class="err" data-testid="bs-field-issue" data-path=${v.path}>${v.sentence}</p>`)}
    </label>`;
  }

  override render() {
    const checked = checkDraft(this.draft);
    const views = this.issuesOf(checked);
    const top = new Set<string>(formFields);
    const setup = setupOf(this.draft);
    const plc = isPlcDraft(this.draft);
    const reference = setup?.['reference'];
    const referenceKind = typeof reference === 'object' && reference !== null && !Array.isArray(reference) ? reference['kind'] : undefined;
    return html`
      <div class="grid">
        ${this.input('name', views)} ${this.input('id', views)} ${this.input('uRelPct', views)}
        ${this.input('vendor', views)} ${this.input('model', views)}
        ${plc
          ? html`
              <label>${st('bs.f.reading')}
                <select data-testid="bs-f-reading" @change=${(e: Event) => this.emit(withReading(this.draft, (e.target as HTMLSelectElement).value === 'visual' ? 'visual' : 'pulse'))}>
                  ${(['pulse', 'visual'] as const).map((r) => html`<option value=${r} ?selected=${setup?.['reading'] === r}>${st(`bs.f.reading.${r}`)}</option>`)}
                </select>
              </label>
              <label>${st('bs.f.reference')}
                <select data-testid="bs-f-reference" @change=${(e: Event) => this.emit(withReference(this.draft, (e.target as HTMLSelectElement).value as 'balance' | 'master-meter' | 'tank'))}>
                  ${(['balance', 'master-meter', 'tank'] as const).map((k) => html`<option value=${k} ?selected=${referenceKind === k}>${st(`bs.f.reference.${k}`)}</option>`)}
                </select>
              </label>
              <label>${st('bs.f.positions')}
                <input data-testid="bs-f-positions" type="number" min="1" max="40" .value=${String(positionCount(this.draft))}
                  @change=${(e: Event) => this.emit(withPositionCount(this.draft, Number((e.target as HTMLInputElement).value)))} />
              </label>`
          : html`<p class="hint wide">${st('bs.wmb1')}</p>`}
      </div>
      <div class="setup">
        <label>${st('bs.f.setup')} <span class="hint">${st('bs.f.setupHint')}</span>
          <textarea data-testid="bs-setup-text" spellcheck="false" aria-invalid=${String(views.some((v) => !top.has(v.path)))} .value=${this.text}
            @input=${(e: Event) => this.onText((e.target as HTMLTextAreaElement).value)}></textarea>
        </label>
        ${views.length === 0
          ? html`<p class="valid" data-testid="bs-valid">${st('bs.valid')}</p>`
          : html`<p class="err" data-testid="bs-problems">${st('bs.problems', { n: views.length })}</p>${this.renderIssues(views.filter((v) => !top.has(v.path)), 'bs-issues')}`}
      </div>
    `;
  }
}

customElements.define('erjian-bench-config-editor', BenchConfigEditor);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-bench-config-editor': BenchConfigEditor;
  }
}
