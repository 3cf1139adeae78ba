import { LitElement, css, html } from 'lit';
import { normaliseOperatorName } from '../../domain/index.ts';
import { parseBenchConfigText } from '../../bench/config/benchConfig.ts';
import { BenchConfigError } from '../../bench/errors.ts';
import { activeBenchConfig, listBenchConfigs, saveBenchConfig, setActiveBenchConfig, type StoredBenchConfig } from '../../store/index.ts';
import { appStore } from '../appStore.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { locale } from '../i18n/i18n.ts';
import { errorText, shownError } from '../i18n/errorText.ts';
import { checkDraft, copyDraft, type Draft } from './configDraft.ts';
import { downloadConfig } from './configFile.ts';
import { issueViews, type IssueView } from './configIssueText.ts';
import { st } from './messages.ts';
import './config-editor.ts';
import './connection-test.ts';

/** The examples shipped with the app (docs/bench-config.md), read at build time. */
const examples = Object.entries(import.meta.glob<unknown>('../../bench/config/examples/*.json', { eager: true, import: 'default' }))
  .map(([path, config]) => ({ file: path.split('/').pop() ?? path, config }))
  .sort((a, b) => a.file.localeCompare(b.file));
const exampleName = (c: unknown) => (typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string' ? (c as { name: string }).name : '');

/** Shared with the bench screen: the operator's name is typed once per PC. */
const operatorKey = 'erjian.operator';

/**
 * #/settings/bench (issue 14 item 1): this PC's bench configurations — the list with the
 * active one marked, 新建 from an example, the editor, 保存 (a new version, never an
 * overwrite), 设为当前, 导出 / 导入 as `<id>.bench.json`, and 测试连接. The bench screen
 * reads the active configuration (store/benchConfigs.ts `activeBenchConfig`).
 */
export class BenchSettingsView extends LitElement {
  static override properties = {
    configs: { state: true },
    activeId: { state: true },
    draft: { state: true },
    textBroken: { state: true },
    notice: { state: true },
    importIssues: { state: true },
    operator: { state: true },
    example: { state: true },
  };
  declare configs: StoredBenchConfig[];
  declare activeId: string | null;
  declare draft: Draft | null;
  declare textBroken: boolean;
  declare notice: { text: string; bad: boolean } | null;
  declare importIssues: { file: string; views: IssueView[] } | null;
  declare operator: string;
  declare example: string;

  constructor() {
    super();
    new LocaleController(this);
    this.configs = [];
    this.activeId = null;
    this.draft = null;
    this.textBroken = false;
    this.notice = null;
    this.importIssues = null;
    this.operator = readOperator();
    this.example = examples[0]?.file ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  private async reload(): Promise<void> {
    const { db } = await appStore();
    const [configs, active] = await Promise.all([listBenchConfigs(db), activeBenchConfig(db)]);
    this.configs = configs;
    this.activeId = active?.configId ?? null;
  }

  private fail(err: unknown): void {
    this.notice = { text: errorText(shownError(err)), bad: true };
  }

  private newFromExample(): void {
    const ex = examples.find((e) => e.file === this.example);
    if (!ex) return;
    this.draft = copyDraft(ex.config);
    this.textBroken = false;
    this.importIssues = null;
    this.notice = null;
  }

  private async save(): Promise<void> {
    if (this.draft === null) return;
    const who = normaliseOperatorName(this.operator);
    if (who === '') return;
    try {
      const { db } = await appStore();
      const row = await saveBenchConfig(db, this.draft, who);
      rememberOperator(who);
      this.draft = copyDraft(row.config);
      this.notice = { text: st('bs.saved', { name: row.config.name, n: row.version }), bad: false };
      await this.reload();
    } catch (err) {
      this.fail(err);
    }
  }

  private async activate(configId: string): Promise<void> {
    try {
      const { db } = await appStore();
      const row = await setActiveBenchConfig(db, configId, normaliseOperatorName(this.operator) || 'unknown');
      this.notice = { text: st('bs.activated', { name: row.config.name, n: row.version }), bad: false };
      await this.reload();
    } catch (err) {
      this.fail(err);
    }
  }

  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    this.notice = null;
    try {
      this.draft = copyDraft(parseBenchConfigText(text));
      this.importIssues = null;
      this.notice = { text: st('bs.imported', { file: file.name }), bad: false };
    } catch (err) {
      if (!(err instanceof BenchConfigError)) return this.fail(err);
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* a syntax error: nothing to load into the editor */
      }
      if (json !== null && typeof json === 'object') this.draft = copyDraft(json);
      this.importIssues = { file: file.name, views: issueViews(err.issues, locale(), json) };
    }
    this.textBroken = false;
  }

  static override styles = css`
    :host { display: block; }
    h2 { font-size: 1.6rem; margin: 0 0 0.4rem; }
    h3 { font-size: 1.25rem; margin: 1.4rem 0 0.6rem; }
    .lead { color: var(--erjian-muted); font-size: 1.05rem; line-height: 1.6; margin: 0 0 1rem; }
    .card { background: #fff; border-radius: 12px; padding: 1.2rem 1.5rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); margin-bottom: 1.2rem; }
    table { border-collapse: collapse; width: 100%; font-size: 1.1rem; }
    th, td { text-align: left; padding: 0.5rem 0.7rem; border-bottom: 1px solid #dde3ea; }
    tr.active { background: #eef6ee; }
    td.nowrap { white-space: nowrap; }
    .actions { white-space: nowrap; display: flex; gap: 0.4rem; }
    .mark { display: inline-block; background: var(--erjian-ok); color: #fff; border-radius: 6px; padding: 0.1rem 0.6rem; font-weight: 700; margin-left: 0.5rem; }
    .bar { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; margin-top: 1rem; }
    button, .file, select, input { font: inherit; font-size: 1.1rem; padding: 0.45rem 0.9rem; border-radius: 8px; }
    button, .file { border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; font-weight: 700; }
    button.primary { background: var(--erjian-primary); color: #fff; }
    button:disabled { opacity: 0.5; cursor: default; }
    .file input { display: none; }
    select, input { border: 2px solid #c3ccd6; }
    .notice { font-size: 1.15rem; font-weight: 700; color: var(--erjian-ok); }
    .notice.bad, .import-errors { color: var(--erjian-danger); }
    .import-errors ul { margin: 0.3rem 0 0; padding-left: 1.2rem; line-height: 1.6; }
  `;

  private renderList() {
    if (this.configs.length === 0) return html`<p data-testid="bs-none">${st('bs.list.none')}</p>`;
    return html`<table>
      <thead><tr><th>${st('bs.col.name')}</th><th>${st('bs.col.id')}</th><th>${st('bs.col.version')}</th><th>${st('bs.col.saved')}</th><th>${st('bs.col.action')}</th></tr></thead>
      <tbody>
        ${this.configs.map((c) => {
          const active = c.configId === this.activeId;
          return html`<tr class=${active ? 'active' : ''} data-testid="bs-row" data-config-id=${c.configId} data-active=${String(active)}>
            <td>${c.config.name}${active ? html`<span class="mark" data-testid="bs-active-mark">${st('bs.active')}</span>` : ''}</td>
            <td class="nowrap">${c.configId}</td>
            <td class="nowrap">${st('bs.version', { n: c.version })}</td>
            <td class="nowrap">${st('bs.savedBy', { at: new Date(c.savedAt).toLocaleString(locale(), { hour12: false }), who: c.savedBy })}</td>
            <td><div class="actions">
              <button data-testid="bs-edit" @click=${() => ((this.draft = copyDraft(c.config)), (this.importIssues = null), (this.textBroken = false))}>${st('bs.edit')}</button>
              <button data-testid="bs-set-active" ?disabled=${active} @click=${() => void this.activate(c.configId)}>${st('bs.setActive')}</button>
              <button data-testid="bs-export-row" @click=${() => downloadConfig(c.config)}>${st('bs.export')}</button>
            </div></td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderEditor(draft: Draft) {
    const checked = checkDraft(draft);
    const valid = checked.ok && !this.textBroken;
    const who = normaliseOperatorName(this.operator);
    const saved = checked.ok ? this.configs.find((c) => c.configId === checked.config.id) : undefined;
    return html`<section class="card" data-testid="bs-editor">
      <h3>${st('bs.editor.heading', { name: typeof draft['name'] === 'string' ? draft['name'] : '' })}</h3>
      <erjian-bench-config-editor .draft=${draft} @draft-change=${(e: CustomEvent<Draft>) => (this.draft = e.detail)} @text-broken=${(e: CustomEvent<boolean>) => (this.textBroken = e.detail)}></erjian-bench-config-editor>
      <div class="bar">
        <label>${st('bs.operator')} <input data-testid="bs-operator" placeholder=${st('bs.operatorHint')} .value=${this.operator} @input=${(e: Event) => (this.operator = (e.target as HTMLInputElement).value)} /></label>
        <button class="primary" data-testid="bs-save" ?disabled=${!valid || who === ''} @click=${() => void this.save()}>${st('bs.save')}</button>
        <button data-testid="bs-activate-draft" ?disabled=${saved === undefined || saved.configId === this.activeId} @click=${() => saved && void this.activate(saved.configId)}>${st('bs.setActive')}</button>
        <button data-testid="bs-export" ?disabled=${!valid} @click=${() => checked.ok && downloadConfig(checked.config)}>${st('bs.export')}</button>
        <button data-testid="bs-close" @click=${() => (this.draft = null)}>${st('bs.close')}</button>
      </div>
      <erjian-connection-test .config=${valid && checked.ok ? checked.config : null}></erjian-connection-test>
    </section>`;
  }

  override render() {
    return html`
      <section class="card">
        <h2>${st('bs.heading')}</h2>
        <p class="lead">${st('bs.lead')}</p>
        <h3>${st('bs.list.heading')}</h3>
        ${this.renderList()}
        <div class="bar">
          <label>${st('bs.newFrom')}
            <select data-testid="bs-example" @change=${(e: Event) => (this.example = (e.target as HTMLSelectElement).value)}>
              ${examples.map((x) => html`<option value=${x.file} ?selected=${x.file === this.example}>${exampleName(x.config) || x.file}</option>`)}
            </select>
          </label>
          <button class="primary" data-testid="bs-new" ?disabled=${examples.length === 0} @click=${() => this.newFromExample()}>${st('bs.new')}</button>
          <label class="file" data-testid="bs-import">${st('bs.import')}
            <input type="file" accept=".json,application/json" data-testid="bs-import-file" @change=${(e: Event) => void this.importFile(e.target as HTMLInputElement)} />
          </label>
        </div>
        ${this.notice ? html`<p class="notice ${this.notice.bad ? 'bad' : ''}" data-testid="bs-notice" role="status">${this.notice.text}</p>` : ''}
        ${this.importIssues
          ? html`<div class="import-errors" data-testid="bs-import-errors">
              <p>${st('bs.importErrors', { file: this.importIssues.file, n: this.importIssues.views.length })}</p>
              <ul>${this.importIssues.views.map((v) => html`<li data-testid="bs-import-issue" data-path=${v.path}><b>${v.field}</b>${locale() === 'en' ? ': ' : '：'}${v.sentence}</li>`)}</ul>
            </div>`
          : ''}
      </section>
      ${this.draft ? this.renderEditor(this.draft) : ''}
    `;
  }
}

function readOperator(): string {
  try {
    return normaliseOperatorName(localStorage.getItem(operatorKey) ?? '');
  } catch {
    return '';
  }
}

function rememberOperator(name: string): void {
  try {
    localStorage.setItem(operatorKey, name);
  } catch {
    /* not remembered: typed again next time */
  }
}

customElements.define('erjian-bench-settings', BenchSettingsView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-bench-settings': BenchSettingsView;
  }
}
